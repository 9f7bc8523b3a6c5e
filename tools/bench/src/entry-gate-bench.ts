import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createForcedCleanup } from '@forced-cleanup/bot-hook';
import { createEntryGate, planCleanup, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import type { OwnerId } from '@forced-cleanup/contract';
import { parseBenchArgs, positiveCount } from './bench-args.js';
import { formatRate, note, printFigure } from './figures.js';
import { median, nowMs } from './measure.js';
import { ISSUE_SHAPE, syntheticPortfolio } from './synthetic-portfolio.js';

/*
 * Benchmark 2 — the entry gate a bot asks before every trade. On a cached snapshot of one owner with 50
 * positions: the core gate's `canOpenPosition` (synchronous), the bot hook's (a settled promise, awaited as a
 * bot would), and what rebuilding the core gate after a new snapshot costs.
 */

const ArgsSchema = z.strictObject({
  calls: positiveCount.default(20_000_000),
  hookCalls: positiveCount.default(2_000_000),
  repeats: positiveCount.default(5),
});

/** One owner with 50 positions (two accounts), classified by the planner as a run would. */
function cachedOwnerSnapshot() {
  const portfolio = syntheticPortfolio({ ...ISSUE_SHAPE, owners: 1 });
  const policy = resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: null });
  const plan = planCleanup(portfolio.snapshot, portfolio.settings, policy, { startup: true });
  const owner = plan.owners[0]!.owner;
  return { portfolio, plan, owner };
}

/** Calls per second of the core gate, best of `repeats` batches (a batch is `calls` calls). */
function coreGateRate(owner: OwnerId, gate: ReturnType<typeof createEntryGate>, calls: number, repeats: number): { rate: number; allowed: number } {
  let allowed = 0;
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = nowMs();
    for (let i = 0; i < calls; i++) {
      // The answer is used, so that the call cannot be optimised away.
      if (gate.canOpenPosition(owner).allowed) allowed++;
    }
    rates.push(calls / ((nowMs() - start) / 1000));
  }
  return { rate: median(rates), allowed };
}

/** Time to build the core gate from a snapshot's classified positions and answer once. */
function rebuildMs(positions: Parameters<typeof createEntryGate>[0], settings: Parameters<typeof createEntryGate>[1], owner: OwnerId): number {
  const rounds = 20_000;
  const start = nowMs();
  let allowed = 0;
  for (let i = 0; i < rounds; i++) if (createEntryGate(positions, settings).canOpenPosition(owner).allowed) allowed++;
  const ms = (nowMs() - start) / rounds;
  return allowed >= 0 ? ms : NaN;
}

/** The bot hook on a paper account holding the owner's 50 positions; every call after the first is cached. */
async function hookGateRate(calls: number, repeats: number): Promise<{ rate: number; counted: number | null }> {
  const { portfolio, owner } = cachedOwnerSnapshot();
  const stateDir = mkdtempSync(join(tmpdir(), 'fc-bench-gate-'));
  const accounts = portfolio.snapshot.accounts.map((account) => {
    if (!account.readable) throw new Error('the synthetic snapshot has only readable accounts');
    return {
      id: account.accountId,
      owner,
      broker: 'paper',
      paper: {
        cash: { USD: 1000 },
        positions: account.holdings.map((h) => ({ symbol: h.symbol ?? `${h.asset}-USD`, quantity: h.quantity, price: h.priceUsd, entryPrice: h.entryPrice, openedAt: h.openedAt })),
      },
    };
  });
  const hook = createForcedCleanup({ accounts, stateDir, configDir: stateDir, intervalCycles: 0, entryGateMaxAgeMs: 3_600_000 });
  try {
    const first = await hook.canOpenPosition(owner);
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = nowMs();
      for (let i = 0; i < calls; i++) await hook.canOpenPosition(owner);
      rates.push(calls / ((nowMs() - start) / 1000));
    }
    return { rate: median(rates), counted: first.counted };
  } finally {
    await hook.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Runs the entry gate benchmark with command-line options (see ArgsSchema). */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(ArgsSchema, argv);
  const { portfolio, plan, owner } = cachedOwnerSnapshot();
  const gate = createEntryGate(plan.positions, portfolio.settings);
  const decision = gate.canOpenPosition(owner);
  note(`entry gate: owner ${owner} holds ${plan.positions.length} positions, ${decision.counted} counted, cap ${decision.cap}`);
  // Warm up, then measure.
  coreGateRate(owner, gate, 1_000_000, 1);
  const core = coreGateRate(owner, gate, args.calls, args.repeats);
  printFigure('entry-gate', { layer: 'core', positions: plan.positions.length, counted: decision.counted, rate: formatRate(core.rate), calls: args.calls });
  rebuildMs(plan.positions, portfolio.settings, owner);
  printFigure('entry-gate-rebuild', { layer: 'core', positions: plan.positions.length, time: `${(rebuildMs(plan.positions, portfolio.settings, owner) * 1000).toFixed(2)}us` });
  const hook = await hookGateRate(args.hookCalls, args.repeats);
  printFigure('entry-gate', { layer: 'bot-hook', positions: plan.positions.length, counted: String(hook.counted), rate: formatRate(hook.rate), calls: args.hookCalls, awaited: true });
}
