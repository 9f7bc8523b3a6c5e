import { jsonResponse, type SimResponse } from '../../server/protocol.js';
import { decimalPlaces, fixed, multiply } from '../../state/decimal.js';
import type { AnyOrder } from '../../state/ledger.js';
import { splitSymbol, type SimMarket, type SimState } from '../../state/schema.js';

/**
 * Binance spot's JSON shapes. Symbols are base and quote glued together (`BTCUSDT`); quantities and prices
 * are 8-decimal strings; ids are integers; errors are HTTP 4xx `{code, msg}`.
 */

/** `BTC-USDT` → `BTCUSDT`. */
export function binanceSymbol(symbol: string): string {
  return symbol.replace('-', '');
}

/** The neutral symbol of a Binance symbol, or null when the state has no such market. */
export function neutralSymbol(state: SimState, wire: string): string | null {
  // Every cut of `BTCUSDT` into `BTC-USDT`-like names is one lookup; scanning every market (and rewriting
  // each name) cost a few microseconds on every request of a state with many markets.
  let found: string | null = null;
  for (let cut = 1; cut < wire.length; cut++) {
    const candidate = `${wire.slice(0, cut)}-${wire.slice(cut)}`;
    if (!Object.hasOwn(state.markets, candidate)) continue;
    if (found !== null) return firstMarketNamed(state, wire);
    found = candidate;
  }
  return found ?? firstMarketNamed(state, wire);
}

/** The first market, in the state's order, whose Binance name is `wire`: when the cuts are ambiguous or find nothing. */
function firstMarketNamed(state: SimState, wire: string): string | null {
  return Object.keys(state.markets).find((symbol) => binanceSymbol(symbol) === wire) ?? null;
}

/** A Binance error: `{code, msg}` with its HTTP status (400 unless told otherwise). */
export function binanceError(code: number, msg: string, status = 400, headers?: Record<string, string>): SimResponse {
  return jsonResponse(status, { code, msg }, headers);
}

/** `-1102`, Binance's answer to a missing parameter. */
export function missingParameter(name: string): SimResponse {
  return binanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

const eight = (value: number) => fixed(value, 8);

/** The decimals of a market's tick size: the price's own decimals, between 2 and 8 (2 without a price). */
export function tickDecimalsOf(market: SimMarket): number {
  return market.price === null ? 2 : Math.min(8, Math.max(2, decimalPlaces(market.price)));
}

/**
 * One `exchangeInfo` symbol. Rules that do not apply become Binance's zero values. It depends on the price
 * only through {@link tickDecimalsOf}.
 */
export function symbolInfoView(symbol: string, market: SimMarket): Record<string, unknown> {
  const { base, quote } = splitSymbol(symbol);
  const tickDecimals = tickDecimalsOf(market);
  const filters: Array<Record<string, unknown>> = [
    { filterType: 'PRICE_FILTER', minPrice: eight(10 ** -tickDecimals), maxPrice: '1000000.00000000', tickSize: eight(10 ** -tickDecimals) },
    { filterType: 'LOT_SIZE', minQty: eight(market.minQuantity ?? 0), maxQty: '9000000.00000000', stepSize: eight(market.quantityStep ?? 0.00000001) },
    { filterType: 'ICEBERG_PARTS', limit: 10 },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '9000000.00000000', stepSize: '0.00000000' },
  ];
  if (market.minNotional !== null) {
    filters.push({ filterType: 'NOTIONAL', minNotional: eight(market.minNotional), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 });
  }
  filters.push({ filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 });
  return {
    symbol: binanceSymbol(symbol),
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters,
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** The client order id Binance shows: the one given, or a generated one for orders placed without. */
export function clientIdOf(order: AnyOrder['order']): string {
  return order.clientOrderId ?? `sim${order.id}`;
}

/** Binance's status word. */
export function statusOf(entry: AnyOrder): 'NEW' | 'FILLED' | 'CANCELED' {
  if (entry.open) return 'NEW';
  return entry.order.status === 'filled' ? 'FILLED' : 'CANCELED';
}

/** One order, as `GET /api/v3/order` and `openOrders` return it. */
export function orderView(entry: AnyOrder): Record<string, unknown> {
  const order = entry.order;
  const isMarket = !entry.open && entry.order.type === 'market';
  const filled = entry.open ? 0 : entry.order.filledQuantity;
  const average = entry.open ? null : entry.order.averagePrice;
  const created = Date.parse(order.createdAt);
  const updated = entry.open ? created : Date.parse(entry.order.closedAt);
  return {
    symbol: binanceSymbol(order.symbol),
    orderId: Number(order.id),
    orderListId: -1,
    clientOrderId: clientIdOf(order),
    price: eight(isMarket ? 0 : (order.price ?? 0)),
    origQty: eight(order.quantity),
    executedQty: eight(filled),
    cummulativeQuoteQty: eight(average === null ? 0 : multiply(filled, average)),
    status: statusOf(entry),
    timeInForce: 'GTC',
    type: isMarket ? 'MARKET' : 'LIMIT',
    side: order.side === 'sell' ? 'SELL' : 'BUY',
    stopPrice: '0.00000000',
    icebergQty: '0.00000000',
    time: created,
    updateTime: updated,
    isWorking: true,
    workingTime: created,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/**
 * A `ticker/24hr` entry without its time fields: everything here depends on the market's price only (the sim
 * has no history: open, high, low and last are all the current price).
 */
export function ticker24hPriceView(symbol: string, market: SimMarket): Record<string, unknown> {
  const price = eight(market.price ?? 0);
  return {
    symbol: binanceSymbol(symbol),
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: price,
    prevClosePrice: price,
    lastPrice: price,
    lastQty: '0.00000000',
    bidPrice: price,
    bidQty: '1.00000000',
    askPrice: price,
    askQty: '1.00000000',
    openPrice: price,
    highPrice: price,
    lowPrice: price,
    volume: '0.00000000',
    quoteVolume: '0.00000000',
  };
}

/** The time fields that end a `ticker/24hr` entry (a window of the last 24 hours, no trades in it). */
export function ticker24hTimeView(now: number): Record<string, unknown> {
  return { openTime: now - 86_400_000, closeTime: now, firstId: -1, lastId: -1, count: 0 };
}

/** A `ticker/24hr` entry. */
export function ticker24hView(symbol: string, market: SimMarket, now: number): Record<string, unknown> {
  return { ...ticker24hPriceView(symbol, market), ...ticker24hTimeView(now) };
}
