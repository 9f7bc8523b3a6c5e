import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { resolveOpenOrderPolicy } from '@forced-cleanup/core';
import { runCleanup } from '@forced-cleanup/engine';
import { DEFAULT_CASH_ASSETS, type CleanupEvent } from '@forced-cleanup/contract';
import { countList, parseBenchArgs } from './bench-args.js';
import { formatRatio, note, printFigure } from './figures.js';
import { phaseCounts, phaseMarker, totalOf } from './request-tally.js';
import { BENCH_EXCHANGES, BROKER_OF, startSimAccount, type BenchExchange } from './sim-accounts.js';
import { simPortfolio } from './sim-portfolio.js';

/*
 * Benchmark 3 — API calls. One account per run, against the simulator of each exchange through its real
 * broker plugin, with 10, 100 and 1000 positions (60 % dust, the rest above a cap of 8, a tenth with a
 * resting order, mode `always` so those orders are cancelled first). For a dry run and a real run, prints the
 * requests of each phase by kind: reads (connect and read), execution (cancels, sells, confirmation reads),
 * reconciliation (the final re-read). No rate limit and no latency: only the counts matter here.
 */

/** The directory whose node_modules holds the broker plugins (this package's). */
export const BENCH_PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

const ArgsSchema = z.strictObject({
  sizes: countList.default([10, 100, 1000]),
  exchanges: z
    .string()
    .default(BENCH_EXCHANGES.join(','))
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(BENCH_EXCHANGES)).min(1)),
});

const FAST = { requestsPerSecond: 1_000, burst: 1_000 } as const;
// Kraken's broker caps a configured budget at 100 requests a second.
const FAST_KRAKEN = { requestsPerSecond: 100, burst: 100 } as const;

async function measure(exchange: BenchExchange, positions: number, dryRun: boolean): Promise<void> {
  const portfolio = simPortfolio({ positions, dust: Math.round(positions * 0.6), openOrderShare: 0.1, seed: positions, orderIds: exchange === 'kraken' ? 'kraken-txid' : 'digits' });
  const { sim, account, env } = await startSimAccount(
    { exchange, accountId: `bench_${exchange}`, owner: 'platform', state: portfolio.state, accountRateLimit: exchange === 'kraken' ? FAST_KRAKEN : FAST },
    { latencyMs: 0, rateLimit: false },
  );
  const stateDir = mkdtempSync(join(tmpdir(), 'fc-bench-calls-'));
  const marker = phaseMarker(sim.requests);
  let cancelsPlanned = 0;
  const listener = (event: CleanupEvent) => {
    marker.listener(event);
    if (event.type === 'plan_made') for (const action of event.plan.actions) cancelsPlanned += action.ordersToCancel.length;
  };
  try {
    const report = await runCleanup({
      accounts: [account],
      settings: { dustThresholdUsd: 1, maxPositions: 8, maxPositionsByOwner: {}, cashAssets: [...DEFAULT_CASH_ASSETS], protect: {} },
      policy: resolveOpenOrderPolicy({ cancelOpenOrders: true, startupOnly: false, cancelConditions: null }),
      dryRun,
      startup: true,
      concurrency: 1,
      stateDir,
      configDir: stateDir,
      pluginSearchDirs: [BENCH_PACKAGE_DIR],
      env,
      onEvent: listener,
    });
    if (report.accounts[0]?.state === 'unreadable') throw new Error(`${exchange}: the account could not be read: ${report.accounts[0].error?.message ?? ''}`);
    const phases = phaseCounts(sim.requests, marker.marks());
    const closes = report.actions.length;
    const closed = report.actions.filter((action) => action.status === 'closed').length;
    const sells = phases.execute.orderPlacing;
    printFigure('api-calls', {
      exchange,
      broker: BROKER_OF[exchange],
      positions,
      run: dryRun ? 'dry' : 'real',
      readPhase: totalOf(phases.read),
      closes,
      unpriced: report.skipped.filter((entry) => entry.reason === 'unpriced').length,
      closed: dryRun ? 0 : closed,
      cancels: phases.execute.cancelling,
      cancelsPlanned,
      sells,
      writesPerClose: closes === 0 || dryRun ? '-' : formatRatio(sells / closes),
      confirmReads: phases.execute.read + phases.execute.other,
      reconcileReads: totalOf(phases.reconcile),
      total: sim.requests.length,
    });
  } finally {
    await sim.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Runs the API-calls benchmark with command-line options (see ArgsSchema). */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(ArgsSchema, argv);
  for (const exchange of args.exchanges) {
    for (const positions of args.sizes) {
      note(`api-calls: ${exchange}, ${positions} positions`);
      await measure(exchange, positions, true);
      await measure(exchange, positions, false);
    }
  }
}
