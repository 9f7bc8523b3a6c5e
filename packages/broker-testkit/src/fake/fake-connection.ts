import type { z } from 'zod';
import {
  cleanupError,
  type Balance,
  type BrokerCapabilities,
  type BrokerConnection,
  type DustConversionReport,
  type MarketRules,
  type MarketSellRequest,
  type OpenOrder,
  type OrderLookup,
  type OrderReport,
  type RateLimit,
} from '@forced-cleanup/contract';
import { fakeExchangeError, fakeMalformedError } from './fake-errors.js';
import { signFakeRequest, type FakeCredentials, type FakeExchangeApi, type FakeRequest } from './fake-exchange-api.js';
import {
  BalancesPageSchema,
  CancelAnswerSchema,
  DustAnswerSchema,
  LookupAnswerSchema,
  MarketsSchema,
  OpenOrdersPageSchema,
  OrderAnswerSchema,
  PricesSchema,
  type OrderWire,
} from './fake-wire.js';

/*
 * The fake broker: a BrokerConnection written the way a real broker plugin is — signed requests, cursor
 * paging, zod on every answer, an errors table at the edge, the AbortSignal honoured before every request
 * — over the in-memory fake exchange instead of a socket. It is the reference the conformance suite is
 * tested against, and a template for a new broker.
 */

/** The fake exchange can do everything the contract describes. */
export const FAKE_CAPABILITIES: BrokerCapabilities = Object.freeze({ dustConversion: true, lookupByClientOrderId: true, nativeFreeBalance: true });

/** The fake exchange's documented budget per key. */
export const FAKE_RATE_LIMIT: RateLimit = Object.freeze({ requestsPerSecond: 10, burst: 20 });

/** Bounds paging, so that an exchange that keeps answering with a cursor cannot loop forever. */
const MAX_PAGES = 1_000;

/** The contract's order status of an exchange order: a done market order with a partial fill is partial. */
function statusOf(order: OrderWire): OrderReport['status'] {
  if (order.status !== 'filled' || order.filled_size >= order.size) return order.status;
  return 'partially_filled';
}

function reportOf(order: OrderWire): OrderReport {
  if (order.client_order_id === null) throw fakeMalformedError('an order report', 'the order has no client order id');
  return {
    orderId: order.id,
    clientOrderId: order.client_order_id,
    symbol: order.symbol,
    side: order.side,
    status: statusOf(order),
    requestedQuantity: order.size,
    filledQuantity: order.filled_size,
    averagePrice: order.average_price,
  };
}

/** One connected account of the fake exchange. */
export class FakeConnection implements BrokerConnection {
  readonly capabilities = FAKE_CAPABILITIES;
  readonly rateLimit = FAKE_RATE_LIMIT;

  /**
   * @param api the exchange
   * @param credentials the key it signs with (never logged, never put in an error)
   */
  constructor(
    private readonly api: FakeExchangeApi,
    private readonly credentials: FakeCredentials,
  ) {}

  /** Every balance, paged to the end. */
  async fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    const balances: Balance[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const query: Record<string, string> = cursor === null ? {} : { cursor };
      const answer = await this.call('GET', '/v1/balances', query, '', BalancesPageSchema, signal, 'fetchBalances');
      for (const row of answer.balances) balances.push({ asset: row.asset, total: row.total, free: Math.min(row.available, row.total), entryPrice: null, openedAt: null });
      cursor = answer.next_cursor;
      if (cursor === null) return balances;
    }
    throw fakeMalformedError('fetchBalances', `more than ${MAX_PAGES} pages`);
  }

  /** Every market with its rules. */
  async fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    const answer = await this.call('GET', '/v1/markets', {}, '', MarketsSchema, signal, 'fetchMarkets');
    return answer.markets.map((market) => ({
      symbol: market.symbol,
      base: market.base,
      quote: market.quote,
      minQuantity: market.min_size > 0 ? market.min_size : null,
      quantityStep: market.size_increment > 0 ? market.size_increment : null,
      minNotional: market.min_notional > 0 ? market.min_notional : null,
    }));
  }

  /** Last prices; a missing or non-positive price is null (unpriced), never 0. */
  async fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>> {
    const answer = await this.call('GET', '/v1/prices', { symbols: symbols.join(',') }, '', PricesSchema, signal, 'fetchPrices');
    const prices: Record<string, number | null> = {};
    for (const symbol of symbols) {
      const price = answer.prices[symbol];
      prices[symbol] = typeof price === 'number' && price > 0 ? price : null;
    }
    return prices;
  }

  /** Every open order, paged to the end. */
  async fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    const orders: OpenOrder[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const query: Record<string, string> = cursor === null ? {} : { cursor };
      const answer = await this.call('GET', '/v1/orders/open', query, '', OpenOrdersPageSchema, signal, 'fetchOpenOrders');
      for (const order of answer.orders) {
        const [base = '', quote = ''] = order.symbol.split('-');
        const size = order.size - order.filled_size;
        orders.push({ id: order.id, symbol: order.symbol, base, quote, side: order.side, quantity: size, price: order.limit_price, clientOrderId: order.client_order_id });
      }
      cursor = answer.next_cursor;
      if (cursor === null) return orders;
    }
    throw fakeMalformedError('fetchOpenOrders', `more than ${MAX_PAGES} pages`);
  }

  /** Cancels one order; `order_not_found` when it is gone. */
  async cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    const answer = await this.call('DELETE', `/v1/orders/${encodeURIComponent(order.id)}`, {}, '', CancelAnswerSchema, signal, `cancelOrder ${order.id}`);
    if (answer.cancelled !== order.id) throw fakeMalformedError(`cancelOrder ${order.id}`, `the exchange confirmed cancelling ${answer.cancelled}`);
  }

  /** Places a market sell under the client order id. */
  async placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport> {
    if (!Number.isFinite(request.quantity) || request.quantity <= 0) throw cleanupError('invalid_order', `${request.symbol}: quantity ${request.quantity} is not a number > 0`);
    const body = JSON.stringify({ symbol: request.symbol, side: 'sell', type: 'market', size: String(request.quantity), client_order_id: request.clientOrderId });
    const answer = await this.call('POST', '/v1/orders', {}, body, OrderAnswerSchema, signal, `placeMarketSell ${request.symbol}`);
    return reportOf(answer.order);
  }

  /** The order placed under the client order id (and order id, when known); null when none. */
  async lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    const query: Record<string, string> = { client_order_id: lookup.clientOrderId, ...(lookup.orderId === undefined ? {} : { order_id: lookup.orderId }) };
    const answer = await this.call('GET', '/v1/orders/lookup', query, '', LookupAnswerSchema, signal, 'lookupOrder');
    return answer.order === null ? null : reportOf(answer.order);
  }

  /** Converts stuck dust into USD. */
  async convertDust(assets: readonly string[], signal: AbortSignal): Promise<DustConversionReport> {
    return this.call('POST', '/v1/dust-conversions', {}, JSON.stringify({ assets }), DustAnswerSchema, signal, 'convertDust');
  }

  /** Nothing to release: no socket. */
  async close(): Promise<void> {}

  /**
   * Sends one signed request and validates the answer. The signal is checked before sending and again
   * before the answer is used (a real socket would be torn down in between).
   */
  private async call<S extends z.ZodType>(
    method: FakeRequest['method'],
    path: string,
    query: Record<string, string>,
    body: string,
    schema: S,
    signal: AbortSignal,
    operation: string,
  ): Promise<z.output<S>> {
    if (signal.aborted) throw cleanupError('aborted', `${operation} aborted`);
    // A real request leaves the event loop; so does this one, so that callers cannot rely on synchrony.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal.aborted) throw cleanupError('aborted', `${operation} aborted`);
    const signature = signFakeRequest({ method, path, query, body }, this.credentials.apiSecret);
    const response = this.api.handle({ method, path, query, body, headers: { 'x-api-key': this.credentials.apiKey, 'x-signature': signature } });
    if (response.status < 200 || response.status > 299) throw fakeExchangeError(response, operation);
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw fakeMalformedError(operation, 'not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fakeMalformedError(operation, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }
}
