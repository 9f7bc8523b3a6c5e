import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadBrokerPlugin, openCleanup, runCleanup } from '../src/index.js';
import { brokerCalls, optionsFor, resetBrokerCalls, scripted } from './helpers.js';

describe('loading broker plugins', () => {
  it('loads the built-in paper broker by name and a plugin by path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-plugins-'));
    const paper = await loadBrokerPlugin('paper', { configDir: dir, searchDirs: [new URL('..', import.meta.url).pathname] });
    expect(paper.name).toBe('paper');
    writeFileSync(join(dir, 'mine.mjs'), "export default { name: 'mine', contractVersion: 1, async connect() { throw new Error('x'); } };");
    const mine = await loadBrokerPlugin('./mine.mjs', { configDir: dir, searchDirs: [] });
    expect(mine.name).toBe('mine');
  });

  it.each([
    ["export default { name: 'old', contractVersion: 0, connect() {} };", 'contract version 0'],
    ['export const something = 1;', 'is not a broker plugin'],
    ['this is not javascript', 'failed to load'],
  ])('rejects a bad plugin module with invalid_config (%s)', async (source, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-plugins-'));
    writeFileSync(join(dir, 'bad.mjs'), source);
    await expect(loadBrokerPlugin('./bad.mjs', { configDir: dir, searchDirs: [] })).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining(message) });
  });

  it('an unknown broker name is a configuration error that stops the whole run before any read', async () => {
    resetBrokerCalls();
    const accounts = [scripted('good', 'platform', { balances: { A: 1 }, prices: { 'A-USD': 0.5 } }), { id: 'bad', owner: 'platform', broker: 'no-such-broker' }];
    await expect(openCleanup(optionsFor(accounts))).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining('no-such-broker') });
    expect(brokerCalls()).toEqual([]);
  });
});

describe('account isolation', () => {
  beforeEach(resetBrokerCalls);

  it('malformed broker data makes that account unreadable; nothing is traded on it; the others proceed', async () => {
    const accounts = [
      scripted('broken', { user: 'u' }, { malformedBalances: true, prices: { 'BTC-USD': 1 } }),
      scripted('fine', { user: 'u' }, { balances: { A: 1, B: 1 }, prices: { 'A-USD': 0.5, 'B-USD': 5 } }),
      scripted('other', 'platform', { balances: { C: 1 }, prices: { 'C-USD': 0.5 } }),
    ];
    const options = optionsFor(accounts, { maxPositions: 0 });
    const report = await runCleanup({ ...options, dryRun: false });
    expect(report.accounts.find((account) => account.accountId === 'broken')).toMatchObject({ state: 'unreadable', error: { code: 'malformed_response' } });
    const user = report.owners.find((owner) => owner.owner === 'user:u');
    expect(user).toMatchObject({ capEnforced: false, dustClosed: 1, capClosed: 0 });
    expect(report.actions.map((action) => action.asset).sort()).toEqual(['A', 'C']);
    expect(brokerCalls().filter((call) => call.accountId === 'broken' && call.kind !== 'read')).toEqual([]);
    expect(options.events.some((event) => event.type === 'account_unreadable' && event.accountId === 'broken')).toBe(true);
  });

  it('a connection failure (bad credentials) is per account', async () => {
    const accounts = [scripted('nokey', 'platform', { connectError: 'auth_failed' }), scripted('ok', { user: 'v' }, { balances: { A: 1 }, prices: { 'A-USD': 0.5 } })];
    const report = await runCleanup({ ...optionsFor(accounts), dryRun: false });
    expect(report.accounts).toEqual([
      expect.objectContaining({ accountId: 'nokey', state: 'unreadable', error: expect.objectContaining({ code: 'auth_failed', retryable: false }) }),
      expect.objectContaining({ accountId: 'ok', state: 'ok' }),
    ]);
    expect(report.actions).toEqual([expect.objectContaining({ accountId: 'ok', status: 'closed' })]);
  });

  it('events tell the story in order: PENDING before CONFIRMED with the outcome', async () => {
    const accounts = [scripted('acct', 'platform', { balances: { A: 1 }, prices: { 'A-USD': 0.5 } })];
    const options = optionsFor(accounts);
    await runCleanup({ ...options, dryRun: false });
    const types = options.events.map((event) => event.type);
    expect(types).toEqual(['run_started', 'account_reading', 'account_read', 'plan_made', 'position_closing', 'position_closed', 'reconciled', 'run_finished']);
    const closed = options.events.find((event) => event.type === 'position_closed');
    expect(closed).toMatchObject({ profitStatus: 'CONFIRMED', outcome: 'UNKNOWN' });
  });

  it('a listener that throws never stops the run', async () => {
    const accounts = [scripted('acct', 'platform', { balances: { A: 1 }, prices: { 'A-USD': 0.5 } })];
    const report = await runCleanup({
      ...optionsFor(accounts),
      onEvent: () => {
        throw new Error('listener bug');
      },
      dryRun: false,
    });
    expect(report.actions[0]?.status).toBe('closed');
  });
});
