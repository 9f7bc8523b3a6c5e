import { z } from 'zod';
import { ErrorDataSchema, OwnerIdSchema, PositionCategorySchema } from '@forced-cleanup/contract';

/** One position as `analyze` shows it. */
export const AnalyzedPositionSchema = z.strictObject({
  accountId: z.string(),
  asset: z.string(),
  symbol: z.string().nullable(),
  quantity: z.number(),
  priceUsd: z.number().nullable(),
  /** null when unpriced. */
  usdValue: z.number().nullable(),
  /** A percentage (2.5 = +2.5 %), null when unknown. */
  pnlPct: z.number().nullable(),
  /** The planner's classification at the configured threshold. */
  category: PositionCategorySchema,
  /** The value band of a counted position (`winning`, `small`…, or `minor` below every band); else the category. */
  band: z.string(),
  /** Open orders trading this asset in its account. */
  openOrders: z.number().int().nonnegative(),
  /** Why a stuck position cannot be sold; null otherwise. */
  stuckReason: z.string().nullable(),
});
/** One position as `analyze` shows it. */
export type AnalyzedPosition = z.infer<typeof AnalyzedPositionSchema>;

/** What one dust threshold would do to an owner. */
export const ThresholdImpactSchema = z.strictObject({
  thresholdUsd: z.number().nonnegative(),
  /** True for the threshold in force (flags > environment > config). */
  configured: z.boolean(),
  /** Positions that would count toward the cap. */
  counted: z.number().int().nonnegative(),
  /** Positions that would be dust (and closed). */
  dust: z.number().int().nonnegative(),
  /** `max(0, cap − counted)`: entries the bot could open. */
  freeSlots: z.number().int().nonnegative(),
  /** `max(0, counted − cap)`: what a run would close for the cap. */
  overCap: z.number().int().nonnegative(),
});
/** What one dust threshold would do to an owner. */
export type ThresholdImpact = z.infer<typeof ThresholdImpactSchema>;

/** One owner's analysis. */
export const OwnerAnalysisSchema = z.strictObject({
  owner: OwnerIdSchema,
  /** The owner's cap (its override, else the cap in force). */
  cap: z.number().int().nonnegative(),
  accountIds: z.array(z.string()),
  /** False when an account of the owner was unreadable or left out by --account: the figures are partial. */
  complete: z.boolean(),
  /** Why the figures are partial; null when complete. */
  incompleteReason: z.string().nullable(),
  /** Protected positions are left out of `positions` and `valueUsd` (as from the report's `initial`). */
  totals: z.strictObject({
    positions: z.number().int(),
    valueUsd: z.number(),
    counted: z.number().int(),
    dust: z.number().int(),
    dustValueUsd: z.number(),
    stuck: z.number().int(),
    unpriced: z.number().int(),
    protected: z.number().int(),
  }),
  /** Sorted by value, largest first; unpriced last. */
  positions: z.array(AnalyzedPositionSchema),
  /** One row per threshold, smallest first. */
  thresholdImpact: z.array(ThresholdImpactSchema),
  /** Sentences for people, most important first. */
  recommendation: z.array(z.string()),
});
/** One owner's analysis. */
export type OwnerAnalysis = z.infer<typeof OwnerAnalysisSchema>;

/** The `analyze --json` document. */
export const AnalysisSchema = z.strictObject({
  /** When the accounts were read (ISO 8601). */
  takenAt: z.string(),
  dustThresholdUsd: z.number(),
  bands: z.array(z.strictObject({ name: z.string(), minUsd: z.number() })),
  thresholds: z.array(z.number()),
  accounts: z.array(
    z.strictObject({ accountId: z.string(), owner: OwnerIdSchema, broker: z.string(), readable: z.boolean(), error: ErrorDataSchema.nullable() }),
  ),
  owners: z.array(OwnerAnalysisSchema),
});
/** The `analyze --json` document. */
export type Analysis = z.infer<typeof AnalysisSchema>;
