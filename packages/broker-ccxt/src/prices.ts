import { cleanupError } from '@forced-cleanup/contract';
import type { CcxtExchange } from './ccxt-exchange.js';
import { CcxtTickerSchema, CcxtTickersSchema, parseCcxt, type CcxtTicker } from './ccxt-shapes.js';
import type { MarketIndex } from './market-index.js';

/*
 * Last prices in quote units. A market the exchange does not list, or whose last price is missing, zero,
 * negative or not a number, is priced null: the planner then treats the position as unpriced, never as
 * dust (an idle Binance or Kraken pair reports a last price of 0).
 *
 * ccxt puts every requested symbol in one URL (`/ticker/24hr?symbols=[…]`). Past ~960 Binance symbols that
 * URL exceeds what servers accept (16 KB: answered 431 with an empty body), so tickers are asked for in
 * chunks. An answer holding no ticker at all for a non-empty request is not "no prices" but an answer this
 * broker cannot read: `malformed_response`, and the account is unreadable rather than wholly unpriced.
 */

/** The most symbols asked for in one tickers request (~1.7 KB of URL on Binance). */
export const TICKER_CHUNK_SIZE = 100;

/** A usable price: a finite number above zero. */
function usablePrice(ticker: CcxtTicker | undefined): number | null {
  const value = ticker?.last ?? ticker?.close;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** The tickers of `ccxtSymbols` (at most {@link TICKER_CHUNK_SIZE}), refused when the answer holds none. */
async function fetchTickerChunk(exchange: CcxtExchange, ccxtSymbols: string[]): Promise<Record<string, CcxtTicker>> {
  const tickers = parseCcxt(CcxtTickersSchema, await exchange.fetchTickers(ccxtSymbols), exchange.id, 'fetchPrices');
  if (Object.keys(tickers).length === 0) {
    throw cleanupError('malformed_response', `ccxt ${exchange.id} fetchPrices: the exchange's answer holds no ticker for the ${ccxtSymbols.length} market(s) asked for`);
  }
  return tickers;
}

/** The last price of every requested contract symbol (null where unusable), in as few requests as ccxt allows. */
export async function fetchLastPrices(exchange: CcxtExchange, index: MarketIndex, symbols: readonly string[]): Promise<Record<string, number | null>> {
  const prices: Record<string, number | null> = {};
  const known: Array<[symbol: string, ccxtSymbol: string]> = [];
  for (const symbol of new Set(symbols)) {
    const market = index.market(symbol);
    prices[symbol] = null;
    if (market) known.push([symbol, market.ccxtSymbol]);
  }
  if (known.length === 0) return prices;
  const tickers: Record<string, CcxtTicker> = {};
  if (exchange.has['fetchTickers']) {
    // One chunk after the other: the engine paces calls, not the requests inside one call.
    for (let start = 0; start < known.length; start += TICKER_CHUNK_SIZE) {
      const chunk = known.slice(start, start + TICKER_CHUNK_SIZE).map(([, ccxtSymbol]) => ccxtSymbol);
      Object.assign(tickers, await fetchTickerChunk(exchange, chunk));
    }
  } else {
    for (const [, ccxtSymbol] of known) tickers[ccxtSymbol] = parseCcxt(CcxtTickerSchema, await exchange.fetchTicker(ccxtSymbol), exchange.id, 'fetchPrices');
  }
  for (const [symbol, ccxtSymbol] of known) prices[symbol] = usablePrice(tickers[ccxtSymbol]);
  return prices;
}
