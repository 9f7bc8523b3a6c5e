import type { Coinbase, OrderListQueryParam, OrderSide, OrderStatus } from 'coinbase-advanced-node';
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
import { balancesFromAccounts } from './balances.js';
import { runInCall, type CallContext } from './call-context.js';
import { readAllCursorPages, visitCursorPages } from './cursor-pages.js';
import { cancelRefusalError, malformed, toCoinbaseError, type CoinbaseOperation } from './errors.js';
import { marketsFromProducts, pricesFromProducts, readAllProducts } from './markets.js';
import { placeMarketSell } from './market-sell.js';
import { ProductsMemo } from './products-memo.js';
import { openOrderFromWire, orderReportFromWire } from './orders.js';
import type { Redactor } from './redactor.js';
import { AccountsPageSchema, CancelResultSchema, OrderSchema, OrdersPageSchema, type WireOrder } from './wire-schemas.js';

/** What a Coinbase connection can do. Coinbase Convert covers stablecoins only: no dust conversion. */
export const COINBASE_CAPABILITIES: BrokerCapabilities = Object.freeze({
  dustConversion: false,
  // By listing the product's orders and matching `client_order_id` (Coinbase has no direct lookup by it).
  lookupByClientOrderId: true,
  nativeFreeBalance: true,
});

/** Open orders per page: the library's default, written out because paging depends on it. */
export const OPEN_ORDERS_PAGE_SIZE = 25;
/** Orders per page when looking one up by client order id (larger: it scans a product's history). */
export const LOOKUP_PAGE_SIZE = 100;

/** What a connection needs besides the client. */
export interface CoinbaseConnectionSettings {
  readonly rateLimit: RateLimit;
  readonly redact: Redactor;
  /** Releases the client's sockets. */
  readonly destroy: () => void;
  /** Local time in ms since the epoch (ages the products listing kept for prices); default `Date.now`. */
  readonly now?: () => number;
}

/** Order list query with the cursor the library's types leave out. */
type OrdersQuery = OrderListQueryParam & { cursor?: string; product_ids?: string[] };

/**
 * One Coinbase Advanced Trade account, through coinbase-advanced-node. Every method runs as one call
 * (its requests carry the caller's signal) and rejects only with a CleanupError.
 */
export class CoinbaseConnection implements BrokerConnection {
  readonly capabilities = COINBASE_CAPABILITIES;
  readonly rateLimit: RateLimit;
  private readonly rest: Coinbase['rest'];
  /** The markets' products listing, reused by the price read that follows it. */
  private readonly productsForPrices: ProductsMemo;

  constructor(
    client: Coinbase,
    private readonly settings: CoinbaseConnectionSettings,
  ) {
    this.rest = client.rest;
    this.rateLimit = Object.freeze({ ...settings.rateLimit });
    this.productsForPrices = new ProductsMemo(settings.now ?? Date.now);
  }

  /** Runs `body` as one call: refuses an aborted signal up front and maps every failure. */
  private call<T>(operation: CoinbaseOperation, signal: AbortSignal, body: (call: CallContext) => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(cleanupError('aborted', `Coinbase ${operation}: aborted before it started`, { retryable: false }));
    return runInCall(signal, async (call) => {
      try {
        return await body(call);
      } catch (error) {
        if (signal.aborted) throw cleanupError('aborted', `Coinbase ${operation}: aborted`, { retryable: false });
        throw toCoinbaseError(error, operation, this.settings.redact, call.transportError);
      }
    });
  }

  /** Every non-zero balance, all pages of accounts (250 a page). */
  fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    return this.call('fetchBalances', signal, async (call) => {
      const accounts = await readAllCursorPages('fetchBalances', async (cursor) => {
        // The library turns `before` into `cursor` (and asks for 250 a page).
        await this.rest.account.listAccounts(cursor === null ? undefined : { before: cursor });
        const page = AccountsPageSchema.parse(call.lastBody);
        return { items: page.accounts, hasNext: page.has_next, cursor: page.cursor };
      });
      return balancesFromAccounts(accounts);
    });
  }

  /** Rules of every spot market a market sell can be placed on; the listing is kept for the prices read next. */
  fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    return this.call('fetchMarkets', signal, async (call) => {
      const products = await readAllProducts(this.rest, call);
      this.productsForPrices.keep(products);
      return marketsFromProducts(products);
    });
  }

  /**
   * Last prices from the products listing: the one {@link fetchMarkets} just read when it is at most
   * `PRODUCTS_REUSE_MS` old (once), else a fresh listing (one request for every symbol).
   */
  fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>> {
    return this.call('fetchPrices', signal, async (call) => {
      const products = this.productsForPrices.take() ?? (await readAllProducts(this.rest, call));
      return pricesFromProducts(products, symbols);
    });
  }

  /** Every open order, all pages (25 a page). */
  fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    return this.call('fetchOpenOrders', signal, async (call) => {
      const orders = await readAllCursorPages('fetchOpenOrders', (cursor) => this.ordersPage(call, { order_status: ['OPEN' as OrderStatus], limit: OPEN_ORDERS_PAGE_SIZE }, cursor));
      return orders.map((order) => openOrderFromWire(order, 'fetchOpenOrders')).filter((order): order is OpenOrder => order !== null);
    });
  }

  /** Cancels one order; `order_not_found` when Coinbase no longer has it open. */
  cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    return this.call('cancelOrder', signal, async () => {
      const result = CancelResultSchema.parse(await this.rest.order.cancelOrder(order.id));
      if (result.order_id !== order.id) throw malformed('cancelOrder', 'the result is about another order');
      if (result.success) return;
      const refusal = cancelRefusalError(order.id, result.failure_reason, this.settings.redact);
      if (refusal !== null) throw refusal;
    });
  }

  /** Market-sells `quantity` with the client order id; see {@link placeMarketSell}. */
  placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport> {
    return this.call('placeMarketSell', signal, () =>
      placeMarketSell(
        {
          create: (baseSize) =>
            this.rest.order.placeOrder({
              client_order_id: request.clientOrderId,
              product_id: request.symbol,
              side: 'SELL' as OrderSide,
              order_configuration: { market_market_ioc: { base_size: baseSize } },
            }),
          readOrder: (orderId) => this.readOrder(orderId, 'placeMarketSell'),
        },
        request,
        this.settings.redact,
      ),
    );
  }

  /** Finds an order by client order id: by order id first when known, else by scanning the product's orders. */
  lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    return this.call('lookupOrder', signal, async (call) => {
      if (lookup.orderId !== undefined) {
        const order = await this.readOrder(lookup.orderId, 'lookupOrder');
        if (order !== null && order.client_order_id === lookup.clientOrderId) return orderReportFromWire(order, 'lookupOrder');
      }
      let found: WireOrder | undefined;
      await visitCursorPages(
        'lookupOrder',
        (cursor) => this.ordersPage(call, { product_ids: [lookup.symbol], limit: LOOKUP_PAGE_SIZE }, cursor),
        (orders) => (found = orders.find((order) => order.client_order_id === lookup.clientOrderId)) !== undefined,
      );
      return found === undefined ? null : orderReportFromWire(found, 'lookupOrder');
    });
  }

  /** Releases the client's kept-alive sockets. */
  close(): Promise<void> {
    this.settings.destroy();
    return Promise.resolve();
  }

  /** One page of `orders/historical/batch`, validated from the raw answer (the library drops the cursor's emptiness). */
  private async ordersPage(call: CallContext, query: OrdersQuery, cursor: string | null) {
    await this.rest.order.getOrders({ ...query, ...(cursor === null ? {} : { cursor }) });
    const page = OrdersPageSchema.parse(call.lastBody);
    return { items: page.orders, hasNext: page.has_next, cursor: page.cursor };
  }

  /** One order by id; null when Coinbase answers 404. */
  private async readOrder(orderId: string, operation: CoinbaseOperation): Promise<WireOrder | null> {
    const order: unknown = await this.rest.order.getOrder(encodeURIComponent(orderId));
    if (order === null) return null;
    const parsed = OrderSchema.safeParse(order);
    if (!parsed.success) throw malformed(operation, 'the order answer does not have an order');
    return parsed.data;
  }
}
