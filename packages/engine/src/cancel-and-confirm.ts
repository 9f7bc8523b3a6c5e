import { cleanupError, toErrorData, type ErrorData, type PlannedAction } from '@forced-cleanup/contract';
import type { AccountCloseContext } from './close-position.js';
import { checkBrokerOutput } from './validate-broker-output.js';

const CONFIRM_ATTEMPTS = 5;
const CONFIRM_DELAY_MS = 100;

/** What cancelling an account's chosen orders did. */
export interface CancelOutcome {
  /** Per action id: the orders actually cancelled (an order already gone is not counted). */
  readonly cancelled: Map<string, string[]>;
  /** Per action id: why it must not be sold (a cancel failed, or an order is still open). */
  readonly failures: Map<string, ErrorData>;
}

/**
 * Cancels the chosen open orders of an account's actions, then confirms on the exchange — with one
 * (bounded, polled) read of the open orders for the whole account — that none of them is still open, before
 * anything is sold: funds held by an order are not free. An action whose cancel failed or whose order is
 * still open is not sold; the others are unaffected.
 */
export async function cancelAndConfirm(actions: readonly PlannedAction[], context: AccountCloseContext): Promise<CancelOutcome> {
  const { connection, emit, signal, journal, now } = context;
  const cancelled = new Map<string, string[]>();
  const failures = new Map<string, ErrorData>();
  const owner = new Map<string, string>();
  for (const action of actions) {
    for (const order of action.ordersToCancel) {
      if (failures.has(action.id)) break;
      emit({ type: 'order_cancelling', actionId: action.id, accountId: action.accountId, order, dryRun: false });
      const seq = await journal.intent(
        { op: 'cancel', accountId: action.accountId, asset: action.asset, symbol: order.symbol, clientOrderId: null, orderId: order.id, quantity: order.quantity },
        now(),
      );
      try {
        await connection.cancelOrder({ id: order.id, symbol: order.symbol }, signal);
        journal.result(seq, { outcome: 'done', orderId: order.id, filledQuantity: null, error: null }, now());
        cancelled.set(action.id, [...(cancelled.get(action.id) ?? []), order.id]);
        emit({ type: 'order_cancelled', actionId: action.id, accountId: action.accountId, order });
      } catch (error) {
        const data = toErrorData(error);
        journal.result(seq, { outcome: data.code === 'order_not_found' ? 'done' : 'unknown', orderId: order.id, filledQuantity: null, error: data }, now());
        if (data.code !== 'order_not_found') failures.set(action.id, data);
      }
      owner.set(order.id, action.id);
    }
  }
  if (owner.size === 0) return { cancelled, failures };
  try {
    for (let attempt = 0; ; attempt++) {
      const open = checkBrokerOutput('openOrders', await connection.fetchOpenOrders(signal), actions[0]?.accountId ?? '');
      const remaining = open.filter((order) => owner.has(order.id) && !failures.has(owner.get(order.id) as string));
      if (remaining.length === 0) break;
      if (attempt + 1 >= CONFIRM_ATTEMPTS) {
        for (const order of remaining) {
          const actionId = owner.get(order.id) as string;
          failures.set(actionId, toErrorData(cleanupError('timeout', `order ${order.id} is still open after cancelling: nothing was sold`)));
        }
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, CONFIRM_DELAY_MS * (attempt + 1)));
    }
  } catch (error) {
    // Without a confirmation, nothing whose funds an order may still hold is sold.
    const data = toErrorData(error);
    for (const actionId of new Set(owner.values())) if (!failures.has(actionId)) failures.set(actionId, data);
  }
  return { cancelled, failures };
}
