import type { ActionReport, ActionStatus, ErrorData, PlannedAction } from '@forced-cleanup/contract';

/** The report entry of a planned action before anything happened to it. */
export function initialActionReport(action: PlannedAction, status: ActionStatus): ActionReport {
  return {
    id: action.id,
    accountId: action.accountId,
    owner: action.owner,
    asset: action.asset,
    symbol: action.symbol,
    reason: action.reason,
    kind: action.kind,
    usdValue: action.usdValue,
    pnlPct: action.pnlPct,
    rank: action.rank,
    outcome: action.outcome,
    status,
    statusReason: null,
    ordersToCancel: action.ordersToCancel.map((order) => order.id),
    ordersCancelled: [],
    clientOrderId: null,
    orderId: null,
    filledQuantity: 0,
    averagePrice: null,
    proceedsUsd: 0,
    partial: false,
    error: null,
  };
}

/** Marks a report failed with an error. */
export function failed(report: ActionReport, error: ErrorData): ActionReport {
  return { ...report, status: 'failed', statusReason: error.code, error };
}

/** Marks a report skipped with a reason (e.g. `stuck`, `open_orders`). */
export function skipped(report: ActionReport, reason: string, detail: string): ActionReport {
  return { ...report, status: 'skipped', statusReason: reason, error: { code: 'below_minimum', message: detail, retryable: false } };
}
