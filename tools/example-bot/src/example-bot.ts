import { setImmediate as nextTick } from 'node:timers/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createForcedCleanup, type ForcedCleanupOptions, type HookEventListener, type RunOutcome } from '@forced-cleanup/bot-hook';
import type { BrokerLogger } from '@forced-cleanup/contract';
import { BotPositionTracker } from './bot-position-tracker.js';
import { LISTED_ASSETS, MarketSimulator } from './market-simulator.js';
import { PaperExchangeClient } from './paper-exchange-client.js';

/** A paper account as the hook's `accounts` takes it (`owner` as `platform` or `user:<id>`). */
export interface PaperAccountConfig {
  readonly id: string;
  readonly owner: string;
  readonly broker: 'paper';
  readonly paper?: Record<string, unknown>;
}

/** How the example bot runs. */
export interface ExampleBotOptions {
  /** Where the hook and the paper exchange keep their files. */
  readonly stateDir: string;
  /** The paper accounts the bot trades on. */
  readonly accounts: readonly PaperAccountConfig[];
  /** Cycles to run (default 60). */
  readonly cycles?: number;
  /** The tracker, possibly with positions the bot held before this start (default: an empty one). */
  readonly tracker?: BotPositionTracker;
  /** Extra options for the hook (mode, interval, caps…); `accounts`, `stateDir` and `tracker` are the bot's. */
  readonly hookOptions?: Partial<ForcedCleanupOptions>;
  /** Market: seed (default 7), default drift per cycle (−0.02), per-asset drift, noise (0.05). */
  readonly market?: { seed?: number; defaultDrift?: number; drift?: Record<string, number>; noise?: number };
  /** USD spent on each new position (default 1.6). */
  readonly buyUsd?: number;
  /** The bot looks for an entry every this many cycles (default 2). */
  readonly entryEveryCycles?: number;
  /** Every nth buy gets a resting take-profit order (default 2; 0: never). */
  readonly takeProfitEveryNthBuy?: number;
  /** Don't await cleanups: let them run beside the trading loop (default false: await each one). */
  readonly cleanupInBackground?: boolean;
  /** Pause between cycles (default 0: the next cycle starts at once). */
  readonly cycleDelayMs?: number;
  readonly logger?: BrokerLogger;
  /** Receives every hook event. */
  readonly onEvent?: HookEventListener;
}

/** What a session of the bot did. */
export interface ExampleBotResult {
  /** Cycles completed: all of them, since nothing the hook does throws into the loop. */
  readonly cyclesRun: number;
  /** Every run outcome except `not_due`, in the order the runs were asked for. */
  readonly outcomes: RunOutcome[];
  readonly entries: number;
  /** Entries the cap gate refused. */
  readonly blockedEntries: number;
  /** Cycles in which the bot did not trade because a cleanup was in progress. */
  readonly pausedCycles: number;
  readonly tracker: BotPositionTracker;
}

/**
 * A small trading bot with the hook wired in the way docs/bot-integration.md describes: create the hook
 * at startup (bad settings fail here, before trading), run the startup cleanup, then each cycle call
 * `onCycle(n)`, move the market, and open new positions only where `canOpenPosition(owner)` allows.
 * The loop has no try/catch around the hook: it does not need one.
 */
export async function runExampleBot(options: ExampleBotOptions): Promise<ExampleBotResult> {
  const tracker = options.tracker ?? new BotPositionTracker();
  const logger = options.logger ?? console;
  const hook = createForcedCleanup({
    ...options.hookOptions,
    accounts: options.accounts.map((account) => ({ ...account })),
    stateDir: options.stateDir,
    tracker,
    logger,
  });
  if (options.onEvent) hook.on(options.onEvent);
  const exchange = new PaperExchangeClient(options.stateDir);
  const market = new MarketSimulator({
    seed: options.market?.seed ?? 7,
    defaultDrift: options.market?.defaultDrift ?? -0.02,
    drift: options.market?.drift ?? {},
    noise: options.market?.noise ?? 0.05,
  });
  const owners = new Map<string, string[]>();
  for (const account of options.accounts) owners.set(account.owner, [...(owners.get(account.owner) ?? []), account.id]);
  const outcomes: RunOutcome[] = [];
  const background: Promise<void>[] = [];
  const cycles = options.cycles ?? 60;
  const entryEvery = options.entryEveryCycles ?? 2;
  const takeProfitEvery = options.takeProfitEveryNthBuy ?? 2;
  let entries = 0;
  let blockedEntries = 0;
  let pausedCycles = 0;
  let cyclesRun = 0;

  const record = (outcome: RunOutcome) => {
    if (outcome.status !== 'not_due') outcomes.push(outcome);
  };

  try {
    record(await hook.onStartup());
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const cleanup = hook.onCycle(cycle);
      if (options.cleanupInBackground) background.push(cleanup.then(record));
      else record(await cleanup);

      if (hook.running) {
        // The paper exchange is a file: the bot leaves it alone while a cleanup works on it.
        pausedCycles += 1;
      } else {
        for (const account of options.accounts) await exchange.movePrices(account.id, (asset, price) => market.next(asset, price));
        if (cycle % entryEvery === 0) {
          for (const [owner, accountIds] of owners) {
            const decision = await hook.canOpenPosition(owner);
            if (!decision.allowed) {
              blockedEntries += 1;
              continue;
            }
            const accountId = accountIds[(cycle / entryEvery) % accountIds.length]!;
            const asset = market.pick(tracker.assetsOf(accountId), cycle);
            const price = asset === null ? undefined : LISTED_ASSETS[asset];
            if (asset === null || price === undefined) continue;
            const quantity = await exchange.buy(accountId, asset, price, options.buyUsd ?? 1.6);
            if (quantity === null) continue;
            entries += 1;
            hook.notePositionOpened(owner);
            tracker.track({ accountId, asset, entryPrice: price, openedAt: new Date().toISOString() });
            logger.info(`example bot: bought ${quantity} ${asset} in ${accountId} (${decision.counted} of ${decision.cap} counted before)`);
            if (takeProfitEvery > 0 && entries % takeProfitEvery === 0) await exchange.placeTakeProfit(accountId, asset, quantity, price * 1.5);
          }
        }
      }
      cyclesRun = cycle;
      if (options.cycleDelayMs) await sleep(options.cycleDelayMs);
      else await nextTick();
    }
    await Promise.all(background);
  } finally {
    await hook.close();
  }
  return { cyclesRun, outcomes, entries, blockedEntries, pausedCycles, tracker };
}
