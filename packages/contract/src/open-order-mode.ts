import { z } from 'zod';

/**
 * How open orders on a position selected for closing are handled:
 * - `conservative`: never cancel; such a position is skipped (the cap takes the next-ranked one instead).
 * - `always`: cancel the position's open orders, then close it.
 * - `nuclear`: like `always` in a startup run, like `conservative` in every later periodic run.
 * - `selective`: cancel iff any cancel condition holds; otherwise as `conservative`.
 */
export const OpenOrderModeSchema = z.enum(['conservative', 'always', 'nuclear', 'selective']);
/** How open orders are handled; see {@link OpenOrderModeSchema}. */
export type OpenOrderMode = z.infer<typeof OpenOrderModeSchema>;

/** One parsed `--cancel-if` condition. */
export const CancelConditionSchema = z.discriminatedUnion('field', [
  z.strictObject({
    /** Compare the position's USD value. */
    field: z.literal('usd_value'),
    /** The comparison. */
    op: z.enum(['<', '<=', '>', '>=']),
    /** A finite number ≥ 0. */
    value: z.number().nonnegative(),
  }),
  z.strictObject({
    /** True for a position chosen by the owner's cap ranking. */
    field: z.literal('rank'),
    /** Only `>` exists. */
    op: z.literal('>'),
    /** Only `max_positions` exists. */
    value: z.literal('max_positions'),
  }),
]);
/** One parsed `--cancel-if` condition. */
export type CancelCondition = z.infer<typeof CancelConditionSchema>;

/** The resolved open-order policy of a run. */
export interface OpenOrderPolicy {
  /** The mode. */
  readonly mode: OpenOrderMode;
  /** The conditions, non-empty exactly when the mode is `selective`. */
  readonly conditions: readonly CancelCondition[];
  /** The conditions as the user wrote them, for display. */
  readonly conditionsText: string | null;
}
