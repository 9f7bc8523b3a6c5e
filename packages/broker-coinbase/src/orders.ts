import type { OpenOrder, OrderReport, OrderStatus } from '@forced-cleanup/contract';
import { sumDecimals } from './decimal-text.js';
import { malformed, type CoinbaseOperation } from './errors.js';
import type { WireOrder } from './wire-schemas.js';

/*
 * Coinbase orders in the contract's two forms: an open order (what a position's open-order rules look at)
 * and an order report (what a close records). Statuses not in Coinbase's documented list are malformed:
 * guessing whether an unknown status means "filled" could record a sale that did not happen.
 */

/** Coinbase's order statuses → contract statuses (before the fill decides between cancelled and partial). */
const STATUSES: Readonly<Record<string, OrderStatus>> = {
  OPEN: 'open',
  PENDING: 'open',
  QUEUED: 'open',
  CANCEL_QUEUED: 'open',
  // Coinbase does not know yet: looking again later is the only safe reading.
  UNKNOWN_ORDER_STATUS: 'open',
  FILLED: 'filled',
  CANCELLED: 'cancelled',
  EXPIRED: 'cancelled',
  FAILED: 'rejected',
};

const SYMBOL = /^([^\s-]+)-([^\s-]+)$/;

/** The first size/price field found in the order's configuration (there is one configuration per order). */
function configField(order: WireOrder, field: 'base_size' | 'limit_price'): number | null {
  for (const body of Object.values(order.order_configuration ?? {})) {
    const value = body[field];
    if (typeof value === 'number') return value;
  }
  return null;
}

function splitSymbol(order: WireOrder, operation: CoinbaseOperation): { base: string; quote: string } {
  const match = SYMBOL.exec(order.product_id);
  if (!match?.[1] || !match[2]) throw malformed(operation, `order product_id is not BASE-QUOTE`);
  return { base: match[1], quote: match[2] };
}

/** The contract open order of a Coinbase order whose status is OPEN; null for any other status. */
export function openOrderFromWire(order: WireOrder, operation: CoinbaseOperation): OpenOrder | null {
  // The status filter of the request is not trusted alone: a serialiser bug once made Coinbase ignore it.
  if (order.status !== 'OPEN') return null;
  const { base, quote } = splitSymbol(order, operation);
  const requested = configField(order, 'base_size');
  const remaining = order.leaves_quantity ?? (requested !== null ? Math.max(0, sumDecimals([requested, -(order.filled_size ?? 0)])) : null);
  if (remaining === null) throw malformed(operation, 'open order has neither leaves_quantity nor base_size');
  return {
    id: order.order_id,
    symbol: order.product_id,
    base,
    quote,
    side: order.side === 'SELL' ? 'sell' : 'buy',
    quantity: remaining,
    price: configField(order, 'limit_price'),
    clientOrderId: order.client_order_id === '' ? null : order.client_order_id,
  };
}

/** The contract report of an order (placed by forced-cleanup, or found by lookup). */
export function orderReportFromWire(order: WireOrder, operation: CoinbaseOperation): OrderReport {
  const mapped = STATUSES[order.status];
  if (mapped === undefined) throw malformed(operation, `unknown order status`);
  splitSymbol(order, operation);
  const filled = order.filled_size ?? 0;
  const requested = configField(order, 'base_size') ?? sumDecimals([filled, order.leaves_quantity ?? 0]);
  const ended = mapped === 'cancelled' || mapped === 'rejected';
  const status: OrderStatus = ended && filled > 0 ? 'partially_filled' : mapped;
  const average = order.average_filled_price ?? null;
  return {
    orderId: order.order_id,
    clientOrderId: order.client_order_id,
    symbol: order.product_id,
    side: order.side === 'SELL' ? 'sell' : 'buy',
    status,
    requestedQuantity: requested,
    filledQuantity: filled,
    averagePrice: filled > 0 && average !== null && average > 0 ? average : null,
  };
}
