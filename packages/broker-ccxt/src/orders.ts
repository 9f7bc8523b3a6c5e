import { cleanupError, type OpenOrder, type OrderReport, type OrderStatus } from '@forced-cleanup/contract';
import type { CcxtOrder } from './ccxt-shapes.js';
import { contractSymbolOfUnindexed, type MarketIndex } from './market-index.js';

/*
 * ccxt's order structure as the contract's open orders and order reports. ccxt's statuses are `open`,
 * `closed` (done), `canceled`, `expired` and `rejected`; whether a done order filled in full is read from
 * its quantities, never assumed.
 */

/** Relative float noise tolerated when comparing filled with asked quantities. */
const RELATIVE_TOLERANCE = 1e-9;

function malformed(exchange: string, what: string, detail: string): Error {
  return cleanupError('malformed_response', `ccxt ${exchange} ${what}: ${detail}`);
}

function usableNumber(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The market of an order in contract form: indexed, else parsed from `BASE/QUOTE`. */
function marketOf(order: CcxtOrder, index: MarketIndex, exchange: string, what: string): { symbol: string; base: string; quote: string } {
  const ccxtSymbol = order.symbol;
  if (!ccxtSymbol) throw malformed(exchange, what, `order ${order.id} has no market`);
  const indexed = index.contractSymbol(ccxtSymbol);
  const market = indexed !== undefined ? index.market(indexed)?.rules : undefined;
  if (market) return { symbol: market.symbol, base: market.base, quote: market.quote };
  const parsed = contractSymbolOfUnindexed(ccxtSymbol);
  if (!parsed) throw malformed(exchange, what, `order ${order.id} has a market ccxt could not name (${ccxtSymbol})`);
  return parsed;
}

/** One open order. Its quantity is what remains to fill; a limit price of 0 or none is null. */
export function toOpenOrder(order: CcxtOrder, index: MarketIndex, exchange: string): OpenOrder {
  const what = 'fetchOpenOrders';
  const { symbol, base, quote } = marketOf(order, index, exchange, what);
  if (order.side !== 'buy' && order.side !== 'sell') throw malformed(exchange, what, `order ${order.id} has no buy or sell side`);
  const amount = usableNumber(order.amount);
  const filled = usableNumber(order.filled) ?? 0;
  const quantity = usableNumber(order.remaining) ?? (amount !== null ? amount - filled : null);
  if (quantity === null || quantity < 0) throw malformed(exchange, what, `order ${order.id} has no remaining quantity`);
  const price = usableNumber(order.price);
  return {
    id: order.id,
    symbol,
    base,
    quote,
    side: order.side,
    quantity,
    price: price !== null && price > 0 ? price : null,
    clientOrderId: order.clientOrderId ?? null,
  };
}

/** The contract status of a ccxt order, from its status and quantities. */
export function statusOf(order: CcxtOrder, requested: number): OrderStatus {
  const filled = usableNumber(order.filled) ?? 0;
  switch (order.status) {
    case 'closed':
      return filled >= requested * (1 - RELATIVE_TOLERANCE) ? 'filled' : 'partially_filled';
    case 'canceled':
    case 'cancelled':
    case 'expired':
      return filled > 0 ? 'partially_filled' : 'cancelled';
    case 'rejected':
      return 'rejected';
    default:
      // `open`, or a status the exchange did not send: the engine looks the order up again.
      return 'open';
  }
}

/** What the report of an order is about. */
export interface ReportSubject {
  /** The contract symbol the order was placed on. */
  readonly symbol: string;
  /** The client order id it was placed with. */
  readonly clientOrderId: string;
  /** The quantity asked for, when the exchange's answer does not repeat it. */
  readonly requestedQuantity: number;
}

/** An order placed by forced-cleanup, as the contract reports it. */
export function toOrderReport(order: CcxtOrder, subject: ReportSubject, exchange: string, what: string): OrderReport {
  if (order.side && order.side !== 'sell' && order.side !== 'buy') throw malformed(exchange, what, `order ${order.id} has side ${order.side}`);
  const requested = usableNumber(order.amount) ?? subject.requestedQuantity;
  const filled = usableNumber(order.filled) ?? 0;
  if (requested < 0 || filled < 0) throw malformed(exchange, what, `order ${order.id} has a negative quantity`);
  const average = usableNumber(order.average);
  const cost = usableNumber(order.cost);
  let averagePrice: number | null = null;
  if (filled > 0) averagePrice = average !== null && average > 0 ? average : cost !== null && cost > 0 ? cost / filled : null;
  return {
    orderId: order.id,
    clientOrderId: order.clientOrderId ?? subject.clientOrderId,
    symbol: subject.symbol,
    side: order.side === 'buy' ? 'buy' : 'sell',
    status: statusOf(order, requested),
    requestedQuantity: requested,
    filledQuantity: filled,
    averagePrice,
  };
}
