import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPaperState, writePaperState } from '@forced-cleanup/broker-paper';
import { createForcedCleanup, type HookEvent, type RunOutcome } from '../src/index.js';
import { deferred, freshStateDir, nextEvent, paperAccount, positionsWorth, RecordingTracker, recordingLogger } from './helpers.js';

const dust = (symbol: string) => ({ symbol, quantity: 1, price: 0.5 });
const order = (id: string, symbol: string) => ({ id, symbol, side: 'sell', quantity: 1, price: 9 });

describe('when runs happen', () => {
  it('runs at startup and every intervalCycles cycles; other cycles are not due', async () => {
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', [dust('D-USD')])], intervalCycles: 3, stateDir: freshStateDir(), logger: recordingLogger() });
    const triggered: HookEvent[] = [];
    hook.on((event) => event.type === 'run_triggered' && triggered.push(event));
    expect(await hook.onStartup()).toMatchObject({ status: 'completed', trigger: 'startup', report: { startup: true } });
    const outcomes: RunOutcome[] = [];
    for (let cycle = 1; cycle <= 7; cycle++) outcomes.push(await hook.onCycle(cycle));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['not_due', 'not_due', 'completed', 'not_due', 'not_due', 'completed', 'not_due']);
    expect(triggered).toEqual([
      { type: 'run_triggered', trigger: 'startup', cycle: null, startup: true, dryRun: false },
      { type: 'run_triggered', trigger: 'cycle', cycle: 3, startup: false, dryRun: false },
      { type: 'run_triggered', trigger: 'cycle', cycle: 6, startup: false, dryRun: false },
    ]);
    expect(await hook.onStartup()).toMatchObject({ status: 'skipped', reason: 'startup_done' });
    await hook.close();
  });

  it('intervalCycles 0 runs at startup only; a nonsense cycle number is ignored, not thrown', async () => {
    const logger = recordingLogger();
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', [])], intervalCycles: 0, stateDir: freshStateDir(), logger });
    expect(await hook.onCycle(20)).toMatchObject({ status: 'not_due' });
    expect(await hook.onCycle(Number.NaN)).toMatchObject({ status: 'not_due' });
    expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes('onCycle(NaN) ignored'))).toBe(true);
    await hook.close();
  });

  it('a dry-run preview does not use up the startup run', async () => {
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', [dust('D-USD')])], stateDir: freshStateDir(), logger: recordingLogger() });
    expect(await hook.runNow({ dryRun: true })).toMatchObject({ status: 'completed', report: { dryRun: true, startup: true, actions: [{ status: 'planned' }] } });
    expect(await hook.onStartup()).toMatchObject({ status: 'completed', report: { dryRun: false, startup: true, actions: [{ status: 'closed' }] } });
    expect(await hook.runNow()).toMatchObject({ status: 'completed', report: { startup: false } });
    await hook.close();
  });
});

describe('log lines', () => {
  it("logs the run in the seed's words, with what it left alone", async () => {
    const logger = recordingLogger();
    const accounts = [paperAccount('a', 'platform', [dust('D1-USD'), dust('D2-USD')], { openOrders: [order('o1', 'D2-USD')] })];
    const hook = createForcedCleanup({ accounts, stateDir: freshStateDir(), logger });
    await hook.onStartup();
    const lines = logger.lines.filter((line) => !line.message.startsWith('paper'));
    expect(lines).toEqual([
      { level: 'info', message: 'forced cleanup triggered: STARTUP' },
      { level: 'info', message: '[DUST][FORCED] D1-USD CLOSED: PROFIT_STATUS = PENDING → CONFIRMED, OUTCOME = UNKNOWN' },
      { level: 'info', message: 'forced cleanup complete: reduced by 1, 0 failed, 1 left alone (open_orders)' },
    ]);
    await hook.close();
  });
});

describe('nuclear mode', () => {
  it('cancels open orders in the startup run only; later runs skip positions with open orders', async () => {
    const stateDir = freshStateDir();
    const accounts = [paperAccount('a', 'platform', [dust('D1-USD'), dust('D2-USD')], { openOrders: [order('o1', 'D1-USD')] })];
    const hook = createForcedCleanup({ accounts, cancelOpenOrders: true, startupOnly: true, intervalCycles: 1, stateDir, logger: recordingLogger() });
    const startup = await hook.onStartup();
    expect(startup).toMatchObject({ status: 'completed', report: { mode: 'nuclear', summary: { openOrdersCancelled: 1, dustClosed: 2 } } });

    // The bot buys another small position and rests an order on it.
    const state = await readPaperState(stateDir, 'a');
    await writePaperState(stateDir, 'a', { ...state, positions: [...state!.positions, { ...dust('D3-USD') }], openOrders: [order('o2', 'D3-USD')] });
    const periodic = await hook.onCycle(1);
    expect(periodic).toMatchObject({ status: 'completed', report: { startup: false, summary: { openOrdersCancelled: 0 } } });
    if (periodic.status !== 'completed') return;
    expect(periodic.report.skipped).toEqual([expect.objectContaining({ asset: 'D3', reason: 'open_orders' })]);
    expect((await readPaperState(stateDir, 'a'))!.openOrders.map((o) => o.id)).toEqual(['o2']);
    await hook.close();
  });
});

describe('runs never overlap', () => {
  it('a due cycle arriving during a run is skipped and reported, never queued', async () => {
    const tracker = new RecordingTracker();
    const slow = deferred();
    tracker.hold = slow.promise;
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', [dust('D-USD')])], intervalCycles: 2, tracker, stateDir: freshStateDir(), logger: recordingLogger() });
    const events: HookEvent[] = [];
    hook.on((event) => events.push(event));

    const first = hook.onCycle(2);
    expect(hook.running).toBe(true);
    expect(await hook.onCycle(4)).toEqual({ status: 'skipped', trigger: 'cycle', cycle: 4, reason: 'run_in_progress' });
    expect(await hook.runNow()).toMatchObject({ status: 'skipped', reason: 'run_in_progress' });
    expect(await hook.onCycle(5)).toMatchObject({ status: 'not_due' });
    slow.resolve();
    expect(await first).toMatchObject({ status: 'completed', cycle: 2 });
    expect(hook.running).toBe(false);
    expect(events.filter((event) => event.type === 'cycle_skipped')).toEqual([{ type: 'cycle_skipped', cycle: 4, reason: 'run_in_progress' }]);
    expect(events.filter((event) => event.type === 'run_started')).toHaveLength(1);
    expect(await hook.onCycle(6)).toMatchObject({ status: 'completed', cycle: 6 });
    await hook.close();
  });
});

describe('nothing reaches the bot', () => {
  it('an exchange failure mid-run becomes a failed action, an event and a log line', async () => {
    const logger = recordingLogger();
    const accounts = [
      paperAccount('flaky', 'platform', [dust('D1-USD'), dust('D2-USD')], { faults: [{ call: 'placeMarketSell', nth: 1, fault: 'error', code: 'exchange_unavailable' }] }),
      paperAccount('fine', 'user:u', [dust('D3-USD')]),
    ];
    const hook = createForcedCleanup({ accounts, stateDir: freshStateDir(), logger });
    const outcome = await hook.onStartup();
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    const states = Object.fromEntries(outcome.report.actions.map((action) => [action.asset, action.status]));
    expect(states).toEqual({ D1: 'failed', D2: 'closed', D3: 'closed' });
    expect(logger.lines.some((line) => line.level === 'error' && line.message.includes('injected fault'))).toBe(true);
    await hook.close();
  });

  it('a run that cannot start (the lock is held) is a failed outcome, logged as a warning', async () => {
    const stateDir = freshStateDir();
    writeFileSync(join(stateDir, 'cleanup.lock'), JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    const logger = recordingLogger();
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', [dust('D-USD')])], stateDir, logger });
    expect(await hook.onStartup()).toMatchObject({ status: 'failed', error: { code: 'lock_held' } });
    expect(logger.lines).toContainEqual({ level: 'warn', message: expect.stringContaining('another cleanup is running') });
    await hook.close();
  });

  it('a throwing listener, logger or tracker never stops a run', async () => {
    const explode = () => {
      throw new Error('boom');
    };
    const tracker = new RecordingTracker();
    tracker.onCloseConfirmed = explode;
    const hook = createForcedCleanup({
      accounts: [paperAccount('a', 'platform', [dust('D-USD')])],
      stateDir: freshStateDir(),
      logger: { info: explode, warn: explode, error: explode },
      tracker,
    });
    const seen: string[] = [];
    hook.on(explode);
    hook.on((event) => seen.push(event.type));
    const outcome = await hook.onStartup();
    expect(outcome).toMatchObject({ status: 'completed', report: { actions: [{ status: 'closed' }] } });
    expect(seen).toContain('tracker_failed');
    expect(seen.at(-1)).toBe('run_finished');
    await hook.close();
  });
});

describe('close()', () => {
  it('aborts a running cleanup through its signal and releases the lock', async () => {
    const stateDir = freshStateDir();
    const accounts = [paperAccount('slow', 'platform', positionsWorth('A', 2, 0.5), { latencyMs: 600_000 })];
    const hook = createForcedCleanup({ accounts, stateDir, logger: recordingLogger() });
    const reading = nextEvent((listener) => hook.on(listener), 'account_reading');
    const run = hook.onStartup();
    await reading;
    expect(existsSync(join(stateDir, 'cleanup.lock'))).toBe(true);
    await hook.close();
    const outcome = await run;
    expect(outcome.status).toBe('completed');
    if (outcome.status === 'completed') expect(outcome.report.accounts[0]).toMatchObject({ state: 'unreadable', error: { code: 'aborted' } });
    expect(existsSync(join(stateDir, 'cleanup.lock'))).toBe(false);
    expect(await hook.onCycle(20)).toMatchObject({ status: 'skipped', reason: 'closed' });
    expect(await hook.runNow()).toMatchObject({ status: 'skipped', reason: 'closed' });
    // The lock is free: another hook (another process, in real life) runs on the same state directory.
    const next = createForcedCleanup({ accounts: [paperAccount('slow', 'platform', [])], stateDir, logger: recordingLogger() });
    expect(await next.onStartup()).toMatchObject({ status: 'completed', report: { actions: [{ status: 'closed' }, { status: 'closed' }] } });
    await next.close();
  });
});
