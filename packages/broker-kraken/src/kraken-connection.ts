import {
  cleanupError,
  isCleanupError,
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
import { krakenClientOrderId } from './client-order-id.js';
import { DirectoryCache } from './kraken-directory.js';
import {
  AddOrderResultSchema,
  BalanceExResultSchema,
  CancelOrderResultSchema,
  ClosedOrdersResultSchema,
  OpenOrdersResultSchema,
  QueryOrdersResultSchema,
  TickerResultSchema,
  type KrakenOrder,
} from './kraken-responses.js';
import type { KrakenTransport } from './kraken-transport.js';
import { pendingReport, roundQuantity, toOpenOrder, toOrderReport } from './order-views.js';
import type { KrakenMarket } from './pair-directory.js';
import { KRAKEN_CAPABILITIES } from './rate-limits.js';
import { checkCostMinimum, sellVolume } from './sell-guard.js';

/** Pairs per `Ticker` request: keeps each request small whatever the account holds. */
const TICKER_BATCH = 50;
/** Pages of `ClosedOrders` read at most when looking a client order id up (50 orders a page). */
const MAX_CLOSED_PAGES = 20;

/** One Kraken account, through kraken-api. See docs/broker-kraken.md. */
export class KrakenConnection implements BrokerConnection {
  readonly capabilities: BrokerCapabilities = KRAKEN_CAPABILITIES;
  private readonly directory: DirectoryCache;
  /**
   * The last usable price `fetchPrices` read per symbol, for the `costmin` check before a sell: the run
   * priced its positions with it, and Kraken refuses a sell under `costmin` itself (`below_minimum`), so a
   * price a few minutes old cannot let a wrong order through — it saves a `Ticker` request per close.
   */
  private readonly lastPrices = new Map<string, number>();

  constructor(
    private readonly transport: KrakenTransport,
    readonly rateLimit: RateLimit,
  ) {
    this.directory = new DirectoryCache(transport);
  }

  /** `BalanceEx`: free is `balance − hold_trade`; assets named neutrally; suffixed balances priced as their base. */
  async fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    throwIfAborted(signal, 'fetchBalances');
    const [{ names }, balances] = await Promise.all([
      this.directory.get(signal),
      this.transport.privateCall('BalanceEx', {}, BalanceExResultSchema, signal),
    ]);
    const byAsset = new Map<string, Balance>();
    for (const [id, entry] of Object.entries(balances)) {
      if (!(entry.balance > 0)) continue;
      const { asset, priceAs } = names.neutral(id);
      const free = Math.max(0, roundQuantity(entry.balance - entry.hold_trade));
      const known = byAsset.get(asset);
      // Two ids naming one asset (a legacy and a plain id) are one holding.
      const total = roundQuantity((known?.total ?? 0) + entry.balance);
      const merged: Balance = { asset, total, free: Math.min(total, roundQuantity((known?.free ?? 0) + free)) };
      byAsset.set(asset, priceAs === null ? merged : { ...merged, priceAs });
    }
    return [...byAsset.values()];
  }

  /** Every pair that takes market orders, from a fresh `AssetPairs` read. */
  async fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    throwIfAborted(signal, 'fetchMarkets');
    const { pairs } = await this.directory.refresh(signal);
    return pairs.marketRules();
  }

  /** `Ticker` last prices (`c[0]`); null for an unknown symbol or a price that is not a number > 0. */
  async fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>> {
    throwIfAborted(signal, 'fetchPrices');
    const { pairs } = await this.directory.get(signal);
    const prices: Record<string, number | null> = Object.fromEntries(symbols.map((symbol) => [symbol, null]));
    const markets = [...new Set(symbols)].map((symbol) => pairs.findBySymbol(symbol)).filter((market): market is KrakenMarket => market !== null);
    for (let start = 0; start < markets.length; start += TICKER_BATCH) {
      const batch = markets.slice(start, start + TICKER_BATCH);
      const tickers = await this.transport.publicCall('Ticker', { pair: batch.map((market) => market.key).join(',') }, TickerResultSchema, signal);
      for (const [name, ticker] of Object.entries(tickers)) {
        const market = pairs.findByName(name);
        if (market && market.symbol in prices) prices[market.symbol] = usablePrice(ticker.c[0]);
      }
    }
    for (const [symbol, price] of Object.entries(prices)) {
      if (price === null) this.lastPrices.delete(symbol);
      else this.lastPrices.set(symbol, price);
    }
    return prices;
  }

  /** `OpenOrders`: every open order of the account, all pairs, in one answer. */
  async fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    throwIfAborted(signal, 'fetchOpenOrders');
    const [{ pairs }, result] = await Promise.all([
      this.directory.get(signal),
      this.transport.privateCall('OpenOrders', {}, OpenOrdersResultSchema, signal),
    ]);
    return Object.entries(result.open).map(([txid, order]) => toOpenOrder(txid, order, pairs));
  }

  /**
   * `CancelOrder` by txid. An id of digits only is refused without a request: Kraken would read it as a
   * `userref` and cancel every order carrying it.
   */
  async cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    throwIfAborted(signal, 'cancelOrder');
    if (/^-?\d+$/.test(order.id)) throw cleanupError('order_not_found', `Kraken CancelOrder: ${order.id} is not a Kraken order id (txid): nothing sent`);
    const result = await this.transport.privateCall('CancelOrder', { txid: order.id }, CancelOrderResultSchema, signal);
    if (result.count === 0) throw cleanupError('order_not_found', `Kraken CancelOrder: no open order ${order.id}`);
  }

  /**
   * A market sell, checked against `lot_decimals`, `ordermin` and `costmin` before anything is sent
   * (`below_minimum` without an order; `costmin` at the last price `fetchPrices` read, a `Ticker` only when
   * it has none), placed once with `cl_ord_id`, then read back with `QueryOrders`.
   * When that read fails the order is reported open with nothing filled: the engine then looks it up.
   */
  async placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport> {
    throwIfAborted(signal, 'placeMarketSell');
    const { pairs } = await this.directory.get(signal);
    const market = pairs.findBySymbol(request.symbol);
    if (!market) throw cleanupError('market_not_found', `Kraken has no pair ${request.symbol}`);
    if (!market.online) throw cleanupError('invalid_order', `Kraken pair ${market.altname} does not take market orders now: nothing sent`);
    const volume = sellVolume(request.quantity, market);
    if (market.costMin > 0) {
      // Two requests per close (AddOrder, QueryOrders) when the run has priced the pair; a Ticker first otherwise.
      const price = this.lastPrices.get(market.symbol) ?? (await this.fetchPrices([market.symbol], signal))[market.symbol] ?? null;
      if (price === null) throw cleanupError('invalid_order', `${market.symbol} has no usable last price, so its cost minimum cannot be checked: nothing sent`);
      checkCostMinimum(volume.value, price, market);
    }
    const placed = await this.transport.privateCall(
      'AddOrder',
      { pair: market.altname, type: 'sell', ordertype: 'market', volume: volume.text, cl_ord_id: krakenClientOrderId(request.clientOrderId) },
      AddOrderResultSchema,
      signal,
    );
    const txid = placed.txid[0] as string;
    try {
      const found = await this.transport.privateCall('QueryOrders', { txid }, QueryOrdersResultSchema, signal);
      const order = found[txid];
      if (order) return toOrderReport(txid, order, request.clientOrderId, pairs);
    } catch (error) {
      // The sell is placed: an error now must not read as "not placed". The engine's lookup settles it.
      if (isCleanupError(error) && error.code === 'aborted') throw error;
    }
    return pendingReport(txid, request.clientOrderId, market, volume.value);
  }

  /**
   * By txid when known (`QueryOrders`), else by `cl_ord_id` among open orders, then closed ones (the
   * newest, should the id have been reused after an earlier order filled). Null when Kraken has none.
   */
  async lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    throwIfAborted(signal, 'lookupOrder');
    const { pairs } = await this.directory.get(signal);
    if (lookup.orderId !== undefined) {
      const found = await this.queryOrder(lookup.orderId, signal);
      return found === null ? null : toOrderReport(lookup.orderId, found, lookup.clientOrderId, pairs);
    }
    const clOrdId = krakenClientOrderId(lookup.clientOrderId);
    const open = await this.transport.privateCall('OpenOrders', { cl_ord_id: clOrdId }, OpenOrdersResultSchema, signal);
    const newest = newestWithId(open.open, clOrdId) ?? (await this.closedWithId(clOrdId, signal));
    return newest === null ? null : toOrderReport(newest[0], newest[1], lookup.clientOrderId, pairs);
  }

  /** Nothing to release: kraken-api opens no connection that outlives a request. */
  async close(): Promise<void> {}

  private async queryOrder(txid: string, signal: AbortSignal): Promise<KrakenOrder | null> {
    try {
      const found = await this.transport.privateCall('QueryOrders', { txid }, QueryOrdersResultSchema, signal);
      return found[txid] ?? null;
    } catch (error) {
      if (isCleanupError(error) && error.code === 'order_not_found') return null;
      throw error;
    }
  }

  private async closedWithId(clOrdId: string, signal: AbortSignal): Promise<[string, KrakenOrder] | null> {
    const all: Record<string, KrakenOrder> = {};
    for (let page = 0, offset = 0; page < MAX_CLOSED_PAGES; page++) {
      const result = await this.transport.privateCall('ClosedOrders', { cl_ord_id: clOrdId, ofs: offset }, ClosedOrdersResultSchema, signal);
      const entries = Object.entries(result.closed);
      for (const [txid, order] of entries) all[txid] = order;
      offset += entries.length;
      if (entries.length === 0 || offset >= result.count) break;
    }
    return newestWithId(all, clOrdId);
  }
}

/** The newest order carrying `clOrdId` (Kraken filters by it; checked again in case a server does not). */
function newestWithId(orders: Readonly<Record<string, KrakenOrder>>, clOrdId: string): [string, KrakenOrder] | null {
  let best: [string, KrakenOrder] | null = null;
  for (const entry of Object.entries(orders)) {
    if (entry[1].cl_ord_id !== clOrdId) continue;
    if (best === null || entry[1].opentm > best[1].opentm) best = entry;
  }
  return best;
}

function throwIfAborted(signal: AbortSignal, call: string): void {
  if (signal.aborted) throw cleanupError('aborted', `Kraken ${call}: aborted`);
}

function usablePrice(text: string | undefined): number | null {
  const price = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(price) && price > 0 ? price : null;
}
