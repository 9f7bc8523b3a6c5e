import { createHash } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../../server/protocol.js';
import { decimalPlaces, fixed, multiply, plain } from '../../state/decimal.js';
import type { AnyOrder, BalanceView } from '../../state/ledger.js';
import { splitSymbol, type SimMarket } from '../../state/schema.js';

/**
 * Coinbase Advanced Trade's JSON shapes (accounts, products, orders, errors), built from the neutral state.
 * Numbers are strings, as Coinbase sends them. Coinbase names assets and products like the state does.
 */

const FIAT = new Set(['USD', 'EUR', 'GBP']);

/** Ids already derived: a listing derives two per account, and the names (assets) repeat on every call. */
const uuidsByName = new Map<string, string>();
const MAX_REMEMBERED_UUIDS = 100_000;

/** A stable UUID-shaped id derived from a name: the same asset always gets the same account uuid. */
export function stableUuid(name: string): string {
  let uuid = uuidsByName.get(name);
  if (uuid === undefined) {
    const hex = createHash('sha1').update(name).digest('hex');
    uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    // A pure function of the name; the bound only keeps a sim fed endless new asset names from growing.
    if (uuidsByName.size >= MAX_REMEMBERED_UUIDS) uuidsByName.clear();
    uuidsByName.set(name, uuid);
  }
  return uuid;
}

/** One brokerage account (Coinbase has one per asset). */
export function accountView(asset: string, balance: BalanceView): Record<string, unknown> {
  return {
    uuid: stableUuid(`account:${asset}`),
    name: `${asset} Wallet`,
    currency: asset,
    available_balance: { value: plain(balance.free), currency: asset },
    default: false,
    active: true,
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-01-01T00:00:00.000Z',
    deleted_at: null,
    type: FIAT.has(asset) ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
    ready: true,
    hold: { value: plain(balance.held), currency: asset },
    retail_portfolio_id: stableUuid('portfolio:default'),
    platform: 'ACCOUNT_PLATFORM_CONSUMER',
  };
}

/** One product. Rules that do not apply are written as Coinbase's smallest values. */
export function productView(symbol: string, market: SimMarket): Record<string, unknown> {
  const { base, quote } = splitSymbol(symbol);
  const priceDecimals = market.price === null ? 2 : Math.max(2, decimalPlaces(market.price));
  const priceIncrement = fixed(10 ** -priceDecimals, priceDecimals);
  return {
    product_id: symbol,
    price: market.price === null ? '' : plain(market.price),
    price_percentage_change_24h: '0',
    volume_24h: '0',
    volume_percentage_change_24h: '0',
    base_increment: plain(market.quantityStep ?? 0.00000001),
    quote_increment: priceIncrement,
    quote_min_size: plain(market.minNotional ?? 0),
    quote_max_size: '50000000',
    base_min_size: plain(market.minQuantity ?? 0),
    base_max_size: '1000000000',
    base_name: base,
    quote_name: quote,
    watched: false,
    is_disabled: false,
    new: false,
    status: 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: quote,
    base_currency_id: base,
    mid_market_price: '',
    alias: '',
    alias_to: [],
    base_display_symbol: base,
    quote_display_symbol: quote,
    view_only: false,
    price_increment: priceIncrement,
    display_name: symbol,
    product_venue: 'CBE',
  };
}

/** Coinbase's status word for an order of the state. */
export function orderStatusOf(entry: AnyOrder): 'OPEN' | 'FILLED' | 'CANCELLED' {
  if (entry.open) return 'OPEN';
  return entry.order.status === 'filled' ? 'FILLED' : 'CANCELLED';
}

/** One order, as `orders/historical/*` returns it. */
export function orderView(entry: AnyOrder): Record<string, unknown> {
  const order = entry.order;
  const isMarket = !entry.open && entry.order.type === 'market';
  const filled = entry.open ? 0 : entry.order.filledQuantity;
  const average = entry.open ? null : entry.order.averagePrice;
  const filledValue = average === null ? 0 : multiply(filled, average);
  const limitPrice = order.price;
  const status = orderStatusOf(entry);
  return {
    order_id: order.id,
    product_id: order.symbol,
    user_id: stableUuid('user:sim'),
    order_configuration: isMarket
      ? { market_market_ioc: { base_size: plain(order.quantity) } }
      : { limit_limit_gtc: { base_size: plain(order.quantity), limit_price: plain(limitPrice ?? 0), post_only: false } },
    side: order.side === 'sell' ? 'SELL' : 'BUY',
    client_order_id: order.clientOrderId ?? '',
    status,
    time_in_force: isMarket ? 'IMMEDIATE_OR_CANCEL' : 'GOOD_UNTIL_CANCELLED',
    created_time: order.createdAt,
    completion_percentage: status === 'FILLED' ? '100' : '0',
    filled_size: plain(filled),
    average_filled_price: plain(average ?? 0),
    fee: '',
    number_of_fills: filled > 0 ? '1' : '0',
    filled_value: plain(filledValue),
    pending_cancel: false,
    size_in_quote: false,
    total_fees: '0',
    size_inclusive_of_fees: false,
    total_value_after_fees: plain(filledValue),
    trigger_status: 'INVALID_ORDER_TYPE',
    order_type: isMarket ? 'MARKET' : 'LIMIT',
    reject_reason: '',
    settled: !entry.open,
    product_type: 'SPOT',
    reject_message: '',
    cancel_message: status === 'CANCELLED' ? 'User requested cancel' : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: entry.open ? plain(order.side === 'sell' ? order.quantity : multiply(order.quantity, entry.order.price)) : '0',
    is_liquidation: false,
    last_fill_time: filled > 0 && !entry.open ? entry.order.closedAt : null,
    leaves_quantity: entry.open ? plain(order.quantity) : '0',
  };
}

/** An error outside order placement: HTTP status with `{error, error_details, message}`. */
export function errorResponse(status: number, error: string, message: string, headers?: Record<string, string>): SimResponse {
  return jsonResponse(status, { error, error_details: message, message }, headers);
}

/** Why Coinbase refused to create an order (HTTP 200, `success: false`). */
export interface OrderFailure {
  readonly error: string;
  readonly message: string;
  readonly details: string;
  readonly previewFailureReason: string;
  readonly newOrderFailureReason: string;
}

/** The create-order rejection: HTTP 200 with `success: false` — never an HTTP error. */
export function orderFailureResponse(failure: OrderFailure, orderConfiguration: unknown): SimResponse {
  return jsonResponse(200, {
    success: false,
    failure_reason: 'UNKNOWN_FAILURE_REASON',
    order_id: '',
    error_response: {
      error: failure.error,
      message: failure.message,
      error_details: failure.details,
      preview_failure_reason: failure.previewFailureReason,
      new_order_failure_reason: failure.newOrderFailureReason,
    },
    order_configuration: orderConfiguration ?? null,
  });
}

/** The create-order success. */
export function orderSuccessResponse(orderId: string, productId: string, side: string, clientOrderId: string, orderConfiguration: unknown): SimResponse {
  return jsonResponse(200, {
    success: true,
    failure_reason: 'UNKNOWN_FAILURE_REASON',
    order_id: orderId,
    success_response: { order_id: orderId, product_id: productId, side, client_order_id: clientOrderId },
    order_configuration: orderConfiguration,
  });
}
