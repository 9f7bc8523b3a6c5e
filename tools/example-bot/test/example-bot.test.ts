import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPaperState } from '@forced-cleanup/broker-paper';
import type { HookEvent, RunOutcome } from '@forced-cleanup/bot-hook';
import type { ActionReport, BrokerLogger, Outcome, RunReport } from '@forced-cleanup/contract';
import { BotPositionTracker, runExampleBot, type PaperAccountConfig } from '../src/index.js';

const quietLogger: BrokerLogger = { info() {}, warn() {}, error() {} };
const stateDir = () => mkdtempSync(join(tmpdir(), 'fc-example-bot-test-'));
const position = (asset: string, quantity: number, price: number) => ({ symbol: `${asset}-USD`, quantity, price });

/** What the test plants: legacy dust (one with an order), an untracked holding, a user over the cap across two exchanges. */
function plantedAccounts(extra: Record<string, unknown> = {}): PaperAccountConfig[] {
  return [
    {
      id: 'platform_paper',
      owner: 'platform',
      broker: 'paper',
      paper: {
        cash: { USD: 100 },
        positions: [
          position('DUSTWIN', 1, 0.5),
          position('DUSTLOSS', 1, 0.5),
          position('DUSTEVEN', 1, 0.5),
          position('DUSTUNK', 1, 0.5),
          position('LEGACY', 10, 0.05),
          position('LEFTOVER', 4, 3),
          position('HODL', 1, 1.5),
        ],
        openOrders: [
          { id: 'legacy-1', symbol: 'LEGACY-USD', side: 'sell', quantity: 10, price: 0.2 },
          { id: 'hodl-tp', symbol: 'HODL-USD', side: 'sell', quantity: 1, price: 3 },
        ],
        ...extra,
      },
    },
    {
      id: 'user_user_123_coinbase',
      owner: 'user:user_123',
      broker: 'paper',
      paper: { cash: { USD: 50 }, positions: ['C0', 'C1', 'C2', 'C3', 'C4'].map((asset) => position(asset, 1, 5)), ...extra },
    },
    {
      id: 'user_user_123_kraken',
      owner: 'user:user_123',
      broker: 'paper',
      paper: {
        cash: { USD: 50 },
        positions: [...['K0', 'K1', 'K2', 'K3'].map((asset) => position(asset, 1, 7)), position('STRAY', 1, 0.3)],
        // The exchange fails the first sell of every run on this account.
        faults: [{ call: 'placeMarketSell', nth: 1, fault: 'error', code: 'exchange_unavailable' }],
        ...extra,
      },
    },
  ];
}

/** The bot's tracker as it was before this start: the entry prices are known only to it. */
function plantedTracker(): BotPositionTracker {
  const tracker = new BotPositionTracker();
  const track = (accountId: string, asset: string, entryPrice: number | null) =>
    tracker.track({ accountId, asset, entryPrice, openedAt: entryPrice === null ? null : '2026-01-05T10:00:00Z' });
  track('platform_paper', 'DUSTWIN', 0.4);
  track('platform_paper', 'DUSTLOSS', 0.8);
  track('platform_paper', 'DUSTEVEN', 0.5);
  track('platform_paper', 'DUSTUNK', null);
  track('platform_paper', 'LEGACY', 0.1);
  track('platform_paper', 'HODL', 1.5);
  track('platform_paper', 'GHOST', 2); // sold by hand long ago: a phantom
  [['C0', 5], ['C1', 4], ['C2', 6], ['C3', 5], ['C4', null]].forEach(([asset, entry]) => track('user_user_123_coinbase', asset as string, entry as number | null));
  ['K0', 'K1', 'K2', 'K3'].forEach((asset) => track('user_user_123_kraken', asset, 7));
  return tracker;
}

const reportOf = (outcome: RunOutcome): RunReport => {
  if (outcome.status !== 'completed') throw new Error(`expected a completed run, got ${JSON.stringify(outcome)}`);
  return outcome.report;
};

function expectedOutcome(entryPrice: number | null | undefined, action: ActionReport): Outcome {
  if (entryPrice === null || entryPrice === undefined || action.averagePrice === null) return 'UNKNOWN';
  const pnl = ((action.averagePrice - entryPrice) / entryPrice) * 100;
  return pnl > 0 ? 'WIN' : pnl < 0 ? 'LOSS' : 'BREAKEVEN';
}

describe('the example bot, 60 cycles with the hook wired in (nuclear mode)', () => {
  it('cleans up at startup and at 20, 40, 60; cancels only at startup; survives exchange failures; keeps the tracker in sync', async () => {
    const dir = stateDir();
    const tracker = plantedTracker();
    const events: HookEvent[] = [];
    const result = await runExampleBot({
      stateDir: dir,
      accounts: plantedAccounts(),
      tracker,
      cycles: 60,
      hookOptions: { cancelOpenOrders: true, startupOnly: true },
      market: { drift: { HODL: -0.05, LEFTOVER: 0 } },
      logger: quietLogger,
      onEvent: (event) => events.push(event),
    });

    // The loop ran to the end: nothing the cleanup did reached it.
    expect(result.cyclesRun).toBe(60);
    expect(result.outcomes.map((outcome) => [outcome.trigger, outcome.cycle, outcome.status])).toEqual([
      ['startup', null, 'completed'],
      ['cycle', 20, 'completed'],
      ['cycle', 40, 'completed'],
      ['cycle', 60, 'completed'],
    ]);
    const reports = result.outcomes.map(reportOf);
    expect(reports.map((report) => [report.mode, report.startup])).toEqual([['nuclear', true], ['nuclear', false], ['nuclear', false], ['nuclear', false]]);
    expect(events.filter((event) => event.type === 'run_failed')).toEqual([]);

    // Nuclear: open orders are cancelled in the startup run only.
    const cancelledByRun = new Map<string, string[]>();
    let runId = '';
    for (const event of events) {
      if (event.type === 'run_started') runId = event.runId;
      if (event.type === 'order_cancelled') cancelledByRun.set(runId, [...(cancelledByRun.get(runId) ?? []), event.order.id]);
    }
    expect([...cancelledByRun]).toEqual([[reports[0]!.runId, ['legacy-1']]]);
    expect(reports.map((report) => report.summary.openOrdersCancelled)).toEqual([1, 0, 0, 0]);
    // HODL fell to dust with its take-profit resting: the periodic run left it (and its order) alone.
    expect(reports[1]!.skipped).toContainEqual(expect.objectContaining({ accountId: 'platform_paper', asset: 'HODL', reason: 'open_orders', wouldClose: 'dust' }));
    const platform = await readPaperState(dir, 'platform_paper');
    expect(platform!.openOrders.map((order) => order.id)).toContain('hodl-tp');

    // The startup run: planted dust closed with the outcome its tracked entry price gives; the user's
    // ninth position (worst P&L among the cheapest) closed for the cap; the failing exchange's sell failed.
    const startup = Object.fromEntries(reports[0]!.actions.map((action) => [action.asset, [action.reason, action.status, action.outcome]]));
    expect(startup).toEqual({
      DUSTEVEN: ['dust', 'closed', 'BREAKEVEN'],
      DUSTLOSS: ['dust', 'closed', 'LOSS'],
      DUSTUNK: ['dust', 'closed', 'UNKNOWN'],
      DUSTWIN: ['dust', 'closed', 'WIN'],
      LEGACY: ['dust', 'closed', 'LOSS'],
      STRAY: ['dust', 'failed', 'UNKNOWN'],
      C2: ['cap', 'closed', 'LOSS'],
    });
    expect(reports[0]!.actions.find((action) => action.asset === 'STRAY')?.error).toMatchObject({ code: 'exchange_unavailable' });

    // The tracker received every close, with the outcome its own entry price gives, and the proceeds.
    const closed = reports.flatMap((report) => report.actions.filter((action) => action.status === 'closed').map((action) => ({ report, action })));
    expect(tracker.confirmed).toHaveLength(closed.length);
    for (const { report, action } of closed) {
      const told = tracker.confirmed.find((close) => close.runId === report.runId && close.accountId === action.accountId && close.asset === action.asset);
      expect(told, `${action.accountId}:${action.asset}`).toMatchObject({ profitStatus: 'CONFIRMED', previousProfitStatus: 'PENDING', proceedsUsd: action.proceedsUsd, orderId: action.orderId });
      expect(told?.outcome).toBe(expectedOutcome(tracker.entryPrices.get(`${action.accountId}:${action.asset}`), action));
    }
    expect(closed.length).toBeGreaterThan(7); // the bot's own positions decayed to dust and were closed too
    const stats = tracker.statistics.outcomes;
    expect(stats.WIN + stats.LOSS + stats.BREAKEVEN + stats.UNKNOWN).toBe(closed.length);
    // Every failed close that had been announced PENDING went back to the tracker as not done.
    const failed = reports.flatMap((report) => report.actions.filter((action) => action.status === 'failed'));
    expect(tracker.notDone.map((close) => `${close.accountId}:${close.asset}`).sort()).toEqual(failed.map((action) => `${action.accountId}:${action.asset}`).sort());

    // Phantom and untracked positions: exactly what was planted.
    const startupReport = result.outcomes[0]!.status === 'completed' ? result.outcomes[0]!.trackerReport : null;
    expect(startupReport).toMatchObject({
      phantom: [{ accountId: 'platform_paper', asset: 'GHOST', reason: 'not_held' }],
      untracked: [
        { accountId: 'platform_paper', asset: 'LEFTOVER', category: 'counted', usdValue: 12 },
        { accountId: 'user_user_123_kraken', asset: 'STRAY', category: 'dust' },
      ],
      uncheckedAccounts: [],
    });
    for (const outcome of result.outcomes.slice(1)) {
      const report = outcome.status === 'completed' ? outcome.trackerReport : null;
      expect(report?.phantom).toEqual([{ accountId: 'platform_paper', asset: 'GHOST', reason: 'not_held' }]);
      for (const holding of report?.untracked ?? []) expect(['LEFTOVER', 'STRAY']).toContain(holding.asset);
    }
  }, 60_000);

  it('a cycle arriving during a slow run is skipped; runs never overlap; the loop never waits for them', async () => {
    const events: HookEvent[] = [];
    const result = await runExampleBot({
      stateDir: stateDir(),
      accounts: plantedAccounts({ latencyMs: 100 }),
      tracker: plantedTracker(),
      cycles: 60,
      cleanupInBackground: true,
      logger: quietLogger,
      onEvent: (event) => events.push(event),
    });
    expect(result.cyclesRun).toBe(60);
    // Every paper call takes 100 ms, a run at least 400 ms: the one started at cycle 20 is still going when
    // cycle 40 arrives, 20 cycles that do no I/O (the bot does not trade during a run) later.
    const skipped = events.filter((event) => event.type === 'cycle_skipped');
    expect(skipped).toContainEqual({ type: 'cycle_skipped', cycle: 40, reason: 'run_in_progress' });
    expect(result.outcomes).toContainEqual({ status: 'skipped', trigger: 'cycle', cycle: 40, reason: 'run_in_progress' });
    expect(result.pausedCycles).toBeGreaterThanOrEqual(20);
    // Runs alternate start, finish, start, finish: never two at once.
    const sequence = events.filter((event) => event.type === 'run_started' || event.type === 'run_finished').map((event) => event.type);
    expect(sequence.length).toBeGreaterThanOrEqual(4);
    sequence.forEach((type, index) => expect(type).toBe(index % 2 === 0 ? 'run_started' : 'run_finished'));
    const ran = result.outcomes.filter((outcome) => outcome.status === 'completed').map((outcome) => outcome.cycle);
    expect(ran[0]).toBeNull();
    expect(ran).toContain(20);
  }, 60_000);
});
