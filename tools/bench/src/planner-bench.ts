import { z } from 'zod';
import { planCleanup, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import type { OpenOrderPolicy, Plan } from '@forced-cleanup/contract';
import { countList, parseBenchArgs, positiveCount } from './bench-args.js';
import { formatBytes, formatDuration, formatRate, formatRatio, note, printFigure } from './figures.js';
import { median, nowMs, settledHeapBytes } from './measure.js';
import { ISSUE_SHAPE, syntheticPortfolio } from './synthetic-portfolio.js';

/*
 * Benchmark 1 — the planner. Plans synthetic portfolios of 10k, 100k and 1M positions (owners × 50, a tenth
 * with open orders) under each open-order mode, on the main thread, and prints per size and mode:
 * positions planned per second (median of the repeats), and the heap the plan retains per position
 * (after full collections, the plan still referenced). A last line compares the time per position of the
 * largest and smallest sizes: 1.00x is perfectly linear.
 */

const ArgsSchema = z.strictObject({
  sizes: countList.default([10_000, 100_000, 1_000_000]),
  repeats: positiveCount.default(5),
});

/** The open-order modes planned, as the settings that select them (parsed by the core, as a run would). */
const MODES: ReadonlyArray<{ name: string; startup: boolean; policy: OpenOrderPolicy }> = [
  { name: 'conservative', startup: true, policy: resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: null }) },
  { name: 'always', startup: true, policy: resolveOpenOrderPolicy({ cancelOpenOrders: true, startupOnly: false, cancelConditions: null }) },
  { name: 'nuclear-periodic', startup: false, policy: resolveOpenOrderPolicy({ cancelOpenOrders: true, startupOnly: true, cancelConditions: null }) },
  { name: 'selective', startup: true, policy: resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: 'usd_value<0.5,usd_value>=2500' }) },
];

/** One measured plan. */
interface PlanSample {
  readonly ms: number;
  readonly retainedBytes: number;
  readonly actions: number;
  readonly skipped: number;
}

/** Plans once and measures the time and the heap the plan keeps alive (the plan is dropped after). */
function measurePlan(plan: () => Plan): PlanSample {
  const before = settledHeapBytes();
  const start = nowMs();
  const result = plan();
  const ms = nowMs() - start;
  const retainedBytes = settledHeapBytes() - before;
  return { ms, retainedBytes, actions: result.actions.length, skipped: result.skipped.length };
}

/** Runs the planner benchmark with command-line options (see ArgsSchema). */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(ArgsSchema, argv);
  const sizes = [...args.sizes].sort((a, b) => a - b);
  const nsPerPosition = new Map<number, number>();
  for (const size of sizes) {
    const owners = Math.max(1, Math.round(size / ISSUE_SHAPE.positionsPerOwner));
    note(`planner: generating ${owners} owners × ${ISSUE_SHAPE.positionsPerOwner} positions`);
    const portfolio = syntheticPortfolio({ ...ISSUE_SHAPE, owners });
    // Warm the planner up on this portfolio's shapes before timing anything (the JIT, the step cache).
    for (const mode of MODES) planCleanup(portfolio.snapshot, portfolio.settings, mode.policy, { startup: mode.startup });
    const allMs: number[] = [];
    for (const mode of MODES) {
      const samples: PlanSample[] = [];
      for (let r = 0; r < args.repeats; r++) {
        samples.push(measurePlan(() => planCleanup(portfolio.snapshot, portfolio.settings, mode.policy, { startup: mode.startup })));
      }
      const ms = median(samples.map((s) => s.ms));
      const retained = median(samples.map((s) => s.retainedBytes));
      allMs.push(ms);
      printFigure('planner', {
        positions: portfolio.positions,
        owners,
        mode: mode.name,
        rate: formatRate(portfolio.positions / (ms / 1000)),
        heapPerPosition: formatBytes(retained / portfolio.positions),
        time: formatDuration(ms),
        actions: samples[0]!.actions,
        skipped: samples[0]!.skipped,
      });
    }
    nsPerPosition.set(size, (median(allMs) * 1e6) / portfolio.positions);
  }
  // Linear growth: the time per position of each size against the largest (1.00x everywhere is linear).
  const largest = sizes[sizes.length - 1]!;
  for (const size of sizes) {
    if (size === largest) continue;
    printFigure('planner-scaling', {
      from: size,
      to: largest,
      nsPerPositionFrom: Math.round(nsPerPosition.get(size)!),
      nsPerPositionTo: Math.round(nsPerPosition.get(largest)!),
      timePerPositionRatio: formatRatio(nsPerPosition.get(largest)! / nsPerPosition.get(size)!),
    });
  }
}
