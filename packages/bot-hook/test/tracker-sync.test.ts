import { describe, expect, it } from 'vitest';
import { createForcedCleanup, type HookEvent, type TrackedPosition } from '../src/index.js';
import { freshStateDir, paperAccount, RecordingTracker, recordingLogger } from './helpers.js';

/** Four dust positions at $0.50 whose only entry price is the tracker's. */
const dustAt50c = ['WIN', 'LOSS', 'EVEN', 'NOENTRY'].map((asset) => ({ symbol: `${asset}-USD`, quantity: 1, price: 0.5 }));

describe('position tracker sync', () => {
  it('the tracker supplies entry prices; every close comes back PENDING → CONFIRMED with its outcome and proceeds', async () => {
    const tracker = new RecordingTracker();
    tracker.positions = [
      { accountId: 'a', asset: 'WIN', entryPrice: 0.4, openedAt: '2026-01-01T00:00:00Z' },
      { accountId: 'a', symbol: 'LOSS-USD', entryPrice: 0.8 },
      { accountId: 'a', asset: 'EVEN', entryPrice: 0.5, openedAt: new Date('2026-01-02T00:00:00Z') },
      { accountId: 'a', asset: 'NOENTRY', entryPrice: null },
    ];
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', dustAt50c)], tracker, stateDir: freshStateDir(), logger: recordingLogger() });
    const outcome = await hook.onStartup();
    expect(outcome.status).toBe('completed');

    const byAsset = (asset: string) => tracker.calls.filter((call) => call.asset === asset).map((call) => call.profitStatus);
    for (const asset of ['WIN', 'LOSS', 'EVEN', 'NOENTRY']) expect(byAsset(asset)).toEqual(['PENDING', 'CONFIRMED']);
    const confirmed = Object.fromEntries(tracker.calls.flatMap((call) => (call.profitStatus === 'CONFIRMED' ? [[call.asset, call]] : [])));
    expect(confirmed['WIN']).toMatchObject({ outcome: 'WIN', pnlPct: expect.closeTo(25, 6), proceedsUsd: expect.closeTo(0.5, 9), reason: 'dust', previousProfitStatus: 'PENDING' });
    expect(confirmed['LOSS']).toMatchObject({ outcome: 'LOSS', pnlPct: expect.closeTo(-37.5, 6) });
    expect(confirmed['EVEN']).toMatchObject({ outcome: 'BREAKEVEN', pnlPct: 0 });
    expect(confirmed['NOENTRY']).toMatchObject({ outcome: 'UNKNOWN', pnlPct: null, proceedsUsd: expect.closeTo(0.5, 9) });
    // Every close the report has, the tracker has, with the same order id and outcome.
    if (outcome.status === 'completed') {
      for (const action of outcome.report.actions) {
        expect(confirmed[action.asset]).toMatchObject({ orderId: action.orderId, outcome: action.outcome, runId: outcome.report.runId });
      }
    }
    // The tracker dropped what was closed: the next run finds it in sync.
    expect(tracker.positions).toEqual([]);
    await hook.close();
  });

  it('a close that was announced PENDING and then failed goes back to the tracker as not done', async () => {
    const tracker = new RecordingTracker();
    tracker.positions = [{ accountId: 'a', asset: 'WIN', entryPrice: 0.4 }];
    const accounts = [paperAccount('a', 'platform', [dustAt50c[0]!], { faults: [{ call: 'placeMarketSell', fault: 'error', code: 'insufficient_funds' }] })];
    const hook = createForcedCleanup({ accounts, tracker, stateDir: freshStateDir(), logger: recordingLogger() });
    await hook.onStartup();
    expect(tracker.calls).toEqual([
      expect.objectContaining({ asset: 'WIN', profitStatus: 'PENDING' }),
      expect.objectContaining({ asset: 'WIN', profitStatus: 'OPEN', status: 'failed', statusReason: 'insufficient_funds', error: expect.objectContaining({ code: 'insufficient_funds' }) }),
    ]);
    await hook.close();
  });

  it('reports phantom (tracked, not held) and untracked (held, not tracked) positions, by account and asset', async () => {
    const tracker = new RecordingTracker();
    tracker.positions = [
      { accountId: 'cb', asset: 'BTC', entryPrice: 40000 },
      { accountId: 'cb', asset: 'GHOST' },
      { accountId: 'kraken', asset: 'ETH' },
      { accountId: 'retired_account', asset: 'DOGE' },
      { accountId: 'down', asset: 'SOL' },
    ];
    const accounts = [
      paperAccount('cb', 'user:u', [{ symbol: 'BTC-USD', quantity: 0.001, price: 50000 }, { symbol: 'ETH-USD', quantity: 0.01, price: 3000 }]),
      paperAccount('kraken', 'user:u', [{ symbol: 'ETH-USD', quantity: 0.02, price: 3000 }, { symbol: 'LEFT-USD', quantity: 5, price: 0.1 }]),
      paperAccount('down', 'user:u', [], { faults: [{ call: 'fetchBalances', fault: 'error', code: 'auth_failed' }] }),
    ];
    const hook = createForcedCleanup({ accounts, tracker, dryRun: true, stateDir: freshStateDir(), logger: recordingLogger() });
    const reports: HookEvent[] = [];
    hook.on((event) => event.type === 'tracker_report' && reports.push(event));
    const outcome = await hook.onStartup();
    expect(outcome.status === 'completed' && outcome.trackerReport).toMatchObject({
      phantom: [
        { accountId: 'cb', asset: 'GHOST', reason: 'not_held' },
        { accountId: 'retired_account', asset: 'DOGE', reason: 'unknown_account' },
      ],
      // ETH is tracked on kraken, not on cb: the same asset on two exchanges is two positions.
      untracked: [
        { accountId: 'cb', owner: 'user:u', asset: 'ETH', symbol: 'ETH-USD', category: 'counted', usdValue: 30 },
        { accountId: 'kraken', owner: 'user:u', asset: 'LEFT', symbol: 'LEFT-USD', category: 'dust', usdValue: 0.5 },
      ],
      uncheckedAccounts: ['down'],
    });
    expect(reports).toHaveLength(1);
    await hook.close();
  });

  it('malformed tracker data fails the run with a message naming the entry, and nothing is traded', async () => {
    const tracker = new RecordingTracker();
    tracker.positions = [{ accountId: 'a', asset: 'WIN' }, { accountId: 'a', asset: 'LOSS', entryPrice: -3 }] as TrackedPosition[];
    const hook = createForcedCleanup({ accounts: [paperAccount('a', 'platform', dustAt50c)], tracker, stateDir: freshStateDir(), logger: recordingLogger() });
    const outcome = await hook.onStartup();
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_config', message: 'forced-cleanup: tracker.openPositions()[1].entryPrice: expected a number > 0 or null, got -3' },
    });
    tracker.positions = [{ accountId: 'a', asset: 'WIN' }, { accountId: 'a', symbol: 'WIN/USD' }];
    expect(await hook.runNow()).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('WIN in account a is tracked twice') } });
    expect(tracker.calls).toEqual([]);
    await hook.close();
  });
});
