import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { resolveOpenOrderPolicy } from '@forced-cleanup/core';
import { runCleanup } from '@forced-cleanup/engine';
import { DEFAULT_RATE_LIMITS } from '@forced-cleanup/exchange-sim';
import { DEFAULT_CASH_ASSETS, userOwner, type CleanupEvent } from '@forced-cleanup/contract';
import { BENCH_PACKAGE_DIR } from './api-calls-bench.js';
import { countList, flag, parseBenchArgs, positiveCount } from './bench-args.js';
import { formatDuration, formatRatio, note, printFigure } from './figures.js';
import { availableParallelism } from 'node:os';
import { startCpuProfile, type PackageShare } from './cpu-profile.js';
import { nowMs } from './measure.js';
import { prepareSimAccount, BENCH_EXCHANGES, type BenchExchange, type Budget, type PreparedSimAccount } from './sim-accounts.js';
import { startSimFleet } from './sim-fleet.js';
import type { SimTally } from './sim-fleet-messages.js';
import { simPortfolio } from './sim-portfolio.js';

/*
 * Benchmark 4 — multi-account wall time. 100 users × 2 exchanges = 200 accounts of 50 positions (30 dust),
 * each on its own simulator (in a child process) that adds 50 ms to every request and limits the key to the
 * exchange's documented rate. A real run (not dry) of all of them at once; then the same at the contract's
 * largest `concurrency` (64) and, on a sample, at concurrency 1 (how the original tool ran).
 *
 * The floor is per key: the requests the busiest key needed ÷ the rate its exchange allows. Accounts run in
 * parallel, so the wall time cannot beat the slowest key; the ratio wall ÷ floor is the figure to watch.
 */

const ArgsSchema = z.strictObject({
  users: positiveCount.default(100),
  positions: positiveCount.default(50),
  dust: z.coerce.number().int().min(0).default(30),
  latencyMs: z.coerce.number().int().min(0).default(50),
  exchanges: z
    .string()
    .default('coinbase,binance')
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(BENCH_EXCHANGES)).min(1)),
  /** The concurrencies of the full runs; 0 stands for "every account at once". */
  concurrency: countList.or(z.literal('0').transform(() => [0])).default([0, 64]),
  /** Accounts run at concurrency 1 (the figure for all of them is extrapolated); 0 skips it. */
  sequentialSample: z.coerce.number().int().min(0).default(10),
  /** Run concurrency 1 over every account instead of a sample (long: minutes). */
  fullSequential: flag.default(false),
  /**
   * Further runs of every account at once with fewer users (default 10 and 40: 20 and 80 accounts), where
   * this machine's CPU is not what limits: they show the engine against the floor itself. `--also-users=0`
   * skips them.
   */
  alsoUsers: countList.or(z.literal('0').transform(() => [] as number[])).default([10, 40]),
  /** Where the journal goes: `disk` (the OS temp dir) or `tmpfs` (/dev/shm: fsync costs nothing). */
  journal: z.enum(['disk', 'tmpfs']).default('disk'),
  /**
   * Profile this process (engine and broker clients) during each full run and print its CPU by package
   * (`multi-account-cpu` lines). The profiler costs CPU itself: a profiled run's wall time is not a figure.
   */
  profile: flag.default(false),
});

/** The budget each account declares in its config, in calls: the engine paces calls, brokers requests. */
function accountBudget(exchange: BenchExchange): Budget {
  const limit = DEFAULT_RATE_LIMITS[exchange];
  // Coinbase: one call is one request (paged listings are paced per request by the broker itself). The
  // burst is kept 10 % below the exchange's so that requests bunched by timer jitter on the way still fit.
  if (exchange === 'coinbase') return { requestsPerSecond: limit.requestsPerSecond, burst: Math.floor(limit.burst * 0.9) };
  // Binance through ccxt: a call is one request, but the engine's budget is kept at half the key's rate,
  // as it was when a sell was two (a ticker, then the order): Binance's floor is far below Coinbase's anyway.
  if (exchange === 'binance') return { requestsPerSecond: limit.requestsPerSecond / 2, burst: Math.floor((limit.burst / 2) * 0.9) };
  // broker-kraken's sell is three requests (a ticker, the order, its read-back).
  return { requestsPerSecond: limit.requestsPerSecond / 3, burst: Math.max(1, Math.floor((limit.burst / 3) * 0.9)) };
}

/** The accounts of `users` users, one per exchange each; account i of a user gets its own portfolio. */
function prepareAccounts(users: number, exchanges: readonly BenchExchange[], positions: number, dust: number): PreparedSimAccount[] {
  const prepared: PreparedSimAccount[] = [];
  for (let u = 0; u < users; u++) {
    for (const exchange of exchanges) {
      const portfolio = simPortfolio({ positions, dust, openOrderShare: 0, seed: u * 31 + exchange.length, orderIds: exchange === 'kraken' ? 'kraken-txid' : 'digits' });
      prepared.push(prepareSimAccount({ exchange, accountId: `user_${u}_${exchange}`, owner: userOwner(`u${u}`), state: portfolio.state, accountRateLimit: accountBudget(exchange) }));
    }
  }
  return prepared;
}

/** The served requests of one sim (rate-limit refusals do not count: they were not needed). */
function served(tally: SimTally): number {
  return tally.read + tally.orderPlacing + tally.cancelling + tally.other;
}

interface RunFigures {
  readonly wallMs: number;
  readonly readMs: number;
  readonly executeMs: number;
  readonly reconcileMs: number;
  readonly floorMs: number;
  readonly busiest: { exchange: BenchExchange; requests: number };
  readonly closed: number;
  readonly failed: number;
  /** Failed closes by error code, `code:count,…`. */
  readonly failedCodes: string;
  readonly rateLimited: number;
  readonly retries: number;
  /** Retries by error code, e.g. `rate_limited:3`. */
  readonly retryCodes: string;
  /** CPU time of this process (engine and broker clients) during the run. */
  readonly clientCpuMs: number;
  /** CPU time of the sims' process during the run. */
  readonly simCpuMs: number;
  /** Requests served over all sims. */
  readonly requests: number;
  /** Per exchange: the busiest key's floor, and when its last account finished executing (from the start). */
  readonly perExchange: ReadonlyMap<BenchExchange, { floorMs: number; lastExecutedMs: number; accounts: number }>;
  /** This process's CPU by package, when profiled. */
  readonly profile: readonly PackageShare[] | null;
}

/** Starts fresh sims for `accounts`, runs one real cleanup over all of them, and measures it. */
async function runOnce(accounts: readonly PreparedSimAccount[], concurrency: number, latencyMs: number, journalRoot: string, profile = false): Promise<RunFigures> {
  const fleet = await startSimFleet(
    accounts.map((account) => ({ exchange: account.exchange, state: account.simState as Record<string, unknown>, latencyMs, rateLimit: DEFAULT_RATE_LIMITS[account.exchange] })),
  );
  const stateDir = mkdtempSync(join(journalRoot, 'fc-bench-multi-'));
  const env: Record<string, string> = {};
  for (const account of accounts) Object.assign(env, account.env);
  const configs = accounts.map((account, i) => account.accountFor(fleet.urls[i]!));
  let planned = 0;
  let executed = 0;
  let retries = 0;
  const retryCodes = new Map<string, number>();
  const exchangeOf = new Map(configs.map((config, i) => [config.id, accounts[i]!.exchange]));
  const lastExecuted = new Map<BenchExchange, number>();
  const profiler = profile ? await startCpuProfile() : null;
  const cpuAtStart = process.cpuUsage();
  const start = nowMs();
  const onEvent = (event: CleanupEvent) => {
    if (event.type === 'plan_made') planned = nowMs();
    else if (event.type === 'position_closed' || event.type === 'action_failed' || event.type === 'action_skipped') {
      executed = nowMs();
      lastExecuted.set(exchangeOf.get(event.action.accountId)!, executed - start);
    } else if (event.type === 'retrying') {
      retries++;
      retryCodes.set(event.error.code, (retryCodes.get(event.error.code) ?? 0) + 1);
    }
  };
  try {
    const report = await runCleanup({
      accounts: configs,
      settings: { dustThresholdUsd: 1, maxPositions: 8, maxPositionsByOwner: {}, cashAssets: [...DEFAULT_CASH_ASSETS], protect: {} },
      policy: resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: null }),
      dryRun: false,
      startup: true,
      concurrency,
      stateDir,
      configDir: stateDir,
      pluginSearchDirs: [BENCH_PACKAGE_DIR],
      env,
      onEvent,
    });
    const end = nowMs();
    const cpu = process.cpuUsage(cpuAtStart);
    const shares = profiler ? await profiler.stop() : null;
    const unreadable = report.accounts.filter((account) => account.state === 'unreadable');
    if (unreadable.length > 0) throw new Error(`${unreadable.length} accounts unreadable, e.g. ${unreadable[0]!.accountId}: ${unreadable[0]!.error?.message ?? ''}`);
    const { tallies, cpuMs: simCpuMs } = await fleet.tally();
    let floorMs = 0;
    let busiest = { exchange: accounts[0]!.exchange, requests: 0 };
    const perExchange = new Map<BenchExchange, { floorMs: number; lastExecutedMs: number; accounts: number }>();
    tallies.forEach((tally, i) => {
      const exchange = accounts[i]!.exchange;
      const ms = (served(tally) / DEFAULT_RATE_LIMITS[exchange].requestsPerSecond) * 1000;
      const entry = perExchange.get(exchange) ?? { floorMs: 0, lastExecutedMs: lastExecuted.get(exchange) ?? 0, accounts: 0 };
      perExchange.set(exchange, { ...entry, floorMs: Math.max(entry.floorMs, ms), accounts: entry.accounts + 1 });
      if (ms > floorMs) {
        floorMs = ms;
        busiest = { exchange, requests: served(tally) };
      }
    });
    return {
      wallMs: end - start,
      readMs: planned - start,
      executeMs: Math.max(executed, planned) - planned,
      reconcileMs: end - Math.max(executed, planned),
      floorMs,
      busiest,
      closed: report.actions.filter((action) => action.status === 'closed').length,
      failed: report.actions.filter((action) => action.status === 'failed').length,
      failedCodes: countBy(report.actions.filter((action) => action.status === 'failed').map((action) => `${action.error?.code ?? 'unknown'}`)),
      rateLimited: tallies.reduce((sum, tally) => sum + tally.rateLimited, 0),
      retries,
      retryCodes: [...retryCodes].map(([code, count]) => `${code}:${count}`).join(',') || '-',
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      simCpuMs,
      requests: tallies.reduce((sum, tally) => sum + served(tally), 0),
      perExchange,
      profile: shares,
    };
  } finally {
    await fleet.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function print(accounts: number, concurrency: number, latencyMs: number, journal: string, figures: RunFigures, extra: Record<string, string | number> = {}): void {
  printFigure('multi-account', {
    accounts,
    concurrency,
    latency: `${latencyMs}ms`,
    journal,
    wall: formatDuration(figures.wallMs),
    floor: formatDuration(figures.floorMs),
    ratio: formatRatio(figures.wallMs / figures.floorMs),
    busiestKey: figures.busiest.exchange,
    busiestKeyRequests: figures.busiest.requests,
    read: formatDuration(figures.readMs),
    execute: formatDuration(figures.executeMs),
    reconcile: formatDuration(figures.reconcileMs),
    closed: figures.closed,
    failed: figures.failed,
    failedCodes: figures.failedCodes,
    rateLimited: figures.rateLimited,
    retries: figures.retries,
    retryCodes: figures.retryCodes,
    requests: figures.requests,
    clientCpu: formatDuration(figures.clientCpuMs),
    clientCpuPerRequest: `${((figures.clientCpuMs * 1000) / figures.requests).toFixed(0)}us`,
    simCpu: formatDuration(figures.simCpuMs),
    // The least wall time this CPU work allows on this machine, however well it is scheduled: client and
    // simulators share the cores. Above 1.25 × the floor, the target is out of reach at these costs per
    // request, whatever the engine does.
    cpuFloor: formatDuration(cpuFloorMs(figures)),
    cpuFloorRatio: formatRatio(cpuFloorMs(figures) / figures.floorMs),
    ...extra,
  });
  if (figures.profile) printProfile(accounts, figures);
  if (figures.perExchange.size > 1) {
    for (const [exchange, entry] of figures.perExchange) {
      printFigure('multi-account-exchange', {
        accounts: entry.accounts,
        concurrency,
        exchange,
        floor: formatDuration(entry.floorMs),
        lastAccountExecuted: formatDuration(entry.lastExecutedMs),
      });
    }
  }
}

/** Cores this process may use (the simulators' process shares them). */
const CORES = availableParallelism();

/**
 * The least wall time the measured CPU allows: all of it (client and simulators) over all cores. (The
 * client's CPU counts all its threads — V8's collector, the journal's fsyncs — so it is no bound alone.)
 */
function cpuFloorMs(figures: RunFigures): number {
  return (figures.clientCpuMs + figures.simCpuMs) / CORES;
}

/** One line per package among the largest shares of the client's CPU, then the rest together. */
function printProfile(accounts: number, figures: RunFigures): void {
  const shares = (figures.profile ?? []).filter((share) => share.name !== 'idle');
  const total = shares.reduce((sum, share) => sum + share.selfMs, 0);
  const shown = shares.slice(0, 14);
  const rest = shares.slice(14).reduce((sum, share) => sum + share.selfMs, 0);
  for (const { name, selfMs } of [...shown, ...(rest > 0 ? [{ name: 'rest', selfMs: rest }] : [])]) {
    printFigure('multi-account-cpu', {
      accounts,
      package: name,
      self: formatDuration(selfMs),
      share: `${((100 * selfMs) / total).toFixed(1)}%`,
      perRequest: `${((selfMs * 1000) / figures.requests).toFixed(0)}us`,
    });
  }
}

/** Runs the multi-account benchmark with command-line options (see ArgsSchema). */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(ArgsSchema, argv);
  const journalRoot = args.journal === 'tmpfs' ? '/dev/shm' : tmpdir();
  const accounts = prepareAccounts(args.users, args.exchanges, args.positions, args.dust);
  for (const requested of args.concurrency) {
    const concurrency = requested === 0 ? accounts.length : requested;
    note(`multi-account: ${accounts.length} accounts, concurrency ${concurrency}`);
    print(accounts.length, concurrency, args.latencyMs, args.journal, await runOnce(accounts, concurrency, args.latencyMs, journalRoot, args.profile));
  }
  for (const users of args.alsoUsers) {
    const fewer = prepareAccounts(users, args.exchanges, args.positions, args.dust);
    note(`multi-account: ${fewer.length} accounts (${users} users), all at once`);
    print(fewer.length, fewer.length, args.latencyMs, args.journal, await runOnce(fewer, fewer.length, args.latencyMs, journalRoot, args.profile));
  }
  const sampleSize = args.fullSequential ? accounts.length : Math.min(accounts.length, args.sequentialSample);
  if (sampleSize > 0) {
    // Whole users, so that every owner's cap is planned over all of its accounts.
    const perUser = args.exchanges.length;
    const sample = accounts.slice(0, Math.max(perUser, Math.floor(sampleSize / perUser) * perUser));
    note(`multi-account: ${sample.length} accounts at concurrency 1${sample.length < accounts.length ? ' (a sample: the figure for all is extrapolated)' : ''}`);
    const figures = await runOnce(sample, 1, args.latencyMs, journalRoot);
    print(sample.length, 1, args.latencyMs, args.journal, figures, sample.length < accounts.length ? { estimatedWallFor: accounts.length, estimatedWall: formatDuration((figures.wallMs * accounts.length) / sample.length) } : {});
  }
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value}:${count}`).join(',') || '-';
}
