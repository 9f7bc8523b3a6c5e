import { z } from 'zod';
import { ErrorDataSchema } from './errors.js';
import { OpenOrderModeSchema } from './open-order-mode.js';
import { OwnerIdSchema } from './owner.js';
import { CloseReasonSchema, OutcomeSchema, SkippedPositionSchema } from './plan.js';

/** Where a planned close ended: `planned` in a dry run; otherwise exactly one of the other three. */
export const ActionStatusSchema = z.enum(['planned', 'closed', 'failed', 'skipped']);
/** Where a planned close ended. */
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

/** One planned close and what became of it (the `--json` `actions[]` entry). */
export const ActionReportSchema = z.strictObject({
  id: z.string(),
  accountId: z.string(),
  owner: OwnerIdSchema,
  asset: z.string(),
  symbol: z.string().nullable(),
  reason: CloseReasonSchema,
  kind: z.enum(['sell', 'convert']),
  usdValue: z.number(),
  pnlPct: z.number().nullable(),
  rank: z.number().int().nullable(),
  outcome: OutcomeSchema,
  status: ActionStatusSchema,
  /** Why it was skipped or failed (an error code, `stuck`, `open_orders`…); null otherwise. */
  statusReason: z.string().nullable(),
  /** Ids of the open orders the plan cancels first. */
  ordersToCancel: z.array(z.string()),
  /** Ids of the orders actually cancelled (in a dry run: none). */
  ordersCancelled: z.array(z.string()),
  /** The client order id of the sell, when one was placed. */
  clientOrderId: z.string().nullable(),
  /** The exchange's order id, when one was placed. */
  orderId: z.string().nullable(),
  /** Quantity sold. */
  filledQuantity: z.number().nonnegative(),
  /** Average fill price (quote), null when nothing was sold. */
  averagePrice: z.number().nullable(),
  /** USD received. */
  proceedsUsd: z.number().nonnegative(),
  /** True when the sell filled only part of the quantity. */
  partial: z.boolean(),
  error: ErrorDataSchema.nullable(),
});
/** One planned close and what became of it. */
export type ActionReport = z.infer<typeof ActionReportSchema>;

/** A difference between what the plan expected and what the final re-read found. */
export const ReconciliationDifferenceSchema = z.strictObject({
  accountId: z.string(),
  asset: z.string(),
  /** What the plan expected of this position after the run. */
  expected: z.enum(['closed', 'counted']),
  /** What the re-read found: its category, or `absent`. */
  found: z.enum(['absent', 'protected', 'unpriced', 'dust', 'stuck', 'counted']),
  detail: z.string(),
});
/** A difference between the plan and the re-read. */
export type ReconciliationDifference = z.infer<typeof ReconciliationDifferenceSchema>;

/** One owner's row of the report. */
export const OwnerReportSchema = z.strictObject({
  owner: OwnerIdSchema,
  cap: z.number().int(),
  initial: z.number().int(),
  dustClosed: z.number().int(),
  capClosed: z.number().int(),
  /** Positions counting toward the cap afterwards (re-read after a real run; the plan's in a dry run). */
  final: z.number().int(),
  expectedFinal: z.number().int(),
  capEnforced: z.boolean(),
  note: z.string().nullable(),
  differences: z.array(ReconciliationDifferenceSchema),
});
/** One owner's row of the report. */
export type OwnerReport = z.infer<typeof OwnerReportSchema>;

/** How an account fared in the run. */
export const AccountReportSchema = z.strictObject({
  accountId: z.string(),
  owner: OwnerIdSchema,
  broker: z.string(),
  state: z.enum(['ok', 'unreadable', 'partial_failure']),
  error: ErrorDataSchema.nullable(),
});
/** How an account fared in the run. */
export type AccountReport = z.infer<typeof AccountReportSchema>;

/** The run's totals (the FINAL SUMMARY). */
export const RunSummarySchema = z.strictObject({
  accountsProcessed: z.number().int(),
  initialPositions: z.number().int(),
  dustClosed: z.number().int(),
  capExcessClosed: z.number().int(),
  finalPositions: z.number().int(),
  reducedBy: z.number().int(),
  openOrdersCancelled: z.number().int(),
  failed: z.number().int(),
});
/** The run's totals. */
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** What the recovery of an interrupted run found for one journal intent without a result. */
export const RecoveredIntentSchema = z.strictObject({
  accountId: z.string(),
  asset: z.string(),
  /** `sell`, `convert` or `cancel`. */
  operation: z.enum(['sell', 'convert', 'cancel']),
  clientOrderId: z.string().nullable(),
  orderId: z.string().nullable(),
  /** What the exchange says now: the order filled (in full or in part), was never placed, the cancel took effect or not, or the lookup failed. */
  found: z.enum(['filled', 'partially_filled', 'not_placed', 'open', 'cancelled', 'still_open', 'unresolved']),
  detail: z.string(),
});
/** What the recovery found for one intent. */
export type RecoveredIntent = z.infer<typeof RecoveredIntentSchema>;

/** The recovery of an interrupted run, done before anything else. */
export const RecoverySchema = z.strictObject({
  /** The interrupted run (the new run has its own id: recovery, not replay, settles what was in flight). */
  interruptedRunId: z.string(),
  interruptedAt: z.string(),
  intents: z.array(RecoveredIntentSchema),
});
/** The recovery of an interrupted run. */
export type Recovery = z.infer<typeof RecoverySchema>;

/** The run report: the `--json` document, and what the engine returns. */
export const RunReportSchema = z.strictObject({
  runId: z.string(),
  dryRun: z.boolean(),
  mode: OpenOrderModeSchema,
  startup: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  owners: z.array(OwnerReportSchema),
  actions: z.array(ActionReportSchema),
  skipped: z.array(SkippedPositionSchema),
  accounts: z.array(AccountReportSchema),
  summary: RunSummarySchema,
  /** Present when this run first recovered an interrupted one. */
  recovery: RecoverySchema.nullable(),
});
/** The run report. */
export type RunReport = z.infer<typeof RunReportSchema>;
