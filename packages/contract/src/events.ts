import type { ErrorData } from './errors.js';
import type { OpenOrderMode } from './open-order-mode.js';
import type { OpenOrder } from './open-order.js';
import type { Outcome, Plan, PlannedAction } from './plan.js';
import type { ActionReport, OwnerReport, Recovery, RunReport } from './report.js';

/** The stream of what a run does, in order. The CLI renders it; the bot hook forwards it. */
export type CleanupEvent =
  | { type: 'run_started'; runId: string; dryRun: boolean; startup: boolean; mode: OpenOrderMode; accountIds: string[] }
  | { type: 'recovered'; recovery: Recovery }
  | { type: 'account_reading'; accountId: string }
  | { type: 'retrying'; accountId: string; call: string; attempt: number; delayMs: number; error: ErrorData }
  | { type: 'account_read'; accountId: string; owner: string; positions: number; openOrders: number }
  | { type: 'account_unreadable'; accountId: string; owner: string; error: ErrorData }
  | { type: 'plan_made'; plan: Plan }
  | { type: 'order_cancelling'; actionId: string; accountId: string; order: OpenOrder; dryRun: boolean }
  | { type: 'order_cancelled'; actionId: string; accountId: string; order: OpenOrder }
  | { type: 'position_closing'; action: PlannedAction; profitStatus: 'PENDING'; clientOrderId: string }
  | { type: 'position_closed'; action: PlannedAction; result: ActionReport; profitStatus: 'CONFIRMED'; outcome: Outcome }
  | { type: 'action_failed'; action: PlannedAction; result: ActionReport; error: ErrorData }
  | { type: 'action_skipped'; action: PlannedAction; result: ActionReport; reason: string; detail: string }
  | { type: 'reconciled'; owners: OwnerReport[] }
  | { type: 'run_finished'; report: RunReport };

/** The type tag of a {@link CleanupEvent}. */
export type CleanupEventType = CleanupEvent['type'];

/** Receives events. A listener that throws never stops a run. */
export type CleanupEventListener = (event: CleanupEvent) => void;
