import type { z } from 'zod';
import {
  cleanupError,
  type Balance,
  type BrokerCapabilities,
  type BrokerConnection,
  type MarketRules,
  type MarketSellRequest,
  type OpenOrder,
  type OrderLookup,
  type OrderReport,
  type RateLimit,
} from '@forced-cleanup/contract';
import {
  BalancesPageSchema,
  CancelAnswerSchema,
  LookupAnswerSchema,
  MarketsSchema,
  OpenOrdersPageSchema,
  OrderAnswerSchema,
  PricesSchema,
  type OrderWire,
} from './acme-wire.js';
import { exchangeError, malformedError } from './errors.js';
import { signRequest, type AcmeCredentials, type ExchangeTransport, type WireRequest } from './transport.js';

/*
 * One Acme account, as the engine uses it. Every call signs its requests, pages to the end, validates each
 * answer with zod, maps failures through errors.ts, and checks its AbortSignal before every request — an
 * aborted call never places or cancels anything.
 */

/** What Acme can do. TODO: declare only what is true (and implement `convertDust` before declaring it). */
export const ACME_CAPABILITIES: BrokerCapabilities = Object.freeze({ dustConversion: false, lookupByClientOrderId: true, nativeFreeBalance: true });

/** Acme's documented budget per API key. TODO: from Acme's rate-limit documentation, conservatively. */
export const ACME_RATE_LIMIT: RateLimit = Object.freeze({ requestsPerSecond: 5, burst: 10 });

/** Bounds paging, so that an exchange that keeps answering with a cursor cannot loop forever. */
const MAX_PAGES = 1_000;

/** A done market order that filled in part is `partially_filled`. */
function reportOf(order: OrderWire, clientOrderId: string): OrderReport {
  const partial = order.status === 'filled' && order.filled_size < order.size;
  return {
    orderId: order.id,
    clientOrderId: order.client_order_id ?? clientOrderId,
    symbol: order.symbol,
    side: order.side,
    status: partial ? 'partially_filled' : order.status,
    requestedQuantity: order.size,
    filledQuantity: order.filled_size,
    averagePrice: order.average_price,
  };
}

/** One connected Acme account. */
export class AcmeConnection implements BrokerConnection {
  readonly capabilities = ACME_CAPABILITIES;
  readonly rateLimit = ACME_RATE_LIMIT;

  /**
   * @param transport where requests go (HTTP, or an in-memory exchange in tests)
   * @param credentials the key requests are signed with
   */
  constructor(
    private readonly transport: ExchangeTransport,
    private readonly credentials: AcmeCredentials,
  ) {}

  /** Every balance, paged to the end; `free` is what open orders do not hold. */
  async fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    const balances: Balance[] = [];
    await this.pages('/v1/balances', BalancesPageSchema, signal, 'fetchBalances', (page) => {
      for (const row of page.balances) balances.push({ asset: row.asset, total: row.total, free: Math.min(row.available, row.total) });
    });
    return balances;
  }

  /** Every market with its rules (a rule of 0 does not apply). */
  async fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    const answer = await this.call('GET', '/v1/markets', {}, '', MarketsSchema, signal, 'fetchMarkets');
    const positive = (value: number) => (value > 0 ? value : null);
    return answer.markets.map((market) => ({
      symbol: market.symbol,
      base: market.base,
      quote: market.quote,
      minQuantity: positive(market.min_size),
      quantityStep: positive(market.size_increment),
      minNotional: positive(market.min_notional),
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

  /** Every open order, paged to the end; its quantity is what remains to fill. */
  async fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    const orders: OpenOrder[] = [];
    await this.pages('/v1/orders/open', OpenOrdersPageSchema, signal, 'fetchOpenOrders', (page) => {
      for (const order of page.orders) {
        const [base = '', quote = ''] = order.symbol.split('-');
        const quantity = order.size - order.filled_size;
        orders.push({ id: order.id, symbol: order.symbol, base, quote, side: order.side, quantity, price: order.limit_price, clientOrderId: order.client_order_id });
      }
    });
    return orders;
  }

  /** Cancels one order; `order_not_found` when it is gone. */
  async cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    const answer = await this.call('DELETE', `/v1/orders/${encodeURIComponent(order.id)}`, {}, '', CancelAnswerSchema, signal, `cancelOrder ${order.id}`);
    if (answer.cancelled !== order.id) throw malformedError(`cancelOrder ${order.id}`, `the exchange confirmed cancelling ${answer.cancelled}`);
  }

  /**
   * Places a market sell under the client order id, once. TODO: if Acme does not enforce its minimums
   * itself, check them here first and reject with `below_minimum` (see broker-ccxt's sell-minimums.ts).
   */
  async placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport> {
    if (!Number.isFinite(request.quantity) || request.quantity <= 0) throw cleanupError('invalid_order', `${request.symbol}: quantity ${request.quantity} is not a number > 0`);
    const body = JSON.stringify({ symbol: request.symbol, side: 'sell', type: 'market', size: String(request.quantity), client_order_id: request.clientOrderId });
    const answer = await this.call('POST', '/v1/orders', {}, body, OrderAnswerSchema, signal, `placeMarketSell ${request.symbol}`);
    return reportOf(answer.order, request.clientOrderId);
  }

  /** The order placed under the client order id (and order id, when known); null when there is none. */
  async lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    const query: Record<string, string> = { client_order_id: lookup.clientOrderId, ...(lookup.orderId === undefined ? {} : { order_id: lookup.orderId }) };
    const answer = await this.call('GET', '/v1/orders/lookup', query, '', LookupAnswerSchema, signal, 'lookupOrder');
    if (answer.order === null || answer.order.client_order_id !== lookup.clientOrderId) return null;
    return reportOf(answer.order, lookup.clientOrderId);
  }

  /** Nothing to release: `fetch` keeps no state of ours. */
  async close(): Promise<void> {}

  /** Reads every page of a cursor-paged list. */
  private async pages<S extends z.ZodType<{ next_cursor: string | null }>>(
    path: string,
    schema: S,
    signal: AbortSignal,
    operation: string,
    take: (page: z.output<S>) => void,
  ): Promise<void> {
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page: z.output<S> = await this.call('GET', path, cursor === null ? {} : { cursor }, '', schema, signal, operation);
      take(page);
      cursor = page.next_cursor;
      if (cursor === null) return;
    }
    throw malformedError(operation, `more than ${MAX_PAGES} pages`);
  }

  /** Sends one signed request and validates the answer; the signal is checked before sending. */
  private async call<S extends z.ZodType>(
    method: WireRequest['method'],
    path: string,
    query: Record<string, string>,
    body: string,
    schema: S,
    signal: AbortSignal,
    operation: string,
  ): Promise<z.output<S>> {
    if (signal.aborted) throw cleanupError('aborted', `acme ${operation} aborted`);
    const signature = signRequest({ method, path, query, body }, this.credentials.apiSecret);
    const response = await this.transport.send({ method, path, query, body, headers: { 'x-api-key': this.credentials.apiKey, 'x-signature': signature } }, signal);
    if (response.status < 200 || response.status > 299) throw exchangeError(response, operation);
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw malformedError(operation, 'not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw malformedError(operation, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }
}
