import { createHash } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../../server/protocol.js';
import { decimalPlaces, fixed, multiply, plain } from '../../state/decimal.js';
import type { AnyOrder } from '../../state/ledger.js';
import type { SimMarket } from '../../state/schema.js';
import { krakenPair, type KrakenAsset, type KrakenPair } from './naming.js';

/**
 * Kraken's JSON shapes: every answer is HTTP 200 `{error: [...], result}`; numbers are strings, except
 * times (Unix seconds with decimals) and a few integer fields.
 */

/** `{error: [], result}`. */
export function krakenResult(result: unknown): SimResponse {
  return jsonResponse(200, { error: [], result });
}

/** `{error: [message]}`, HTTP 200 unless told otherwise (Kraken reports business errors with 200). */
export function krakenError(message: string, status = 200, headers?: Record<string, string>): SimResponse {
  return jsonResponse(status, { error: [message] }, headers);
}

/** Decimals of a market's quantities (`lot_decimals`): those of its step, 8 when it has none. */
export function lotDecimals(market: SimMarket): number {
  return market.quantityStep === null ? 8 : decimalPlaces(market.quantityStep);
}

/** Decimals of a market's prices (`pair_decimals`). */
export function pairDecimals(market: SimMarket): number {
  return market.price === null ? 1 : Math.min(10, Math.max(1, decimalPlaces(market.price)));
}

/** An `Assets` entry. */
export function assetView(asset: KrakenAsset): Record<string, unknown> {
  return { aclass: 'currency', altname: asset.altname, decimals: asset.decimals, display_decimals: Math.min(5, asset.decimals), status: 'enabled' };
}

/** An `AssetPairs` entry: `ordermin`, `costmin` and `lot_decimals` carry the market's rules. */
export function pairView(pair: KrakenPair, market: SimMarket): Record<string, unknown> {
  const priceDecimals = pairDecimals(market);
  return {
    altname: pair.altname,
    wsname: pair.wsname,
    aclass_base: 'currency',
    base: pair.base.id,
    aclass_quote: 'currency',
    quote: pair.quote.id,
    lot: 'unit',
    cost_decimals: 5,
    pair_decimals: priceDecimals,
    lot_decimals: lotDecimals(market),
    lot_multiplier: 1,
    leverage_buy: [],
    leverage_sell: [],
    fees: [[0, 0.4], [10000, 0.35], [50000, 0.24]],
    fees_maker: [[0, 0.25], [10000, 0.2], [50000, 0.14]],
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: plain(market.minQuantity ?? 0),
    costmin: plain(market.minNotional ?? 0),
    tick_size: fixed(10 ** -priceDecimals, priceDecimals),
    status: 'online',
  };
}

/** A `Ticker` entry. A market without a last trade shows a zero price, as an idle Kraken pair does. */
export function tickerView(market: SimMarket): Record<string, unknown> {
  const decimals = pairDecimals(market);
  const price = fixed(market.price ?? 0, decimals);
  return {
    a: [price, '1', '1.000'],
    b: [price, '1', '1.000'],
    c: [price, '0.00100000'],
    v: ['0.00000000', '0.00000000'],
    p: [price, price],
    t: [0, 0],
    l: [price, price],
    h: [price, price],
    o: price,
  };
}

function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** A trade id for a filled order (derived from the order id, so lookups agree). */
function tradeId(orderId: string): string {
  const hex = createHash('sha1').update(`trade:${orderId}`).digest('hex').toUpperCase();
  return `T${hex.slice(0, 5)}-${hex.slice(5, 10)}-${hex.slice(10, 16)}`;
}

/** An order, as OpenOrders/ClosedOrders/QueryOrders return it (`descr.pair` is the altname). */
export function orderView(entry: AnyOrder, market: SimMarket, withTrades: boolean): Record<string, unknown> {
  const order = entry.order;
  const pair = krakenPair(order.symbol);
  const lot = lotDecimals(market);
  const priceDecimals = pairDecimals(market);
  const isMarket = !entry.open && entry.order.type === 'market';
  const filled = entry.open ? 0 : entry.order.filledQuantity;
  const average = entry.open ? null : entry.order.averagePrice;
  const status = entry.open ? 'open' : entry.order.status === 'filled' ? 'closed' : 'canceled';
  const limitPrice = order.price === null ? '0' : fixed(order.price, priceDecimals);
  const view: Record<string, unknown> = {
    refid: null,
    userref: order.userref,
    ...(order.clientOrderId !== null ? { cl_ord_id: order.clientOrderId } : {}),
    status,
    reason: status === 'canceled' ? 'User requested' : null,
    opentm: seconds(order.createdAt),
    ...(entry.open ? {} : { closetm: seconds(entry.order.closedAt) }),
    starttm: 0,
    expiretm: 0,
    descr: {
      pair: pair.altname,
      type: order.side,
      ordertype: isMarket ? 'market' : 'limit',
      price: isMarket ? '0' : limitPrice,
      price2: '0',
      leverage: 'none',
      order: `${order.side} ${fixed(order.quantity, lot)} ${pair.altname} @ ${isMarket ? 'market' : `limit ${limitPrice}`}`,
      close: '',
    },
    vol: fixed(order.quantity, 8),
    vol_exec: fixed(filled, 8),
    cost: fixed(average === null ? 0 : multiply(filled, average), 5),
    fee: '0.00000',
    price: fixed(average ?? 0, priceDecimals),
    stopprice: '0.00000',
    limitprice: '0.00000',
    misc: '',
    oflags: 'fciq',
  };
  if (withTrades && filled > 0) view.trades = [tradeId(order.id)];
  return view;
}
