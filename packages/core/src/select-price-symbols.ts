import type { Balance, MarketRules } from '@forced-cleanup/contract';
import { assetSet, hasAsset } from './asset-sets.js';
import { compareStrings } from './ordering.js';

/** Quote assets a position may be priced through (taken 1:1 as USD), best first. */
const QUOTE_PREFERENCE: readonly string[] = ['USD', 'USDC', 'USDT'];

function preferenceOf(quote: string): number {
  return QUOTE_PREFERENCE.indexOf(quote);
}

/** True when `candidate` should replace `current` as the quote market of an asset. */
function isBetterQuoteMarket(candidate: MarketRules, current: MarketRules | undefined): boolean {
  if (current === undefined) return true;
  const byQuote = preferenceOf(candidate.quote) - preferenceOf(current.quote);
  if (byQuote !== 0) return byQuote < 0;
  // Two markets with the same base and quote should not exist; if a broker lists both, the choice must
  // still not depend on the order it listed them in.
  return candidate.symbol < current.symbol;
}

/**
 * The market an asset is sold and priced through: one whose base is `asset` and whose quote is USD,
 * else USDC, else USDT. Null when there is none. Asset and quote are compared exactly: brokers normalise
 * asset names before the planner sees them.
 */
export function selectQuoteMarket(asset: string, markets: readonly MarketRules[]): MarketRules | null {
  let best: MarketRules | undefined;
  for (const market of markets) {
    if (market.base === asset && preferenceOf(market.quote) >= 0 && isBetterQuoteMarket(market, best)) best = market;
  }
  return best ?? null;
}

/**
 * The quote market of every base asset, in one pass: {@link selectQuoteMarket} for many assets without
 * scanning the market list once per balance.
 */
export function indexQuoteMarkets(markets: readonly MarketRules[]): ReadonlyMap<string, MarketRules> {
  const index = new Map<string, MarketRules>();
  for (const market of markets) {
    if (preferenceOf(market.quote) < 0) continue;
    if (isBetterQuoteMarket(market, index.get(market.base))) index.set(market.base, market);
  }
  return index;
}

/**
 * The market symbols whose prices the engine must fetch for these balances, sorted and unique: the quote
 * market of every non-cash, non-zero balance, and — for a balance without a market of its own that names a
 * `priceAs` asset (Kraken `BTC.F`) — the quote market of that asset.
 */
export function selectPriceSymbols(
  balances: readonly Balance[],
  markets: readonly MarketRules[],
  cashAssets: readonly string[],
): string[] {
  const cash = assetSet(cashAssets);
  const quoteMarkets = indexQuoteMarkets(markets);
  const symbols = new Set<string>();
  for (const balance of balances) {
    if (!(balance.total > 0) || hasAsset(cash, balance.asset)) continue;
    const own = quoteMarkets.get(balance.asset);
    if (own !== undefined) {
      symbols.add(own.symbol);
      continue;
    }
    if (balance.priceAs === undefined) continue;
    const proxy = quoteMarkets.get(balance.priceAs);
    if (proxy !== undefined) symbols.add(proxy.symbol);
  }
  return [...symbols].sort(compareStrings);
}
