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
import { CoinbaseApi, type QueryParams } from './coinbase-api.js';
import { readAllCursorPages, visitCursorPages } from './cursor-pages.js';
import { cancelRefusalError, malformed, toCoinbaseError, type CoinbaseOperation } from './errors.js';
import { marketsFromProducts, pricesFromProducts, readAllProducts } from './markets.js';
import { placeMarketSell } from './market-sell.js';
import { ProductsMemo } from './products-memo.js';
import { openOrderFromWire, orderReportFromWire } from './orders.js';
import type { Redactor } from './redactor.js';
import type { CoinbaseRest } from './coinbase-client.js';
import { AccountsPageSchema, CancelResultsSchema, OrderSchema, OrdersPageSchema, type WireOrder } from './wire-schemas.js';

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

/**
 * One Coinbase Advanced Trade account, through coinbase-advanced-node's REST client. Every request of a
 * call carries the caller's signal, and every method rejects only with a CleanupError.
 */
export class CoinbaseConnection implements BrokerConnection {
  readonly capabilities = COINBASE_CAPABILITIES;
  readonly rateLimit: RateLimit;
  private readonly api: CoinbaseApi;
  /** The markets' products listing, reused by the price read that follows it. */
  private readonly productsForPrices: ProductsMemo;

  constructor(
    rest: CoinbaseRest,
    private readonly settings: CoinbaseConnectionSettings,
  ) {
    this.api = new CoinbaseApi(rest);
    this.rateLimit = Object.freeze({ ...settings.rateLimit });
    this.productsForPrices = new ProductsMemo(settings.now ?? Date.now);
  }

  /** Runs `body` as one call: refuses an aborted signal up front and maps every failure. */
  private async call<T>(operation: CoinbaseOperation, signal: AbortSignal, body: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw cleanupError('aborted', `Coinbase ${operation}: aborted before it started`, { retryable: false });
    try {
      return await body();
    } catch (error) {
      if (signal.aborted) throw cleanupError('aborted', `Coinbase ${operation}: aborted`, { retryable: false });
      throw toCoinbaseError(error, operation, this.settings.redact);
    }
  }

  /** Every non-zero balance, all pages of accounts (250 a page). */
  fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    return this.call('fetchBalances', signal, async () => {
      const accounts = await readAllCursorPages('fetchBalances', async (cursor) => {
        const page = AccountsPageSchema.parse(await this.api.listAccounts(cursor, signal));
        return { items: page.accounts, hasNext: page.has_next, cursor: page.cursor };
      });
      return balancesFromAccounts(accounts);
    });
  }

  /** Rules of every spot market a market sell can be placed on; the listing is kept for the prices read next. */
  fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    return this.call('fetchMarkets', signal, async () => {
      const products = await readAllProducts(this.api, signal);
      this.productsForPrices.keep(products);
      return marketsFromProducts(products);
    });
  }

  /**
   * Last prices from the products listing: the one {@link fetchMarkets} just read when it is at most
   * `PRODUCTS_REUSE_MS` old (once), else a fresh listing (one request for every symbol).
   */
  fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>> {
    return this.call('fetchPrices', signal, async () => {
      const products = this.productsForPrices.take() ?? (await readAllProducts(this.api, signal));
      return pricesFromProducts(products, symbols);
    });
  }

  /** Every open order, all pages (25 a page). */
  fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    return this.call('fetchOpenOrders', signal, async () => {
      const orders = await readAllCursorPages('fetchOpenOrders', (cursor) => this.ordersPage({ order_status: ['OPEN'], limit: OPEN_ORDERS_PAGE_SIZE }, cursor, signal));
      return orders.map((order) => openOrderFromWire(order, 'fetchOpenOrders')).filter((order): order is OpenOrder => order !== null);
    });
  }

  /** Cancels one order; `order_not_found` when Coinbase no longer has it open. */
  cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    return this.call('cancelOrder', signal, async () => {
      const result = CancelResultsSchema.parse(await this.api.cancelOrders([order.id], signal)).results[0];
      if (result === undefined) throw malformed('cancelOrder', 'the answer has no result');
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
            this.api.placeOrder(
              {
                client_order_id: request.clientOrderId,
                product_id: request.symbol,
                side: 'SELL',
                order_configuration: { market_market_ioc: { base_size: baseSize } },
              },
              signal,
            ),
          readOrder: (orderId) => this.readOrder(orderId, 'placeMarketSell', signal),
        },
        request,
        this.settings.redact,
      ),
    );
  }

  /** Finds an order by client order id: by order id first when known, else by scanning the product's orders. */
  lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    return this.call('lookupOrder', signal, async () => {
      if (lookup.orderId !== undefined) {
        const order = await this.readOrder(lookup.orderId, 'lookupOrder', signal);
        if (order !== null && order.client_order_id === lookup.clientOrderId) return orderReportFromWire(order, 'lookupOrder');
      }
      let found: WireOrder | undefined;
      await visitCursorPages(
        'lookupOrder',
        (cursor) => this.ordersPage({ product_ids: [lookup.symbol], limit: LOOKUP_PAGE_SIZE }, cursor, signal),
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

  /** One page of `orders/historical/batch`, validated from the raw answer. */
  private async ordersPage(query: QueryParams, cursor: string | null, signal: AbortSignal) {
    const page = OrdersPageSchema.parse(await this.api.listOrders({ ...query, ...(cursor === null ? {} : { cursor }) }, signal));
    return { items: page.orders, hasNext: page.has_next, cursor: page.cursor };
  }

  /** One order by id; null when Coinbase answers 404. */
  private async readOrder(orderId: string, operation: CoinbaseOperation, signal: AbortSignal): Promise<WireOrder | null> {
    const answer = await this.api.getOrder(orderId, signal);
    if (answer === null) return null;
    // As the library read it: the order is under `order` (Advanced Trade), else `data`, else the body itself.
    const body = answer as { order?: unknown; data?: unknown };
    const parsed = OrderSchema.safeParse(body.order ?? body.data ?? answer);
    if (!parsed.success) throw malformed(operation, 'the order answer does not have an order');
    return parsed.data;
  }
}
