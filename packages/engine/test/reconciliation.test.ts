import { beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../src/index.js';
import { optionsFor, resetBrokerCalls, scripted } from './helpers.js';

describe('final reconciliation', () => {
  beforeEach(resetBrokerCalls);

  it('reports a close reported filled whose holding is still there', async () => {
    const accounts = [
      scripted('acct', 'platform', {
        balances: { A: 1, B: 1, C: 1 },
        prices: { 'A-USD': 2, 'B-USD': 3, 'C-USD': 4 },
        fillWithoutRemoving: ['A'],
      }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts, { maxPositions: 2 }), dryRun: false });
    expect(report.actions[0]).toMatchObject({ asset: 'A', status: 'closed' });
    const owner = report.owners[0];
    expect(owner).toMatchObject({ expectedFinal: 2, final: 3 });
    expect(owner?.differences).toEqual([expect.objectContaining({ accountId: 'acct', asset: 'A', expected: 'closed', found: 'counted' })]);
  });

  it('final counts come from the re-read of every processed account', async () => {
    const accounts = [
      scripted('p1', 'platform', { balances: { A: 1, B: 1, DUST: 1 }, prices: { 'A-USD': 2, 'B-USD': 3, 'DUST-USD': 0.5 } }),
      scripted('p2', 'platform', { balances: { C: 1 }, prices: { 'C-USD': 4 } }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts, { maxPositions: 2 }), dryRun: false });
    expect(report.owners[0]).toMatchObject({ initial: 4, dustClosed: 1, capClosed: 1, final: 2, expectedFinal: 2, differences: [] });
    expect(report.summary).toMatchObject({ accountsProcessed: 2, initialPositions: 4, reducedBy: 2, finalPositions: 2 });
  });
});
