import { randomBytes } from 'node:crypto';
import { jsonWithLastKey } from '../../server/fragment-cache.js';
import { jsonResponse, jsonTextResponse, type ProtocolContext, type SimResponse } from '../../server/protocol.js';
import { fixed, multiply, parseDecimal, writtenDecimals } from '../../state/decimal.js';
import { balanceOf, cancelOpenOrder, executeMarketSell, ordersWhere, ruleViolations, type AnyOrder } from '../../state/ledger.js';
import { splitSymbol } from '../../state/schema.js';
import { binanceError, binanceSymbol, clientIdOf, missingParameter, neutralSymbol, orderView } from './wire.js';

/**
 * Binance's order endpoints: place (MARKET SELL by `quantity`, the only type the sim simulates), query,
 * cancel, and list. Like Binance, `newClientOrderId` must be unique among OPEN orders only (-2010
 * "Duplicate order sent."): a filled market order's id can be sent again and sells again.
 */

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const QUANTITY = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;

function nextOrderId(context: ProtocolContext): string {
  let highest = 1_000_000;
  for (const orders of [context.state.openOrders, context.state.pastOrders]) {
    for (const order of orders) {
      const id = Number(order.id);
      if (Number.isSafeInteger(id) && id > highest) highest = id;
    }
  }
  return String(highest + 1);
}

/** `POST /api/v3/order`. */
export function placeBinanceOrder(params: URLSearchParams, context: ProtocolContext): SimResponse {
  const { state } = context;
  const wireSymbol = params.get('symbol');
  if (!wireSymbol) return missingParameter('symbol');
  const symbol = neutralSymbol(state, wireSymbol);
  const market = symbol === null ? undefined : state.markets[symbol];
  if (symbol === null || !market) return binanceError(-1121, 'Invalid symbol.');
  const side = params.get('side');
  if (!side) return missingParameter('side');
  const type = params.get('type');
  if (!type) return missingParameter('type');
  if (side !== 'SELL' || type !== 'MARKET') return binanceError(-1000, 'exchange-sim simulates MARKET SELL orders by quantity only.');
  const quantityText = params.get('quantity');
  if (!quantityText) return missingParameter('quantity');
  if (!QUANTITY.test(quantityText)) return binanceError(-1100, "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.");
  if (writtenDecimals(quantityText) > 8) return binanceError(-1111, "Parameter 'quantity' has too much precision.");
  const quantity = parseDecimal(quantityText) ?? 0;
  if (quantity <= 0) return binanceError(-1013, 'Invalid quantity.');

  const requestedClientId = params.get('newClientOrderId');
  if (requestedClientId !== null && !CLIENT_ID.test(requestedClientId)) {
    return binanceError(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
  }
  if (requestedClientId !== null && state.openOrders.some((order) => clientIdOf(order) === requestedClientId)) {
    return binanceError(-2010, 'Duplicate order sent.');
  }
  const violations = ruleViolations(market, quantity);
  if (violations.includes('below_min_quantity') || violations.includes('bad_step')) return binanceError(-1013, 'Filter failure: LOT_SIZE');
  if (violations.includes('below_min_notional')) return binanceError(-1013, 'Filter failure: NOTIONAL');
  if (market.price === null) return binanceError(-2010, 'Market is closed.');
  const { quote, base } = splitSymbol(symbol);
  if (balanceOf(state, base).free + 1e-12 < quantity) return binanceError(-2010, 'Account has insufficient balance for requested action.');

  const now = context.now();
  const order = executeMarketSell(state, {
    symbol,
    quantity,
    clientOrderId: requestedClientId ?? `x-SIM${randomBytes(11).toString('hex')}`,
    orderId: nextOrderId(context),
    at: new Date(now).toISOString(),
  });
  const orderId = Number(order.id);
  const clientOrderId = clientIdOf(order);
  const respType = params.get('newOrderRespType') ?? 'FULL';
  if (respType === 'ACK') return jsonResponse(200, { symbol: wireSymbol, orderId, orderListId: -1, clientOrderId, transactTime: now });
  // One literal per answer, no spreads: building these objects by spreading cost more than serialising them.
  const result = {
    symbol: wireSymbol,
    orderId,
    orderListId: -1,
    clientOrderId,
    transactTime: now,
    price: '0.00000000',
    origQty: fixed(quantity, 8),
    executedQty: fixed(quantity, 8),
    origQuoteOrderQty: '0.00000000',
    cummulativeQuoteQty: fixed(multiply(quantity, market.price), 8),
    status: 'FILLED',
    timeInForce: 'GTC',
    type: 'MARKET',
    side: 'SELL',
    workingTime: now,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
  if (respType === 'RESULT') return jsonResponse(200, result);
  const fill = { price: fixed(market.price, 8), qty: fixed(quantity, 8), commission: '0.00000000', commissionAsset: quote, tradeId: orderId };
  return jsonTextResponse(200, jsonWithLastKey(result, 'fills', JSON.stringify([fill])));
}

/** Finds the order a query or cancel names (`symbol` plus `orderId` or `origClientOrderId`). */
function findNamedOrder(params: URLSearchParams, context: ProtocolContext): { entry: AnyOrder | null } | { error: SimResponse } {
  const wireSymbol = params.get('symbol');
  if (!wireSymbol) return { error: missingParameter('symbol') };
  const symbol = neutralSymbol(context.state, wireSymbol);
  if (symbol === null) return { error: binanceError(-1121, 'Invalid symbol.') };
  const orderId = params.get('orderId');
  const clientId = params.get('origClientOrderId');
  if (!orderId && !clientId) return { error: binanceError(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!") };
  // orderId wins when both are sent; a reused client id names its newest order.
  const [entry] = ordersWhere(context.state, ({ order }) => order.symbol === symbol && (orderId ? order.id === orderId : clientIdOf(order) === clientId));
  return { entry: entry ?? null };
}

/** `GET /api/v3/order`. */
export function queryBinanceOrder(params: URLSearchParams, context: ProtocolContext): SimResponse {
  const found = findNamedOrder(params, context);
  if ('error' in found) return found.error;
  return found.entry ? jsonResponse(200, orderView(found.entry)) : binanceError(-2013, 'Order does not exist.');
}

/** `DELETE /api/v3/order`: only an open order can be cancelled. */
export function cancelBinanceOrder(params: URLSearchParams, context: ProtocolContext): SimResponse {
  const found = findNamedOrder(params, context);
  if ('error' in found) return found.error;
  if (!found.entry?.open) return binanceError(-2011, 'Unknown order sent.');
  const cancelled = cancelOpenOrder(context.state, found.entry.order.id, new Date(context.now()).toISOString());
  if (!cancelled) return binanceError(-2011, 'Unknown order sent.');
  const view = orderView({ open: false, order: cancelled });
  return jsonResponse(200, {
    ...view,
    origClientOrderId: clientIdOf(cancelled),
    clientOrderId: `cancel${randomBytes(8).toString('hex')}`,
    transactTime: context.now(),
  });
}

/** `GET /api/v3/openOrders` (every symbol when none is given). */
export function listOpenOrders(params: URLSearchParams, context: ProtocolContext): SimResponse {
  const wireSymbol = params.get('symbol');
  const symbol = wireSymbol === null ? null : neutralSymbol(context.state, wireSymbol);
  if (wireSymbol !== null && symbol === null) return binanceError(-1121, 'Invalid symbol.');
  const open = ordersWhere(context.state, (entry) => entry.open && (symbol === null || entry.order.symbol === symbol));
  return jsonResponse(200, open.map(orderView));
}

/** `GET /api/v3/allOrders` (one symbol, oldest first, as Binance lists them). */
export function listAllOrders(params: URLSearchParams, context: ProtocolContext): SimResponse {
  const wireSymbol = params.get('symbol');
  if (!wireSymbol) return missingParameter('symbol');
  const symbol = neutralSymbol(context.state, wireSymbol);
  if (symbol === null) return binanceError(-1121, 'Invalid symbol.');
  const orders = ordersWhere(context.state, (entry) => binanceSymbol(entry.order.symbol) === wireSymbol);
  return jsonResponse(200, orders.reverse().map(orderView));
}
