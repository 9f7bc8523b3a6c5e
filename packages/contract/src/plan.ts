import { z } from 'zod';
import { HoldingSchema } from './snapshot.js';
import { OpenOrderSchema } from './open-order.js';
import { OpenOrderModeSchema, CancelConditionSchema } from './open-order-mode.js';
import { OwnerIdSchema } from './owner.js';

/** The classification of a position (SPEC "Classification"), in precedence order. */
export const PositionCategorySchema = z.enum(['protected', 'unpriced', 'dust', 'stuck', 'counted']);
/** The classification of a position. */
export type PositionCategory = z.infer<typeof PositionCategorySchema>;

/** The result of a close: by P&L % at the close; `UNKNOWN` without an entry price. */
export const OutcomeSchema = z.enum(['WIN', 'LOSS', 'BREAKEVEN', 'UNKNOWN']);
/** The result of a close. */
export type Outcome = z.infer<typeof OutcomeSchema>;

/** A holding after classification. */
export const ClassifiedPositionSchema = HoldingSchema.extend({
  category: PositionCategorySchema,
  /** quantity × priceUsd; null when unpriced. */
  usdValue: z.number().nullable(),
  /** (price − entry) / entry × 100, not rounded; null when unknown. */
  pnlPct: z.number().nullable(),
  /** Why a stuck position is stuck (e.g. `below minimum notional 1 USD`); null otherwise. */
  stuckReason: z.string().nullable(),
  /** Open orders of its account whose base asset is this position's asset. */
  openOrders: z.array(OpenOrderSchema),
});
/** A holding after classification. */
export type ClassifiedPosition = z.infer<typeof ClassifiedPositionSchema>;

/** Why a position is closed. */
export const CloseReasonSchema = z.enum(['dust', 'cap']);
/** Why a position is closed. */
export type CloseReason = z.infer<typeof CloseReasonSchema>;

/** One close the plan decided. */
export const PlannedActionSchema = z.strictObject({
  /** Stable id: `<accountId>:<asset>`. */
  id: z.string(),
  /** `sell` at market; `convert` through the broker's dust conversion (stuck positions only). */
  kind: z.enum(['sell', 'convert']),
  accountId: z.string(),
  owner: OwnerIdSchema,
  asset: z.string(),
  /** The market it is sold through (null for a conversion of an asset without one). */
  symbol: z.string().nullable(),
  reason: CloseReasonSchema,
  /** Total quantity at plan time. */
  quantity: z.number().positive(),
  priceUsd: z.number().positive(),
  usdValue: z.number().nonnegative(),
  pnlPct: z.number().nullable(),
  /** 1-based place in the owner's cap ranking (1 = first to close); null for dust. */
  rank: z.number().int().positive().nullable(),
  /** The outcome the close has at the plan's price. */
  outcome: OutcomeSchema,
  /** The open orders to cancel before selling. */
  ordersToCancel: z.array(OpenOrderSchema),
  /** For cap closes: the owner's counted positions and cap, for "Position cap exceeded (14/8)". */
  capContext: z.strictObject({ counted: z.number().int(), cap: z.number().int() }).nullable(),
});
/** One close the plan decided. */
export type PlannedAction = z.infer<typeof PlannedActionSchema>;

/** Why the planner left a position (or account) alone. */
export const SkipReasonSchema = z.enum(['open_orders', 'unpriced', 'stuck', 'protected', 'account_unreadable']);
/** Why the planner left a position alone. */
export type SkipReason = z.infer<typeof SkipReasonSchema>;

/** A position (or, for `account_unreadable`, an account) the planner decided not to touch. */
export const SkippedPositionSchema = z.strictObject({
  accountId: z.string(),
  owner: OwnerIdSchema,
  /** null for `account_unreadable`. */
  asset: z.string().nullable(),
  symbol: z.string().nullable(),
  reason: SkipReasonSchema,
  /** A sentence for people, e.g. `1 open order (abc123); conservative mode never cancels`. */
  detail: z.string(),
  usdValue: z.number().nullable(),
  /** Would-be close reason for `open_orders` skips; null otherwise. */
  wouldClose: CloseReasonSchema.nullable(),
});
/** A position the planner decided not to touch. */
export type SkippedPosition = z.infer<typeof SkippedPositionSchema>;

/** One owner's part of the plan. */
export const OwnerPlanSchema = z.strictObject({
  owner: OwnerIdSchema,
  /** The cap used for this owner. */
  cap: z.number().int().nonnegative(),
  /** False when one of its accounts could not be read: its total is unknown. */
  capEnforced: z.boolean(),
  /** Its accounts (readable or not). */
  accountIds: z.array(z.string()),
  /** Positions that are not cash and not protected (dust, unpriced, stuck included; unreadable excluded). */
  initial: z.number().int().nonnegative(),
  /** Positions counting toward the cap before cleanup. */
  counted: z.number().int().nonnegative(),
  /** Dust closes planned. */
  dustCloses: z.number().int().nonnegative(),
  /** Cap closes planned. */
  capCloses: z.number().int().nonnegative(),
  /** Counted positions the plan leaves. */
  expectedFinal: z.number().int().nonnegative(),
  /** Why the owner may end above its cap, or why the cap was not enforced; null when nothing to say. */
  note: z.string().nullable(),
});
/** One owner's part of the plan. */
export type OwnerPlan = z.infer<typeof OwnerPlanSchema>;

/** The plan: a pure function of a snapshot and the settings. */
export const PlanSchema = z.strictObject({
  mode: OpenOrderModeSchema,
  /** The mode that applied in this run (`nuclear` acts as `always` or `conservative`). */
  effectiveMode: z.enum(['conservative', 'always', 'selective']),
  conditions: z.array(CancelConditionSchema),
  startup: z.boolean(),
  dustThresholdUsd: z.number(),
  owners: z.array(OwnerPlanSchema),
  /** Dust closes first, then cap closes (each owner's in rank order). */
  actions: z.array(PlannedActionSchema),
  skipped: z.array(SkippedPositionSchema),
  /** Every position of every readable account, classified. */
  positions: z.array(ClassifiedPositionSchema),
});
/** The plan. */
export type Plan = z.infer<typeof PlanSchema>;
