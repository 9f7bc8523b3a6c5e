import { cleanupError, toErrorData, type PlannedAction } from '@forced-cleanup/contract';
import type { CloseContext } from './close-position.js';
import { checkBrokerOutput } from './validate-broker-output.js';

const CONFIRM_ATTEMPTS = 5;
const CONFIRM_DELAY_MS = 100;

/**
 * Cancels the action's chosen open orders, then confirms on the exchange that none of them is still open
 * (bounded polling) before anything is sold: funds held by an order are not free. Appends the ids actually
 * cancelled to `cancelled` as it goes (so a later failure still records them); an order already gone
 * (`order_not_found`) is not counted as cancelled.
 */
export async function cancelAndConfirm(action: PlannedAction, context: CloseContext, cancelled: string[]): Promise<void> {
  const { connection, emit, signal, journal, now } = context;
  for (const order of action.ordersToCancel) {
    emit({ type: 'order_cancelling', actionId: action.id, accountId: action.accountId, order, dryRun: false });
    const seq = journal.intent(
      { op: 'cancel', accountId: action.accountId, asset: action.asset, symbol: order.symbol, clientOrderId: null, orderId: order.id, quantity: order.quantity },
      now(),
    );
    try {
      await connection.cancelOrder({ id: order.id, symbol: order.symbol }, signal);
      journal.result(seq, { outcome: 'done', orderId: order.id, filledQuantity: null, error: null }, now());
      cancelled.push(order.id);
      emit({ type: 'order_cancelled', actionId: action.id, accountId: action.accountId, order });
    } catch (error) {
      const data = toErrorData(error);
      journal.result(seq, { outcome: data.code === 'order_not_found' ? 'done' : 'unknown', orderId: order.id, filledQuantity: null, error: data }, now());
      if (data.code !== 'order_not_found') throw error;
    }
  }
  const wanted = new Set(action.ordersToCancel.map((order) => order.id));
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    const open = checkBrokerOutput('openOrders', await connection.fetchOpenOrders(signal), action.accountId);
    const remaining = open.filter((order) => wanted.has(order.id));
    if (remaining.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, CONFIRM_DELAY_MS * (attempt + 1)));
  }
  throw cleanupError('timeout', `open orders of ${action.asset} still open after cancelling; nothing was sold`);
}
