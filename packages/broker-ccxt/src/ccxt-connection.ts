import {
  cleanupError,
  type Balance,
  type BrokerCapabilities,
  type BrokerConnection,
  type BrokerLogger,
  type CleanupError,
  type DustConversionReport,
  type MarketRules,
  type MarketSellRequest,
  type OpenOrder,
  type OrderLookup,
  type OrderReport,
  type RateLimit,
} from '@forced-cleanup/contract';
import { balancesOf, lacksFreeBalances } from './balances.js';
import { convertBinanceDust } from './binance-dust-conversion.js';
import { abortedError, CallGate } from './call-gate.js';
import { CallHeaders } from './call-headers.js';
import { hasBinanceDustApi, type CcxtExchange } from './ccxt-exchange.js';
import { CcxtBalanceSchema, CcxtOrderSchema, CcxtOrdersSchema, parseCcxt } from './ccxt-shapes.js';
import { retryAfterMsOf, toCleanupError } from './errors.js';
import type { ExchangeProfile } from './exchange-profiles.js';
import type { MarketIndex } from './market-index.js';
import { MarketLoader } from './market-loader.js';
import { lookUpOrder } from './order-lookup.js';
import { toOpenOrder, toOrderReport } from './orders.js';
import { fetchLastPrices } from './prices.js';
import { sizeSell } from './sell-minimums.js';

/** What a connection is made of. */
export interface CcxtConnectionSettings {
  /** The account's own ccxt instance (its own rate limiter, nonce and markets). */
  readonly exchange: CcxtExchange;
  readonly profile: ExchangeProfile;
  /** The budget declared to the engine (the profile's, or the account's `rateLimit`). */
  readonly rateLimit: RateLimit;
  /** Every credential of the account: none may appear in an error. */
  readonly secrets: readonly string[];
  readonly logger: BrokerLogger;
  /** Milliseconds since the epoch (Retry-After dates, market freshness). */
  readonly now?: () => number;
}

/**
 * One account on one ccxt exchange. Every call goes through {@link CcxtConnection.call}: one at a time
 * where the exchange uses nonces (in parallel on Binance), its AbortSignal honoured, and any failure mapped to a CleanupError with a redacted message. Before an
 * order-placing or cancelling request the signal is checked again, so that an aborted call never trades.
 */
export class CcxtConnection implements BrokerConnection {
  readonly capabilities: BrokerCapabilities;
  readonly rateLimit: RateLimit;
  readonly convertDust?: (assets: readonly string[], signal: AbortSignal) => Promise<DustConversionReport>;
  private readonly exchange: CcxtExchange;
  private readonly profile: ExchangeProfile;
  private readonly secrets: readonly string[];
  private readonly logger: BrokerLogger;
  private readonly now: () => number;
  private readonly gate: CallGate;
  /** Each call's own response headers (its Retry-After), whether or not calls run in parallel. */
  private readonly headers = new CallHeaders();
  private readonly markets: MarketLoader;
  /** The last usable price `fetchPrices` read per contract symbol: a sell's minimum-notional check uses it. */
  private readonly lastPrices = new Map<string, number>();

  constructor(settings: CcxtConnectionSettings) {
    this.exchange = settings.exchange;
    this.profile = settings.profile;
    this.rateLimit = settings.rateLimit;
    this.secrets = settings.secrets;
    this.logger = settings.logger;
    this.now = settings.now ?? Date.now;
    this.gate = new CallGate(this.exchange.id, { oneAtATime: !settings.profile.parallelCalls });
    const onRestResponse = this.exchange.onRestResponse.bind(this.exchange);
    this.exchange.onRestResponse = (status, statusText, url, method, responseHeaders, ...rest) => {
      this.headers.record(Number(status), responseHeaders);
      return onRestResponse(status, statusText, url, method, responseHeaders, ...rest);
    };
    this.markets = new MarketLoader(this.exchange);
    const api = this.exchange;
    const canConvert = settings.profile.capabilities.dustConversion && hasBinanceDustApi(api);
    this.capabilities = { ...settings.profile.capabilities, dustConversion: canConvert };
    if (canConvert) {
      this.convertDust = (assets, signal) =>
        this.call('convertDust', signal, async () => {
          const index = await this.markets.index();
          return convertBinanceDust(api, assets, {
            assetId: (asset) => index.assetId(asset),
            secrets: this.secrets,
            beforeConverting: () => this.ensureNotAborted(signal, 'convertDust'),
          });
        });
    }
  }

  /** Every non-zero balance; `free` from the exchange (or, where it reports none, total minus open orders' holds). */
  fetchBalances(signal: AbortSignal): Promise<Balance[]> {
    return this.call('fetchBalances', signal, async () => {
      await this.markets.index();
      const balance = parseCcxt(CcxtBalanceSchema, await this.exchange.fetchBalance(), this.exchange.id, 'fetchBalances');
      const reading = { exchange: this.exchange.id, trackingSuffix: this.profile.trackingSuffix };
      if (this.profile.capabilities.nativeFreeBalance || !lacksFreeBalances(balance)) return balancesOf(balance, reading);
      return balancesOf(balance, { ...reading, heldByOpenOrders: heldBy(await this.openOrders()) });
    });
  }

  /** The exchange's active spot markets with their rules, read from the exchange at every call. */
  fetchMarkets(signal: AbortSignal): Promise<MarketRules[]> {
    return this.call('fetchMarkets', signal, async () => (await this.markets.index({ fresh: true })).rules());
  }

  /** Last prices in quote units; null for a market the exchange lacks or has no usable price for. */
  fetchPrices(symbols: readonly string[], signal: AbortSignal): Promise<Record<string, number | null>> {
    return this.call('fetchPrices', signal, async () => {
      const prices = await fetchLastPrices(this.exchange, await this.markets.index(), symbols);
      for (const [symbol, price] of Object.entries(prices)) {
        if (price === null) this.lastPrices.delete(symbol);
        else this.lastPrices.set(symbol, price);
      }
      return prices;
    });
  }

  /** Every open order of every market. */
  fetchOpenOrders(signal: AbortSignal): Promise<OpenOrder[]> {
    return this.call('fetchOpenOrders', signal, () => this.openOrders());
  }

  /** Cancels one order; `order_not_found` when it is gone, or its market does not exist. */
  cancelOrder(order: Pick<OpenOrder, 'id' | 'symbol'>, signal: AbortSignal): Promise<void> {
    return this.call('cancelOrder', signal, async () => {
      const market = (await this.markets.index()).market(order.symbol);
      if (!market) throw cleanupError('order_not_found', `ccxt ${this.exchange.id} cancelOrder: no ${order.symbol} market, so no order ${order.id} on it`);
      this.ensureNotAborted(signal, 'cancelOrder');
      await this.exchange.cancelOrder(order.id, market.ccxtSymbol);
    });
  }

  /**
   * Sizes the sell (step, minimum quantity, minimum notional at the last price read: `below_minimum` before
   * anything is sent), places it once with the client order id, and — where the exchange's answer has no
   * fill (Kraken) — looks the order up at once. A failed confirmation still returns the placed order, as
   * `open`: the engine looks it up again.
   */
  placeMarketSell(request: MarketSellRequest, signal: AbortSignal): Promise<OrderReport> {
    return this.call('placeMarketSell', signal, async () => {
      const index = await this.markets.index();
      const market = index.market(request.symbol);
      if (!market) throw cleanupError('market_not_found', `ccxt ${this.exchange.id} placeMarketSell: the exchange has no ${request.symbol} spot market`);
      const price = market.rules.minNotional === null ? null : await this.notionalPrice(index, request.symbol);
      const amount = sizeSell({
        quantity: request.quantity,
        rules: market.rules,
        roundToStep: (quantity) => this.exchange.amountToPrecision(market.ccxtSymbol, quantity),
        price,
      });
      this.ensureNotAborted(signal, 'placeMarketSell');
      const placed = parseCcxt(
        CcxtOrderSchema,
        await this.exchange.createOrder(market.ccxtSymbol, 'market', 'sell', amount, undefined, { clientOrderId: request.clientOrderId }),
        this.exchange.id,
        'placeMarketSell',
      );
      const subject = { symbol: request.symbol, clientOrderId: request.clientOrderId, requestedQuantity: amount };
      const report = toOrderReport(placed, subject, this.exchange.id, 'placeMarketSell');
      if (!this.profile.confirmAfterPlace || report.status !== 'open') return report;
      try {
        const query = { clientOrderId: request.clientOrderId, ccxtSymbol: market.ccxtSymbol, orderId: placed.id };
        const found = await lookUpOrder(this.exchange, this.profile.lookup, query);
        return found ? toOrderReport(found, subject, this.exchange.id, 'placeMarketSell') : report;
      } catch (error) {
        const reason = toCleanupError(error, { exchange: this.exchange.id, operation: 'placeMarketSell (confirmation)', secrets: this.secrets });
        this.logger.warn('ccxt order placed but not confirmed yet', { exchange: this.exchange.id, orderId: placed.id, code: reason.code });
        return report;
      }
    });
  }

  /** The order placed with the client order id (on the given market), or null when there is none. */
  lookupOrder(lookup: OrderLookup, signal: AbortSignal): Promise<OrderReport | null> {
    return this.call('lookupOrder', signal, async () => {
      const market = (await this.markets.index()).market(lookup.symbol);
      if (!market) return null;
      const found = await lookUpOrder(this.exchange, this.profile.lookup, { clientOrderId: lookup.clientOrderId, ccxtSymbol: market.ccxtSymbol, orderId: lookup.orderId });
      if (found === null || (found.symbol && found.symbol !== market.ccxtSymbol)) return null;
      const subject = { symbol: lookup.symbol, clientOrderId: lookup.clientOrderId, requestedQuantity: found.amount ?? 0 };
      return toOrderReport(found, subject, this.exchange.id, 'lookupOrder');
    });
  }

  /** Releases what ccxt holds (REST use holds no socket of its own beyond keep-alive). */
  async close(): Promise<void> {
    try {
      await this.exchange.close?.();
    } catch {
      // Nothing to release is not a failure of the run.
    }
  }

  private async openOrders(): Promise<OpenOrder[]> {
    const index = await this.markets.index();
    const orders = parseCcxt(CcxtOrdersSchema, await this.exchange.fetchOpenOrders(), this.exchange.id, 'fetchOpenOrders');
    return orders.map((order) => toOpenOrder(order, index, this.exchange.id));
  }

  /**
   * The price a sell's minimum notional is checked at: the last one `fetchPrices` read for the symbol (the
   * price the plan was made with; the exchange refuses a sell below its minimum anyway), else a ticker.
   * A market without a minimum notional needs no price at all.
   */
  private async notionalPrice(index: MarketIndex, symbol: string): Promise<number | null> {
    const known = this.lastPrices.get(symbol);
    if (known !== undefined) return known;
    return (await fetchLastPrices(this.exchange, index, [symbol]))[symbol] ?? null;
  }

  private ensureNotAborted(signal: AbortSignal, operation: string): void {
    if (signal.aborted) throw abortedError(this.exchange.id, operation);
  }

  /** The one door every call goes through: queued, abortable, errors mapped (with the key's Retry-After). */
  private call<T>(operation: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    return this.gate.run(operation, signal, async () => {
      try {
        return await work();
      } catch (error) {
        throw this.mapError(error, operation);
      }
    });
  }

  private mapError(error: unknown, operation: string): CleanupError {
    const retryAfterMs = retryAfterMsOf(this.headers.current(), this.now());
    return toCleanupError(error, { exchange: this.exchange.id, operation, secrets: this.secrets, retryAfterMs });
  }
}

/** What open orders hold, per asset: a sell its base, a buy its quote at its limit price. */
function heldBy(orders: readonly OpenOrder[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const order of orders) {
    const [asset, amount] = order.side === 'sell' ? [order.base, order.quantity] : [order.quote, order.quantity * (order.price ?? 0)];
    held.set(asset, (held.get(asset) ?? 0) + amount);
  }
  return held;
}
