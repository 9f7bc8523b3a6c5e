import { symbolOf, type MarketRules } from '@forced-cleanup/contract';
import type { CcxtMarket } from './ccxt-shapes.js';

/*
 * The contract names a market `BASE-QUOTE` (`BTC-USDT`); ccxt names it `BTC/USDT` (and a swap
 * `BTC/USDT:USDT`). The index maps between the two for the exchange's active spot markets, and turns
 * ccxt's limits and precision into the contract's market rules.
 */

/** ccxt's precision modes (`exchange.precisionMode`). */
export const PRECISION_MODE = { DECIMAL_PLACES: 2, SIGNIFICANT_DIGITS: 3, TICK_SIZE: 4 } as const;

/** One indexed market. */
export interface IndexedMarket {
  /** ccxt's symbol, e.g. `BTC/USDT`. */
  readonly ccxtSymbol: string;
  /** The contract's rules, symbol in `BASE-QUOTE` form. */
  readonly rules: MarketRules;
  /** The exchange's own id of the base asset (for Binance's dust conversion), when ccxt gives it. */
  readonly baseId: string | null;
}

/** A positive finite number, else null (ccxt writes a missing minimum as 0 or undefined). */
function positiveOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * The quantity step of a market from ccxt's `precision.amount`: itself in tick-size mode, 10^-n in
 * decimal-places mode; null in significant-digits mode, where the step depends on the quantity.
 */
export function quantityStepOf(amountPrecision: number | null | undefined, precisionMode: number): number | null {
  if (typeof amountPrecision !== 'number' || !Number.isFinite(amountPrecision)) return null;
  if (precisionMode === PRECISION_MODE.TICK_SIZE) return positiveOrNull(amountPrecision);
  if (precisionMode === PRECISION_MODE.DECIMAL_PLACES && Number.isInteger(amountPrecision) && amountPrecision >= 0) {
    return Number((10 ** -amountPrecision).toPrecision(15));
  }
  return null;
}

/** True for a market this broker trades: spot, not declared inactive, base and quote without a dash. */
function isTradableSpot(market: CcxtMarket): boolean {
  const spot = market.spot === true || (market.spot == null && market.type === 'spot');
  return spot && market.active !== false && !market.base.includes('-') && !market.quote.includes('-');
}

/** The exchange's spot markets, by contract symbol and by ccxt symbol. */
export class MarketIndex {
  private readonly bySymbol = new Map<string, IndexedMarket>();
  private readonly byCcxtSymbol = new Map<string, string>();
  private readonly assetIds = new Map<string, string>();

  /**
   * @param markets ccxt's markets, validated
   * @param precisionMode the exchange's `precisionMode`
   */
  constructor(markets: readonly CcxtMarket[], precisionMode: number) {
    for (const market of markets) {
      if (!isTradableSpot(market)) continue;
      const symbol = symbolOf(market.base, market.quote);
      // Two ccxt markets with one BASE-QUOTE (a renamed pair kept for history): the first listed wins.
      if (this.bySymbol.has(symbol)) continue;
      const rules: MarketRules = {
        symbol,
        base: market.base,
        quote: market.quote,
        minQuantity: positiveOrNull(market.limits?.amount?.min),
        quantityStep: quantityStepOf(market.precision?.amount, precisionMode),
        minNotional: positiveOrNull(market.limits?.cost?.min),
      };
      this.bySymbol.set(symbol, { ccxtSymbol: market.symbol, rules, baseId: market.baseId ?? null });
      this.byCcxtSymbol.set(market.symbol, symbol);
      if (market.baseId) this.assetIds.set(market.base, market.baseId);
    }
  }

  /** Every market's rules. */
  rules(): MarketRules[] {
    return [...this.bySymbol.values()].map((market) => market.rules);
  }

  /** The market of a contract symbol, or undefined when the exchange has no such spot market. */
  market(symbol: string): IndexedMarket | undefined {
    return this.bySymbol.get(symbol);
  }

  /** The contract symbol of a ccxt symbol, or undefined for a market not indexed. */
  contractSymbol(ccxtSymbol: string): string | undefined {
    return this.byCcxtSymbol.get(ccxtSymbol);
  }

  /** The exchange's own id of an asset (Binance `BSV` is `BCHSV`), or the code itself when unknown. */
  assetId(asset: string): string {
    return this.assetIds.get(asset) ?? asset;
  }
}

/**
 * The `BASE-QUOTE` form of a ccxt symbol that is not indexed (an order on a market delisted since, or not
 * spot): `BTC/USDT:USDT` → `BTC-USDT`. Undefined when it is not `BASE/QUOTE`.
 */
export function contractSymbolOfUnindexed(ccxtSymbol: string): { symbol: string; base: string; quote: string } | undefined {
  const match = /^([^/:\s-]+)\/([^/:\s-]+)(:.*)?$/.exec(ccxtSymbol);
  if (!match?.[1] || !match[2]) return undefined;
  return { symbol: symbolOf(match[1], match[2]), base: match[1], quote: match[2] };
}
