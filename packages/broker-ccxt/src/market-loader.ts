import type { CcxtExchange } from './ccxt-exchange.js';
import { CcxtMarketSchema, parseCcxt } from './ccxt-shapes.js';
import { MarketIndex } from './market-index.js';

/*
 * The exchange's markets, loaded once and shared by every call of a connection. ccxt caches them inside
 * the exchange instance too (its own methods load them on first use), so asking ccxt again is free; the
 * index is rebuilt only when ccxt's market table is a new one. `fetchMarkets` always reloads: the engine
 * reads the rules it plans with (and reconciles with) from the exchange, never from an earlier answer.
 */

/** Loads and indexes one exchange's markets. */
export class MarketLoader {
  private current: MarketIndex | null = null;
  private source: unknown = null;

  /** @param exchange the ccxt instance */
  constructor(private readonly exchange: CcxtExchange) {}

  /**
   * The index, loaded on first use; with `fresh`, reloaded from the exchange. ccxt keeps a failed load's
   * promise and hands it to every later `loadMarkets()`, its own methods' included, so one failed read
   * would fail every call after it: a failed load is forgotten, and the next call loads again.
   */
  async index(options: { fresh?: boolean } = {}): Promise<MarketIndex> {
    const fresh = options.fresh === true;
    let markets: Record<string, unknown>;
    try {
      markets = await this.exchange.loadMarkets(fresh);
    } catch (error) {
      this.exchange.marketsLoading = undefined;
      throw error;
    }
    if (this.current === null || fresh || markets !== this.source) {
      const parsed = parseCcxt(CcxtMarketSchema.array(), Object.values(markets ?? {}), this.exchange.id, 'fetchMarkets');
      this.current = new MarketIndex(parsed, this.exchange.precisionMode);
      this.source = markets;
    }
    return this.current;
  }
}
