import { symbolOf, type MarketRules } from '@forced-cleanup/contract';
import type { AssetNames } from './asset-names.js';
import type { AssetPair } from './kraken-responses.js';

/** One Kraken pair with its neutral identity and order rules. */
export interface KrakenMarket {
  /** The key in AssetPairs and Ticker results, e.g. `XXBTZUSD`. */
  readonly key: string;
  /** e.g. `XBTUSD`: what OpenOrders reports as `descr.pair`. */
  readonly altname: string;
  /** Neutral `BASE-QUOTE`, e.g. `BTC-USD`. */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Decimals an order volume may have. */
  readonly lotDecimals: number;
  /** Smallest order volume, base units; 0 when none. */
  readonly orderMin: number;
  /** Smallest order cost, quote units; 0 when none. */
  readonly costMin: number;
  /** True when the pair takes market orders (`status` `online`, or no status given). */
  readonly online: boolean;
}

/**
 * Every Kraken pair, found by neutral symbol or by any name Kraken uses for it (key, altname, wsname).
 * Dark-pool pairs (`.d`) are left out: they are not where a cleanup sells.
 */
export class PairDirectory {
  private readonly bySymbol = new Map<string, KrakenMarket>();
  private readonly byName = new Map<string, KrakenMarket>();

  constructor(pairs: Readonly<Record<string, AssetPair>>, names: AssetNames) {
    for (const [key, pair] of Object.entries(pairs)) {
      if (key.endsWith('.d') || pair.altname.endsWith('.d')) continue;
      const base = names.common(pair.base);
      const quote = names.common(pair.quote);
      const market: KrakenMarket = {
        key,
        altname: pair.altname,
        symbol: symbolOf(base, quote),
        base,
        quote,
        lotDecimals: pair.lot_decimals,
        orderMin: pair.ordermin ?? 0,
        costMin: pair.costmin ?? 0,
        online: pair.status === undefined || pair.status === 'online',
      };
      // An online pair wins the symbol over one that is not (Kraken has a few such duplicates).
      const existing = this.bySymbol.get(market.symbol);
      if (!existing || (!existing.online && market.online)) this.bySymbol.set(market.symbol, market);
      for (const name of [key, pair.altname, pair.wsname]) {
        if (name !== undefined) this.byName.set(name.toUpperCase(), market);
      }
    }
  }

  /** The pair of a neutral symbol, or null. */
  findBySymbol(symbol: string): KrakenMarket | null {
    return this.bySymbol.get(symbol) ?? null;
  }

  /** The pair Kraken names `name` (key, altname or wsname), or null. */
  findByName(name: string): KrakenMarket | null {
    return this.byName.get(name.toUpperCase()) ?? null;
  }

  /**
   * The rules of every pair that takes market orders. A pair that does not (`cancel_only`, `limit_only`…)
   * is left out, so its asset is reported as having no market rather than failing at the sell.
   */
  marketRules(): MarketRules[] {
    return [...this.bySymbol.values()]
      .filter((market) => market.online)
      .map((market) => ({
        symbol: market.symbol,
        base: market.base,
        quote: market.quote,
        minQuantity: market.orderMin > 0 ? market.orderMin : null,
        quantityStep: Number(`1e-${market.lotDecimals}`),
        minNotional: market.costMin > 0 ? market.costMin : null,
      }));
  }
}
