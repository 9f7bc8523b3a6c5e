/**
 * Kraken's asset ids to the exchange-neutral names the rest of forced-cleanup uses. Kraken's oldest assets
 * carry an X (crypto) or Z (fiat) prefix (`XXBT`, `XETH`, `ZUSD`) and some altnames differ from the common
 * ticker (`XBT` is BTC, `XDG` is DOGE). Balances of staking and earn products carry a suffix (`DOT.S`,
 * `XBT.F`, `USDT.B`, `XBT.M`, `DOT.P`): they have no market of their own.
 */

/** Altnames that are not the common ticker. */
const ALTNAME_TO_COMMON: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };

/** Kraken's legacy prefixed ids and their altnames: used when the `Assets` directory does not list an id. */
const LEGACY_ID_TO_ALTNAME: Readonly<Record<string, string>> = {
  XXBT: 'XBT',
  XETH: 'ETH',
  XLTC: 'LTC',
  XXRP: 'XRP',
  XXLM: 'XLM',
  XXDG: 'XDG',
  XETC: 'ETC',
  XZEC: 'ZEC',
  XXMR: 'XMR',
  XMLN: 'MLN',
  XREP: 'REP',
  XXTZ: 'XTZ',
  ZUSD: 'USD',
  ZEUR: 'EUR',
  ZGBP: 'GBP',
  ZCAD: 'CAD',
  ZJPY: 'JPY',
  ZAUD: 'AUD',
  ZCHF: 'CHF',
};

/** A Kraken asset, named neutrally. */
export interface NeutralAsset {
  /** e.g. `BTC` for `XXBT`, `BTC.F` for `XBT.F`. */
  readonly asset: string;
  /** For a suffixed (staking/earn) balance: the asset whose price values it (`BTC` for `XBT.F`); else null. */
  readonly priceAs: string | null;
}

/** Names Kraken assets, given the `Assets` directory (id → altname; may be empty). */
export class AssetNames {
  constructor(private readonly altnames: ReadonlyMap<string, string> = new Map()) {}

  /** The common ticker of an id without suffix: `XXBT` → `BTC`, `ZUSD` → `USD`, `XBT` → `BTC`, `DOT` → `DOT`. */
  common(id: string): string {
    const altname = this.altnames.get(id) ?? LEGACY_ID_TO_ALTNAME[id] ?? id;
    return ALTNAME_TO_COMMON[altname] ?? altname;
  }

  /** The neutral name of any Kraken asset id, suffixed ones included (`XBT.F` → `BTC.F`, priced as `BTC`). */
  neutral(id: string): NeutralAsset {
    const dot = id.indexOf('.');
    if (dot <= 0) return { asset: this.common(id), priceAs: null };
    const base = this.common(id.slice(0, dot));
    return { asset: `${base}${id.slice(dot)}`, priceAs: base };
  }
}
