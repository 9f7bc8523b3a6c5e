import { z } from 'zod';
import { cleanupError, describeIssues, type AccountConfig } from '@forced-cleanup/contract';
import { PaperFaultsSchema, type PaperFault } from './paper-faults.js';
import { checkBookConsistency, paperBookShape, PAPER_STATE_VERSION, WHEN_FIELDS_VALID, type PaperState } from './paper-state.js';

/** The longest latency accepted: beyond it a call would look hung, and Node timers overflow far above. */
export const MAX_LATENCY_MS = 600_000;

/**
 * The `paper:` block of an account: the exchange's initial state (used only while the state file does
 * not exist yet) and how the simulated connection behaves (latency, injected faults). Unknown keys are errors: a misspelt option
 * must never silently fall back to a default.
 */
export const PaperOptionsSchema = z
  .strictObject({
    ...paperBookShape,
    /** Added to every call before it runs; the call's AbortSignal interrupts it. */
    latencyMs: z
      .number({ error: `expected a number of milliseconds from 0 to ${MAX_LATENCY_MS}` })
      .min(0, { error: `expected a number of milliseconds from 0 to ${MAX_LATENCY_MS}` })
      .max(MAX_LATENCY_MS, { error: `expected a number of milliseconds from 0 to ${MAX_LATENCY_MS}` })
      .default(0),
    /** Injected faults, for tests of the engine; checked in order, the first matching entry applies. */
    faults: PaperFaultsSchema,
  })
  .superRefine((options, ctx) => checkBookConsistency(options, ctx), WHEN_FIELDS_VALID);
/** The `paper:` block as written. */
export type PaperOptionsInput = z.input<typeof PaperOptionsSchema>;
/** The `paper:` block after validation. */
export type PaperOptions = z.output<typeof PaperOptionsSchema>;

/** What connecting needs from an account's options. */
export interface ResolvedPaperOptions {
  /** The state a new state file starts from. */
  readonly initialState: PaperState;
  /** Milliseconds added to every call. */
  readonly latencyMs: number;
  /** Injected faults, in the order written (empty: a well-behaved exchange). */
  readonly faults: readonly PaperFault[];
}

/**
 * Validates an account's `paper:` block. A missing block is an empty exchange (useful when the state file
 * already exists, or is written by a test). Rejects with `invalid_config` naming every bad path, e.g.
 * `accounts[platform_coinbase].paper.positions[3].quantity: expected a number ≥ 0`.
 */
export function resolvePaperOptions(account: AccountConfig): ResolvedPaperOptions {
  const root = `accounts[${account.id}].paper`;
  const raw: unknown = account['paper'] ?? {};
  const parsed = PaperOptionsSchema.safeParse(raw);
  if (!parsed.success) throw cleanupError('invalid_config', describeIssues(root, parsed.error));
  const { latencyMs, faults, cash, positions, openOrders, markets } = parsed.data;
  return {
    latencyMs,
    faults,
    initialState: { version: PAPER_STATE_VERSION, cash, positions, openOrders, markets, fills: [], nextOrderNumber: 1 },
  };
}
