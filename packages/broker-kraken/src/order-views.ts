import { cleanupError, type OpenOrder, type OrderReport, type OrderStatus } from '@forced-cleanup/contract';
import type { KrakenOrder } from './kraken-responses.js';
import type { KrakenMarket, PairDirectory } from './pair-directory.js';

/** Kraken writes order quantities with 8 decimals: differences below this are rounding, not quantity. */
const QUANTITY_EPSILON = 1e-9;

/**
 * The pair of an order (`descr.pair` is the altname). An order on a pair Kraken does not list is
 * `malformed_response`: guessing its asset could make a position look free of open orders.
 */
export function marketOfOrder(order: KrakenOrder, txid: string, pairs: PairDirectory): KrakenMarket {
  const market = pairs.findByName(order.descr.pair);
  if (!market) throw cleanupError('malformed_response', `Kraken order ${txid} trades ${order.descr.pair}, a pair AssetPairs does not list`);
  return market;
}

/** A Kraken open order in the contract's form. */
export function toOpenOrder(txid: string, order: KrakenOrder, pairs: PairDirectory): OpenOrder {
  const market = marketOfOrder(order, txid, pairs);
  return {
    id: txid,
    symbol: market.symbol,
    base: market.base,
    quote: market.quote,
    side: order.descr.type,
    quantity: Math.max(0, roundQuantity(order.vol - order.vol_exec)),
    price: order.descr.price > 0 ? order.descr.price : null,
    clientOrderId: order.cl_ord_id ?? null,
  };
}

/** Kraken's order status in the contract's terms. A done order that filled in part is `partially_filled`. */
export function statusOf(order: KrakenOrder): OrderStatus {
  if (order.status === 'open' || order.status === 'pending') return 'open';
  const filledAll = order.vol_exec >= order.vol - QUANTITY_EPSILON;
  if (order.status === 'closed') return filledAll ? 'filled' : order.vol_exec > 0 ? 'partially_filled' : 'cancelled';
  return order.vol_exec > 0 ? 'partially_filled' : 'cancelled';
}

/** A Kraken order in the contract's report form, under the client order id forced-cleanup placed it with. */
export function toOrderReport(txid: string, order: KrakenOrder, clientOrderId: string, pairs: PairDirectory): OrderReport {
  const market = marketOfOrder(order, txid, pairs);
  return {
    orderId: txid,
    clientOrderId,
    symbol: market.symbol,
    side: order.descr.type,
    status: statusOf(order),
    requestedQuantity: order.vol,
    filledQuantity: order.vol_exec,
    averagePrice: order.vol_exec > 0 && order.price > 0 ? order.price : null,
  };
}

/** The report of an order just placed whose state could not be read yet: open, nothing filled. */
export function pendingReport(txid: string, clientOrderId: string, market: KrakenMarket, volume: number): OrderReport {
  return { orderId: txid, clientOrderId, symbol: market.symbol, side: 'sell', status: 'open', requestedQuantity: volume, filledQuantity: 0, averagePrice: null };
}

/** Removes binary noise from a difference of two 8-decimal quantities. */
export function roundQuantity(value: number): number {
  return Number(value.toFixed(10));
}
