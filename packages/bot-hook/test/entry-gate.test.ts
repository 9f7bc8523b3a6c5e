import { describe, expect, it } from 'vitest';
import { readPaperState, writePaperState } from '@forced-cleanup/broker-paper';
import { createForcedCleanup, type HookEvent } from '../src/index.js';
import { freshStateDir, paperAccount, positionsWorth, recordingLogger } from './helpers.js';

const USER = 'user:user_123';

/** A user with `coinbase` counted positions on one exchange and `kraken` on another (plus extras). */
function userAcrossTwoExchanges(coinbase: number, kraken: number, extraKraken: { symbol: string; quantity: number; price: number }[] = []) {
  return [
    paperAccount('user_user_123_coinbase', USER, positionsWorth('C', coinbase, 5)),
    paperAccount('user_user_123_kraken', USER, [...positionsWorth('K', kraken, 7), ...extraKraken]),
    paperAccount('platform_coinbase', 'platform', positionsWorth('P', 3, 20)),
  ];
}

describe('canOpenPosition: the preventive cap, per owner across exchanges', () => {
  it('blocks the ninth counted position of a user whose eight are spread over two exchanges', async () => {
    const hook = createForcedCleanup({ accounts: userAcrossTwoExchanges(5, 3), stateDir: freshStateDir(), logger: recordingLogger() });
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: false, counted: 8, cap: 8, freeSlots: 0 });
    // The platform is another owner with its own cap.
    expect(await hook.canOpenPosition('platform')).toMatchObject({ allowed: true, counted: 3, cap: 8, freeSlots: 5 });
    await hook.close();
  });

  it('allows it when the extra positions are dust, stuck or unpriced (none of them count)', async () => {
    const extras = [
      { symbol: 'DUSTA-USD', quantity: 1, price: 0.4 },
      { symbol: 'DUSTB-USD', quantity: 100, price: 0.009 },
      { symbol: 'NOPRICE-USD', quantity: 3, price: 0 },
    ];
    const hook = createForcedCleanup({ accounts: userAcrossTwoExchanges(4, 3, extras), stateDir: freshStateDir(), logger: recordingLogger() });
    const decision = await hook.canOpenPosition(USER);
    expect(decision).toMatchObject({ allowed: true, counted: 7, cap: 8, freeSlots: 1 });
    expect(decision.asOf).toEqual(expect.any(String));
    await hook.close();
  });

  it('protected positions do not count, and a per-owner cap applies', async () => {
    const hook = createForcedCleanup({
      accounts: userAcrossTwoExchanges(5, 3),
      protect: { [USER]: ['C0', 'C1'] },
      maxPositionsByOwner: { [USER]: 7 },
      stateDir: freshStateDir(),
      logger: recordingLogger(),
    });
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: true, counted: 6, cap: 7, freeSlots: 1 });
    await hook.close();
  });

  it('answers from the cached snapshot until it is older than entryGateMaxAgeMs, then reads again', async () => {
    const stateDir = freshStateDir();
    const accounts = [paperAccount('acct', 'platform', positionsWorth('A', 8, 5))];
    const cached = createForcedCleanup({ accounts, stateDir, entryGateMaxAgeMs: 3_600_000, logger: recordingLogger() });
    const first = cached.canOpenPosition('platform');
    expect(await first).toMatchObject({ allowed: false, counted: 8 });
    // Another process sells two positions on the exchange.
    const state = await readPaperState(stateDir, 'acct');
    await writePaperState(stateDir, 'acct', { ...state, positions: state!.positions.slice(2) });
    // Fresh enough: the cached answer (the very same settled promise each time), not a new read.
    const second = cached.canOpenPosition('platform');
    expect(await second).toMatchObject({ allowed: false, counted: 8 });
    expect(cached.canOpenPosition('platform')).toBe(second);

    const alwaysFresh = createForcedCleanup({ accounts, stateDir, entryGateMaxAgeMs: 0, logger: recordingLogger() });
    expect(await alwaysFresh.canOpenPosition('platform')).toMatchObject({ allowed: true, counted: 6, freeSlots: 2 });
    await Promise.all([cached.close(), alwaysFresh.close()]);
  });

  it("counts the bot's own entries at once, until a read sees them on the exchange", async () => {
    const stateDir = freshStateDir();
    const hook = createForcedCleanup({ accounts: userAcrossTwoExchanges(4, 3), stateDir, entryGateMaxAgeMs: 3_600_000, logger: recordingLogger() });
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: true, counted: 7, freeSlots: 1 });
    // The bot buys on Kraken and says so.
    const state = await readPaperState(stateDir, 'user_user_123_kraken');
    await writePaperState(stateDir, 'user_user_123_kraken', { ...state, positions: [...state!.positions, { symbol: 'NEW-USD', quantity: 1, price: 9 }] });
    hook.notePositionOpened(USER);
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: false, counted: 8, freeSlots: 0 });
    expect(await hook.canOpenPosition('platform')).toMatchObject({ counted: 3 });
    // A run reads the accounts after the entry: the position is counted once, from the exchange.
    expect(await hook.runNow({ dryRun: true })).toMatchObject({ status: 'completed' });
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: false, counted: 8 });
    await hook.close();
  });

  it('after a real run changed the accounts, the next answer reads them again', async () => {
    const hook = createForcedCleanup({ accounts: userAcrossTwoExchanges(6, 4), stateDir: freshStateDir(), entryGateMaxAgeMs: 3_600_000, logger: recordingLogger() });
    const seen: HookEvent[] = [];
    hook.on((event) => event.type === 'entry_gate_refreshed' && seen.push(event));
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: false, counted: 10 });
    expect(await hook.onStartup()).toMatchObject({ status: 'completed', report: { summary: { capExcessClosed: 2 } } });
    expect(await hook.canOpenPosition(USER)).toMatchObject({ allowed: false, counted: 8 });
    // One read for the first question, one by the run (before it sold), one after the run.
    expect(seen).toHaveLength(3);
    await hook.close();
  });

  it('blocks an owner whose count is unknown: an unreadable account, or no configured account at all', async () => {
    const logger = recordingLogger();
    const accounts = [
      paperAccount('user_a_ok', 'user:a', positionsWorth('X', 2, 5)),
      paperAccount('user_a_down', 'user:a', [], { faults: [{ call: 'fetchBalances', fault: 'error', code: 'auth_failed' }] }),
      paperAccount('user_b', 'user:b', positionsWorth('Y', 2, 5)),
    ];
    const hook = createForcedCleanup({ accounts, stateDir: freshStateDir(), logger });
    const events: HookEvent[] = [];
    hook.on((event) => events.push(event));
    expect(await hook.canOpenPosition('user:a')).toMatchObject({ allowed: false, counted: null, freeSlots: 0 });
    expect(await hook.canOpenPosition('user:b')).toMatchObject({ allowed: true, counted: 2 });
    expect(await hook.canOpenPosition('user:nobody')).toMatchObject({ allowed: false, counted: null });
    expect(events).toContainEqual({ type: 'entry_gate_refreshed', takenAt: expect.any(String), unknownOwners: ['user:a'] });
    expect(logger.lines.filter((line) => line.message.includes('user:nobody'))).toHaveLength(1);
    await hook.close();
  });

  it('blocks every owner when the accounts cannot be read, and says so', async () => {
    const accounts = [paperAccount('acct', 'platform', positionsWorth('A', 1, 5), { faults: [{ call: 'connect', fault: 'error', code: 'auth_failed' }] })];
    const hook = createForcedCleanup({ accounts, stateDir: freshStateDir(), logger: recordingLogger() });
    // A connect failure makes the account unreadable; the owner's total is unknown.
    expect(await hook.canOpenPosition('platform')).toMatchObject({ allowed: false, counted: null });
    await hook.close();
    // After close, entries are blocked without any read.
    expect(await hook.canOpenPosition('platform')).toMatchObject({ allowed: false, counted: null, asOf: null });
  });

  it('a read that fails outright (bad broker options) blocks entries and is reported, never thrown', async () => {
    const accounts = [{ id: 'acct', owner: 'platform', broker: 'paper', paper: { latencyMs: -5 } }];
    const hook = createForcedCleanup({ accounts, stateDir: freshStateDir(), logger: recordingLogger() });
    const events: HookEvent[] = [];
    hook.on((event) => events.push(event));
    expect(await hook.canOpenPosition('platform')).toMatchObject({ allowed: false, counted: null, asOf: null });
    expect(events).toEqual([{ type: 'entry_gate_refresh_failed', error: expect.objectContaining({ code: 'invalid_config' }) }]);
    await hook.close();
  });
});
