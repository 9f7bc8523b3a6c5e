import { splitSymbol, type SimState } from '../../state/schema.js';

/**
 * Kraken's names for the neutral state's assets and markets. Kraken's oldest assets carry an X (crypto) or Z
 * (fiat) prefix and an "altname" (`XXBT`/`XBT`, `XXDG`/`XDG`, `ZUSD`/`USD`); newer ones are plain (`DOT`,
 * `SHIB`). A pair of two prefixed assets is keyed by both ids (`XXBTZUSD`), any other by its altname
 * (`DOTUSD`); its altname joins the altnames (`XBTUSD`) and its wsname uses a slash (`XBT/USD`).
 * Staking/earn balances (`DOT.S`, `XBT.F`, `USDT.B`) are altname plus suffix and have no pair.
 */

/** Kraken's identity of one asset. */
export interface KrakenAsset {
  /** The id balances and pairs use, e.g. `XXBT`, `DOT`, `XBT.F`. */
  readonly id: string;
  /** The short name, e.g. `XBT`. */
  readonly altname: string;
  /** True for X/Z-prefixed assets. */
  readonly legacy: boolean;
  /** Fiat assets have 4 decimals on Kraken, crypto 10. */
  readonly decimals: number;
}

const LEGACY: Readonly<Record<string, readonly [id: string, altname: string]>> = {
  BTC: ['XXBT', 'XBT'],
  ETH: ['XETH', 'ETH'],
  LTC: ['XLTC', 'LTC'],
  XRP: ['XXRP', 'XRP'],
  XLM: ['XXLM', 'XLM'],
  DOGE: ['XXDG', 'XDG'],
  ETC: ['XETC', 'ETC'],
  ZEC: ['XZEC', 'ZEC'],
  XMR: ['XXMR', 'XMR'],
  MLN: ['XMLN', 'MLN'],
  REP: ['XREP', 'REP'],
  USD: ['ZUSD', 'USD'],
  EUR: ['ZEUR', 'EUR'],
  GBP: ['ZGBP', 'GBP'],
  CAD: ['ZCAD', 'CAD'],
  JPY: ['ZJPY', 'JPY'],
  AUD: ['ZAUD', 'AUD'],
};
const FIAT = new Set(['USD', 'EUR', 'GBP', 'CAD', 'JPY', 'AUD', 'CHF']);

/** Kraken's identity of a neutral asset (`BTC` → `XXBT`; `BTC.F` → `XBT.F`). */
export function krakenAsset(neutral: string): KrakenAsset {
  const dot = neutral.indexOf('.');
  if (dot >= 0) {
    const base = krakenAsset(neutral.slice(0, dot));
    const id = `${base.altname}${neutral.slice(dot)}`;
    return { id, altname: id, legacy: false, decimals: base.decimals };
  }
  const legacy = LEGACY[neutral];
  const decimals = FIAT.has(neutral) ? 4 : 10;
  return legacy ? { id: legacy[0], altname: legacy[1], legacy: true, decimals } : { id: neutral, altname: neutral, legacy: false, decimals };
}

/** Kraken's identity of one market. */
export interface KrakenPair {
  /** The neutral `BASE-QUOTE` symbol. */
  readonly symbol: string;
  /** The key in AssetPairs/Ticker results, e.g. `XXBTZUSD`. */
  readonly key: string;
  /** e.g. `XBTUSD` (also accepted as the `pair` argument, and used in order descriptions). */
  readonly altname: string;
  /** e.g. `XBT/USD`. */
  readonly wsname: string;
  readonly base: KrakenAsset;
  readonly quote: KrakenAsset;
}

/** Kraken's identity of a neutral market symbol. */
export function krakenPair(symbol: string): KrakenPair {
  const { base, quote } = splitSymbol(symbol);
  const b = krakenAsset(base);
  const q = krakenAsset(quote);
  const altname = `${b.altname}${q.altname}`;
  return { symbol, key: b.legacy && q.legacy ? `${b.id}${q.id}` : altname, altname, wsname: `${b.altname}/${q.altname}`, base: b, quote: q };
}

/** Finds a market by any name Kraken accepts for it (pair key, altname or wsname). */
export function findPair(state: SimState, name: string): KrakenPair | null {
  const wanted = name.trim().toUpperCase();
  for (const symbol of Object.keys(state.markets)) {
    const pair = krakenPair(symbol);
    if (pair.key === wanted || pair.altname === wanted || pair.wsname === wanted) return pair;
  }
  return null;
}

/** Every asset the state knows (balances, then markets' bases and quotes), neutral names, once each. */
export function knownAssets(state: SimState): string[] {
  const assets = new Set(Object.keys(state.balances));
  for (const symbol of Object.keys(state.markets)) {
    const { base, quote } = splitSymbol(symbol);
    assets.add(base);
    assets.add(quote);
  }
  return [...assets];
}
