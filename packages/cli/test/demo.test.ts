import { describe, expect, it } from 'vitest';
import { countFills, freshDir, paperFills, runCli, runJson } from './run-cli.js';

describe('forced-cleanup run --demo', () => {
  it('dry run shows the seed figures and trades nothing', () => {
    const state = freshDir();
    const { result, report } = runJson(['run', '--demo', '--dry-run', '--state', state]);
    expect(result.status).toBe(0);
    const platform = report.owners.find((owner) => owner.owner === 'platform');
    expect(platform).toMatchObject({ cap: 8, initial: 59, dustClosed: 45, capClosed: 6, final: 8, expectedFinal: 8, capEnforced: true });
    const user123 = report.owners.find((owner) => owner.owner === 'user:user_123');
    expect(user123).toMatchObject({ initial: 9, dustClosed: 0, capClosed: 1, final: 8 });
    const btc = report.actions.filter((action) => action.owner === 'user:user_123');
    expect(btc).toHaveLength(1);
    expect(btc[0]).toMatchObject({ accountId: 'user_user_123_coinbase', symbol: 'BTC-USD', reason: 'cap', rank: 1, outcome: 'WIN', status: 'planned' });
    expect(btc[0]?.usdValue).toBeCloseTo(5, 6);
    expect(btc[0]?.pnlPct).toBeCloseTo(2.5, 2);
    expect(report.actions.every((action) => action.status === 'planned')).toBe(true);
    expect(report.dryRun).toBe(true);
    expect(countFills(state)).toBe(0);
  });

  it('human dry run prints the seed log lines and the FINAL SUMMARY', () => {
    const result = runCli(['--demo', '--dry-run']);
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('FORCED CLEANUP TRIGGERED: STARTUP');
    expect(out).toContain('[DUST][FORCED] SHIB-USD');
    expect(out).toMatch(/Reason: Dust position \(\$0\.43 < \$1\.00\)/);
    expect(out).toContain('Position cap exceeded: 14/8');
    expect(out).toContain('[CAP_EXCEEDED][FORCED] ATOM-USD');
    expect(out).toMatch(/\[CAP_EXCEEDED\]\[FORCED\] BTC-USD\n {3}Account: user_user_123_coinbase\n {3}Reason: Position cap exceeded \(9\/8\)/);
    expect(out).toContain('OUTCOME = WIN');
    expect(out).toContain('FINAL SUMMARY');
    expect(out).toMatch(/PLATFORM SUMMARY \(dry run\):\n {6}Initial: 59 positions\n {6}Dust closed: 45\n {6}Cap excess closed: 6\n {6}Final: 8 positions/);
    // Totals over all owners: the platform's 45 dust, user_789's 6 (the dust note's bot).
    expect(out).toMatch(/Dust positions closed \(would be\): 51/);
    expect(out).toMatch(/Open orders cancelled \(would be\): 0/);
    expect(out).toContain('[UNPRICED] XYZ-USD');
    expect(out).toContain('[STUCK] SPELL-USD');
    expect(out).toContain('[OPEN_ORDERS] LTC-USD');
  });

  it('--yes executes the plan on the paper state, and a second run finds nothing to do', () => {
    const state = freshDir();
    const first = runJson(['--demo', '--yes', '--state', state]);
    expect(first.result.status).toBe(0);
    expect(first.report.summary).toMatchObject({ dustClosed: 51, capExcessClosed: 9, failed: 0, reducedBy: 60 });
    expect(first.report.actions.every((action) => action.status === 'closed')).toBe(true);
    const platform = first.report.owners.find((owner) => owner.owner === 'platform');
    expect(platform).toMatchObject({ final: 8, differences: [] });
    expect(countFills(state)).toBe(60);
    const btcFills = paperFills(state)['user_user_123_coinbase'] as Array<{ symbol: string }>;
    expect(btcFills.map((fill) => fill.symbol)).toEqual(['BTC-USD']);

    const second = runJson(['--demo', '--yes', '--state', state]);
    expect(second.result.status).toBe(0);
    expect(second.report.actions).toHaveLength(0);
    expect(second.report.summary.finalPositions).toBe(first.report.summary.finalPositions);
    expect(countFills(state)).toBe(60);
  });

  it('--include-open-orders shows [WOULD_CANCEL] in a dry run and cancels before selling in a real run', () => {
    const dry = runCli(['--demo', '--dry-run', '--include-open-orders']);
    expect(dry.stdout).toContain('[OPEN_ORDER][WOULD_CANCEL] Order ord-456-pepe on PEPE-USD');
    expect(dry.stdout).toContain('[OPEN_ORDER][WOULD_CANCEL] Order ord-456-ltc on LTC-USD');

    const state = freshDir();
    const { report } = runJson(['--demo', '--yes', '--include-open-orders', '--state', state]);
    expect(report.mode).toBe('always');
    expect(report.summary.openOrdersCancelled).toBe(2);
    const pepe = report.actions.find((action) => action.symbol === 'PEPE-USD');
    expect(pepe).toMatchObject({ status: 'closed', ordersCancelled: ['ord-456-pepe'] });
  });
});
