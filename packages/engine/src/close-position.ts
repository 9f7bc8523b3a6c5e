import { outcomeOf, pnlPercent, roundDownToStep, stuckReason } from '@forced-cleanup/core';
import {
  cleanupError,
  toErrorData,
  type ActionReport,
  type BrokerConnection,
  type ClassifiedPosition,
  type CleanupEvent,
  type OrderReport,
  type PlannedAction,
} from '@forced-cleanup/contract';
import { failed, initialActionReport, skipped } from './action-report.js';
import type { Journal } from './journal.js';
import { checkBrokerOutput } from './validate-broker-output.js';

/** What closing the positions of one account needs. */
export interface AccountCloseContext {
  readonly connection: BrokerConnection;
  readonly emit: (event: CleanupEvent) => void;
  readonly signal: AbortSignal;
  /** Intents are written (and flushed) here before every cancelling or order-placing call. */
  readonly journal: Journal;
  /** The clock, ISO 8601. */
  readonly now: () => string;
}

/** What closing one position needs. */
export interface CloseContext extends AccountCloseContext {
  readonly clientOrderId: string;
  /** The classified position the action closes (its market rules and entry price). */
  readonly position: ClassifiedPosition;
}

/**
 * The end of the close sequence for one position, once its orders are cancelled and the account's free
 * balances re-read: round `min(free, planned quantity)` down to the market step; check the minimums (else
 * skipped as stuck, never retried); market-sell with the deterministic client order id; confirm the fill.
 * Ends in exactly one state — closed, failed or skipped — emitted and returned. Never throws.
 */
export async function sellPosition(action: PlannedAction, free: number, cancelled: readonly string[], context: CloseContext): Promise<ActionReport> {
  const report = { ...initialActionReport(action, 'failed'), ordersCancelled: [...cancelled] };
  try {
    if (action.symbol === null) throw cleanupError('market_not_found', `${action.asset} has no market to sell through`);
    // Never sell more than the plan valued: a balance that grew since the read may be a fresh position.
    const market = context.position.market;
    const quantity = roundDownToStep(Math.min(free, action.quantity), market?.quantityStep ?? null);
    const stuck = quantity <= 0 ? 'nothing free to sell' : stuckReason(quantity, action.priceUsd, market);
    if (stuck !== null) return emitResult(action, skipped(report, 'stuck', `${action.symbol}: ${stuck}`), context.emit);
    const order = await placeOrResolve(action, quantity, context);
    return emitResult(action, withFill({ ...report, clientOrderId: context.clientOrderId }, order, context.position.entryPrice), context.emit);
  } catch (error) {
    const data = toErrorData(error);
    const result = data.code === 'below_minimum' ? skipped(report, 'stuck', data.message) : failed(report, data);
    return emitResult(action, result, context.emit);
  }
}

/** Emits the event of a close's final state and returns the report. */
export function emitResult(action: PlannedAction, result: ActionReport, emit: (event: CleanupEvent) => void): ActionReport {
  if (result.status === 'closed') {
    emit({ type: 'position_closed', action, result, profitStatus: 'CONFIRMED', outcome: result.outcome });
  } else if (result.status === 'skipped') {
    emit({ type: 'action_skipped', action, result, reason: result.statusReason ?? 'skipped', detail: result.error?.message ?? '' });
  } else {
    const error = result.error ?? { code: 'unknown' as const, message: 'failed', retryable: false };
    emit({ type: 'action_failed', action, result, error });
  }
  return result;
}

/**
 * Places the sell once. An unclear outcome (timeout, lost connection) is resolved by looking the client
 * order id up — the order is never placed a second time.
 */
async function placeOrResolve(action: PlannedAction, quantity: number, context: CloseContext): Promise<OrderReport> {
  const { connection, clientOrderId, signal, journal, now } = context;
  const symbol = action.symbol as string;
  const seq = await journal.intent(
    { op: 'sell', accountId: action.accountId, asset: action.asset, symbol, clientOrderId, orderId: null, quantity },
    now(),
  );
  let order: OrderReport;
  try {
    order = checkBrokerOutput('order', await connection.placeMarketSell({ symbol, quantity, clientOrderId }, signal), action.accountId);
  } catch (error) {
    const data = toErrorData(error);
    if (data.code !== 'timeout' && data.code !== 'network' && data.code !== 'exchange_unavailable' && data.code !== 'malformed_response') {
      journal.result(seq, { outcome: 'failed', orderId: null, filledQuantity: 0, error: data }, now());
      throw error;
    }
    // The outcome is unclear: ask the exchange, never place the order again.
    const found = checkBrokerOutput('orderOrNull', await connection.lookupOrder({ clientOrderId, symbol }, signal), action.accountId);
    if (found === null) {
      journal.result(seq, { outcome: 'failed', orderId: null, filledQuantity: 0, error: data }, now());
      throw cleanupError(data.code, `${data.message} (the order was not found on the exchange: nothing was sold)`);
    }
    order = found;
  }
  const confirmed = await confirmFill(order, action, context);
  journal.result(seq, { outcome: confirmed.status === 'open' ? 'unknown' : 'done', orderId: confirmed.orderId, filledQuantity: confirmed.filledQuantity, error: null }, now());
  return confirmed;
}

/** Polls a market order that is still open until the exchange reports it done (bounded). */
async function confirmFill(order: OrderReport, action: PlannedAction, context: CloseContext): Promise<OrderReport> {
  let current = order;
  for (let attempt = 0; current.status === 'open' && attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    const lookup = { clientOrderId: context.clientOrderId, symbol: current.symbol, orderId: current.orderId };
    const found = checkBrokerOutput('orderOrNull', await context.connection.lookupOrder(lookup, context.signal), action.accountId);
    if (found) current = found;
  }
  return current;
}

function withFill(report: ActionReport, order: OrderReport, entryPrice: number | null): ActionReport {
  const base = { ...report, orderId: order.orderId, clientOrderId: order.clientOrderId };
  if (order.filledQuantity <= 0) {
    const code = order.status === 'open' ? 'timeout' : 'invalid_order';
    return failed(base, { code, message: `order ${order.orderId} ${order.status} with nothing filled`, retryable: false });
  }
  const averagePrice = order.averagePrice;
  const pnl = averagePrice !== null ? pnlPercent(averagePrice, entryPrice) : report.pnlPct;
  return {
    ...base,
    status: 'closed',
    filledQuantity: order.filledQuantity,
    averagePrice,
    proceedsUsd: averagePrice !== null ? order.filledQuantity * averagePrice : 0,
    partial: order.filledQuantity < order.requestedQuantity,
    pnlPct: pnl ?? report.pnlPct,
    outcome: pnl !== null ? outcomeOf(pnl) : report.outcome,
  };
}
