import type { CcxtExchange } from './ccxt-exchange.js';
import { CcxtMarketSchema, parseCcxt } from './ccxt-shapes.js';
import { MarketIndex } from './market-index.js';

/*
 * The exchange's markets, loaded once and shared by every call of a connection. ccxt caches them inside
 * the exchange instance too (its own methods load them on first use), so asking ccxt again is free; the
 * index is rebuilt only when ccxt's market table is a new one.
 *
 * `fetchMarkets` must give the rules as the exchange has them now, so it reloads; but an account read asks
 * for balances, markets and open orders at once, and each needs the markets: reloading for `fetchMarkets`
 * while the read's first load was still on the wire read `exchangeInfo` twice per read. So a fresh request
 * joins a load that is in flight (it was started no earlier than the request, as fresh as any), and
 * reloads otherwise. Where calls run one at a time (Kraken), no load is in flight when `fetchMarkets`
 * runs, so a read that starts with the balances still loads the markets twice there.
 */

/** Loads and indexes one exchange's markets. */
export class MarketLoader {
  private current: MarketIndex | null = null;
  private source: unknown = null;
  /** The latest load this loader started, and whether it has settled. */
  private latest: { readonly index: Promise<MarketIndex>; settled: boolean } | null = null;

  /** @param exchange the ccxt instance */
  constructor(private readonly exchange: CcxtExchange) {}

  /**
   * The index, loaded on first use; with `fresh`, a load in flight or a new one (see above).
   * ccxt keeps a failed load's promise and hands it to every later `loadMarkets()`, its own methods'
   * included, so one failed read would fail every call after it: a failed load is forgotten, and the
   * next call loads again.
   */
  index(options: { fresh?: boolean } = {}): Promise<MarketIndex> {
    const latest = this.latest;
    if (latest !== null && !(options.fresh === true && latest.settled)) return latest.index;
    const load = { index: this.load(latest !== null), settled: false };
    this.latest = load;
    load.index.then(
      () => {
        load.settled = true;
      },
      () => {
        load.settled = true;
        if (this.latest === load) this.latest = null;
      },
    );
    return load.index;
  }

  private async load(reload: boolean): Promise<MarketIndex> {
    let markets: Record<string, unknown>;
    try {
      markets = await this.exchange.loadMarkets(reload);
    } catch (error) {
      this.exchange.marketsLoading = undefined;
      throw error;
    }
    if (this.current === null || reload || markets !== this.source) {
      const parsed = parseCcxt(CcxtMarketSchema.array(), Object.values(markets ?? {}), this.exchange.id, 'fetchMarkets');
      this.current = new MarketIndex(parsed, this.exchange.precisionMode);
      this.source = markets;
    }
    return this.current;
  }
}
