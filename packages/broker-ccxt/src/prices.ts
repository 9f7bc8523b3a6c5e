import type { CcxtExchange } from './ccxt-exchange.js';
import { CcxtTickerSchema, CcxtTickersSchema, parseCcxt, type CcxtTicker } from './ccxt-shapes.js';
import type { MarketIndex } from './market-index.js';

/*
 * Last prices in quote units. A market the exchange does not list, or whose last price is missing, zero,
 * negative or not a number, is priced null: the planner then treats the position as unpriced, never as
 * dust (an idle Binance or Kraken pair reports a last price of 0).
 */

/** A usable price: a finite number above zero. */
function usablePrice(ticker: CcxtTicker | undefined): number | null {
  const value = ticker?.last ?? ticker?.close;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** The last price of every requested contract symbol (null where unusable), in one request where ccxt allows it. */
export async function fetchLastPrices(exchange: CcxtExchange, index: MarketIndex, symbols: readonly string[]): Promise<Record<string, number | null>> {
  const prices: Record<string, number | null> = {};
  const known: Array<[symbol: string, ccxtSymbol: string]> = [];
  for (const symbol of new Set(symbols)) {
    const market = index.market(symbol);
    prices[symbol] = null;
    if (market) known.push([symbol, market.ccxtSymbol]);
  }
  if (known.length === 0) return prices;
  let tickers: Record<string, CcxtTicker>;
  if (exchange.has['fetchTickers']) {
    tickers = parseCcxt(CcxtTickersSchema, await exchange.fetchTickers(known.map(([, ccxtSymbol]) => ccxtSymbol)), exchange.id, 'fetchPrices');
  } else {
    tickers = {};
    for (const [, ccxtSymbol] of known) tickers[ccxtSymbol] = parseCcxt(CcxtTickerSchema, await exchange.fetchTicker(ccxtSymbol), exchange.id, 'fetchPrices');
  }
  for (const [symbol, ccxtSymbol] of known) prices[symbol] = usablePrice(tickers[ccxtSymbol]);
  return prices;
}
