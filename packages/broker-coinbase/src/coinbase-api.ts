import { AccountAPI, OrderAPI, ProductAPI } from 'coinbase-advanced-node';
import type { CoinbaseRest } from './coinbase-client.js';

/*
 * The Advanced Trade endpoints this plugin uses, each one request through the library's own REST client
 * (`rest.coinbaseRequest`: its axios instance, with its interceptors and ours) at the library's own paths
 * and page sizes — but with a per-request config, which the library's methods (`account.listAccounts()`,
 * `order.getOrder()`, …) do not take. That config carries the caller's AbortSignal to the request and to
 * our pacing interceptor, and every answer comes back raw, as Coinbase sent it (the library's methods
 * reshape pages and lose the cursor's emptiness, and turn some transport errors into TypeErrors).
 *
 * Why not the methods inside an AsyncLocalStorage context (as before): on Node 20, AsyncLocalStorage turns
 * on promise hooks for the whole process, which roughly doubled the CPU of every request — of this plugin,
 * of every other broker in the run, and of a bot that embeds forced-cleanup.
 */

/** What a listing query may carry (`order_status` and `product_ids` repeat: see the params serializer). */
export type QueryParams = Readonly<Record<string, string | number | readonly string[] | undefined>>;

/** The library's page sizes, written out because paging depends on them. */
export const ACCOUNTS_PAGE_SIZE = 250;
export const PRODUCTS_PAGE_SIZE = 999;

/** The raw answers of the Advanced Trade endpoints the plugin calls; every call rejects with the request's error. */
export class CoinbaseApi {
  constructor(private readonly rest: CoinbaseRest) {}

  /** `GET /brokerage/accounts`, one page (`cursor` from the previous page, none for the first). */
  listAccounts(cursor: string | null, signal: AbortSignal): Promise<unknown> {
    return this.get(AccountAPI.URL.ACCOUNTS, { limit: ACCOUNTS_PAGE_SIZE, ...(cursor === null ? {} : { cursor }) }, signal);
  }

  /** `GET /brokerage/products`, one page from `offset`. */
  listProducts(query: QueryParams, signal: AbortSignal): Promise<unknown> {
    return this.get(ProductAPI.URL.PRODUCTS, { limit: PRODUCTS_PAGE_SIZE, ...query }, signal);
  }

  /** `GET /brokerage/orders/historical/batch`, one page. */
  listOrders(query: QueryParams, signal: AbortSignal): Promise<unknown> {
    return this.get(`${OrderAPI.URL.ORDERS}/historical/batch`, query, signal);
  }

  /** `GET /brokerage/orders/historical/{id}`; null when Coinbase answers 404 (as the library's `getOrder`). */
  async getOrder(orderId: string, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.get(`${OrderAPI.URL.ORDERS}/historical/${encodeURIComponent(orderId)}`, undefined, signal);
    } catch (error) {
      if ((error as { response?: { status?: unknown } } | null)?.response?.status === 404) return null;
      throw error;
    }
  }

  /** `POST /brokerage/orders`. */
  placeOrder(order: object, signal: AbortSignal): Promise<unknown> {
    return this.post(OrderAPI.URL.ORDERS, order, signal);
  }

  /** `POST /brokerage/orders/batch_cancel` for the given orders. */
  cancelOrders(orderIds: readonly string[], signal: AbortSignal): Promise<unknown> {
    return this.post(`${OrderAPI.URL.ORDERS}/batch_cancel`, { order_ids: orderIds }, signal);
  }

  /** `GET /v2/time` (public, unsigned) on the Sign-In-With-Coinbase base URL. */
  serverTime(siwcHttpUrl: string, signal: AbortSignal): Promise<unknown> {
    return this.send({ method: 'get', baseURL: siwcHttpUrl, url: '/time', signal });
  }

  private get(url: string, params: QueryParams | undefined, signal: AbortSignal): Promise<unknown> {
    return this.send({ method: 'get', url, ...(params === undefined ? {} : { params }), signal });
  }

  private post(url: string, data: object, signal: AbortSignal): Promise<unknown> {
    return this.send({ method: 'post', url, data, signal });
  }

  private async send(config: { method: 'get' | 'post'; url: string; baseURL?: string; params?: QueryParams; data?: object; signal: AbortSignal }): Promise<unknown> {
    const response = await this.rest.coinbaseRequest(config as Parameters<CoinbaseRest['coinbaseRequest']>[0]);
    return response.data as unknown;
  }
}
