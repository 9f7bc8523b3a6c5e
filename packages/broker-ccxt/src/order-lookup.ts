import type { CcxtExchange } from './ccxt-exchange.js';
import { CcxtOrderSchema, CcxtOrdersSchema, parseCcxt, type CcxtOrder } from './ccxt-shapes.js';
import { classNamesOf } from './errors.js';
import type { LookupStrategy } from './exchange-profiles.js';

/*
 * Finding an order placed earlier by its client order id: how the engine resolves a sell whose outcome is
 * unclear (a timeout, a lost answer) instead of selling twice. A wrong answer is worse than none: an order
 * is only ever returned when it carries the client order id asked for.
 */

/** What to look for. */
export interface OrderQuery {
  readonly clientOrderId: string;
  /** ccxt's symbol of the market. */
  readonly ccxtSymbol: string;
  /** The exchange order id, when known. */
  readonly orderId?: string | undefined;
}

function isOrderNotFound(error: unknown): boolean {
  return classNamesOf(error).includes('OrderNotFound');
}

/** Orders carrying the client order id (and the order id, when given), newest first. */
function matching(orders: readonly CcxtOrder[], query: OrderQuery): CcxtOrder[] {
  return orders
    .filter((order) => order.clientOrderId === query.clientOrderId && (query.orderId === undefined || order.id === query.orderId))
    .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
}

/** Binance answers `GET /api/v3/order` by client order id for open, filled and cancelled orders alike. */
async function lookUpOnBinance(exchange: CcxtExchange, query: OrderQuery): Promise<CcxtOrder | null> {
  let answer: unknown;
  try {
    answer = await exchange.fetchOrder('', query.ccxtSymbol, { origClientOrderId: query.clientOrderId });
  } catch (error) {
    if (isOrderNotFound(error)) return null;
    throw error;
  }
  const order = parseCcxt(CcxtOrderSchema, answer, exchange.id, 'lookupOrder');
  return order.clientOrderId === query.clientOrderId ? order : null;
}

/** Open orders, then closed orders, each filtered by the exchange on the client order id (Kraken `cl_ord_id`). */
async function lookUpInFilteredLists(exchange: CcxtExchange, query: OrderQuery): Promise<CcxtOrder | null> {
  const params = { clientOrderId: query.clientOrderId };
  const open = parseCcxt(CcxtOrdersSchema, await exchange.fetchOpenOrders(undefined, undefined, undefined, params), exchange.id, 'lookupOrder');
  const found = matching(open, query)[0];
  if (found) return found;
  const closed = parseCcxt(CcxtOrdersSchema, await exchange.fetchClosedOrders(undefined, undefined, undefined, params), exchange.id, 'lookupOrder');
  return matching(closed, query)[0] ?? null;
}

/** Any other exchange: by order id when known, else the market's open and recent closed orders. */
async function lookUpByScanning(exchange: CcxtExchange, query: OrderQuery): Promise<CcxtOrder | null> {
  if (query.orderId !== undefined && exchange.has['fetchOrder']) {
    try {
      const order = parseCcxt(CcxtOrderSchema, await exchange.fetchOrder(query.orderId, query.ccxtSymbol), exchange.id, 'lookupOrder');
      // Some exchanges do not echo client order ids: the order id alone identifies it then.
      return order.clientOrderId == null || order.clientOrderId === query.clientOrderId ? { ...order, clientOrderId: query.clientOrderId } : null;
    } catch (error) {
      if (isOrderNotFound(error)) return null;
      throw error;
    }
  }
  const lists: unknown[] = [];
  if (exchange.has['fetchOpenOrders']) lists.push(await exchange.fetchOpenOrders(query.ccxtSymbol));
  if (exchange.has['fetchClosedOrders']) lists.push(await exchange.fetchClosedOrders(query.ccxtSymbol));
  const orders = lists.flatMap((list) => parseCcxt(CcxtOrdersSchema, list, exchange.id, 'lookupOrder'));
  return matching(orders, query)[0] ?? null;
}

/** The order placed with `query.clientOrderId`, or null when the exchange has none. */
export function lookUpOrder(exchange: CcxtExchange, strategy: LookupStrategy, query: OrderQuery): Promise<CcxtOrder | null> {
  switch (strategy) {
    case 'binance':
      return lookUpOnBinance(exchange, query);
    case 'filtered-lists':
      return lookUpInFilteredLists(exchange, query);
    default:
      return lookUpByScanning(exchange, query);
  }
}
