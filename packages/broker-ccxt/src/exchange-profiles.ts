import type { BrokerCapabilities, RateLimit } from '@forced-cleanup/contract';

/*
 * What this broker knows about an exchange beyond what ccxt declares: the ccxt options that keep it to
 * spot and to the requests a cleanup needs, the request budget of one API key, and what the broker can
 * promise the engine. Binance and Kraken are verified against the simulator; any other ccxt exchange gets
 * the cautious generic profile.
 */

/** How a placed order is found again by its client order id. */
export type LookupStrategy =
  /** `GET /api/v3/order?origClientOrderId=…` (Binance answers for filled and cancelled orders too). */
  | 'binance'
  /** Open orders, then closed orders, both filtered by the exchange on the client order id (Kraken `cl_ord_id`). */
  | 'filtered-lists'
  /** By order id when known, else the open and recent closed orders of the market, filtered here. */
  | 'scan';

/** One exchange's profile. */
export interface ExchangeProfile {
  /** ccxt's `options` for the constructor. */
  readonly ccxtOptions: Readonly<Record<string, unknown>>;
  /** The budget of one API key, paced by the engine; null: derived from ccxt's own `rateLimit`. */
  readonly rateLimit: RateLimit | null;
  readonly capabilities: BrokerCapabilities;
  readonly lookup: LookupStrategy;
  /** The order answer has no status or fill (Kraken AddOrder answers `txid` only): look it up at once. */
  readonly confirmAfterPlace: boolean;
  /** Private requests need a strictly increasing nonce, which ccxt's millisecond clock does not guarantee. */
  readonly strictlyIncreasingNonce: boolean;
  /** The calls of one connection may run in parallel: no request carries a nonce that must arrive in order. */
  readonly parallelCalls: boolean;
  /** Balances with this suffix have no market but track their base asset (Kraken `BTC.F`, `DOT.S`). */
  readonly trackingSuffix: RegExp | null;
}

const BINANCE: ExchangeProfile = {
  // loadMarkets then calls exchangeInfo alone (no margin, futures or currency endpoints, which a spot key
  // may not reach), and open orders can be listed for every symbol at once.
  ccxtOptions: {
    fetchMarkets: { types: ['spot'] },
    fetchCurrencies: false,
    fetchMargins: false,
    fetchOpenOrders: { warnWithoutSymbol: false },
    // A market order's answer without its fills: status, executed quantity and quote cost are in both, and
    // the report is made of those alone (ccxt's average is cost ÷ filled either way). ccxt's default, FULL,
    // had it parse every fill into trades and fees nobody reads.
    newOrderRespType: { market: 'RESULT' },
  },
  // Spot allows 6000 request weight a minute per IP. The heaviest calls here weigh 80 (open orders of
  // every symbol, tickers of many symbols), most weigh 1–20: 5 calls a second stays well inside it for
  // a cleanup's few dozen calls, and the burst covers one account read.
  rateLimit: { requestsPerSecond: 5, burst: 10 },
  capabilities: { dustConversion: true, lookupByClientOrderId: true, nativeFreeBalance: true },
  lookup: 'binance',
  confirmAfterPlace: false,
  strictlyIncreasingNonce: false,
  // Binance signs a timestamp checked against a time window, not a nonce.
  parallelCalls: true,
  trackingSuffix: null,
};

const KRAKEN: ExchangeProfile = {
  ccxtOptions: {},
  // Kraken's private counter holds 15 (starter tier) and decays by 0.33 a second; a call costs 1 (closed
  // orders 2), and public calls are limited to about 1 a second. Half a call a second with a burst of 6
  // leaves room for the calls that make two requests (a lookup, a sell and its confirmation).
  rateLimit: { requestsPerSecond: 0.5, burst: 6 },
  capabilities: { dustConversion: false, lookupByClientOrderId: true, nativeFreeBalance: true },
  lookup: 'filtered-lists',
  confirmAfterPlace: true,
  strictlyIncreasingNonce: true,
  parallelCalls: false,
  trackingSuffix: /^([A-Z0-9]+)\.([A-Z]{1,2})$/,
};

/** The profile of any other ccxt exchange: nothing promised that is not checked. */
const GENERIC: ExchangeProfile = {
  ccxtOptions: {},
  rateLimit: null,
  capabilities: { dustConversion: false, lookupByClientOrderId: false, nativeFreeBalance: false },
  lookup: 'scan',
  confirmAfterPlace: true,
  strictlyIncreasingNonce: false,
  // Most exchanges' private requests carry a nonce: one at a time unless verified otherwise.
  parallelCalls: false,
  trackingSuffix: null,
};

const PROFILES: Readonly<Record<string, ExchangeProfile>> = { binance: BINANCE, kraken: KRAKEN };

/** The profile of the ccxt exchange `id`. */
export function profileOf(id: string): ExchangeProfile {
  return PROFILES[id] ?? GENERIC;
}

/** True for the exchanges whose behaviour is verified against the simulator. */
export function isVerifiedExchange(id: string): boolean {
  return id in PROFILES;
}

/**
 * The generic budget: ccxt's `rateLimit` is the delay between two HTTP requests in milliseconds; one
 * broker call may make two requests, so half that pace, capped at 10 calls a second.
 */
export function genericRateLimit(ccxtRateLimitMs: number): RateLimit {
  const perSecond = Number.isFinite(ccxtRateLimitMs) && ccxtRateLimitMs > 0 ? 1000 / ccxtRateLimitMs / 2 : 1;
  return { requestsPerSecond: Math.min(10, Math.max(0.1, perSecond)), burst: 4 };
}
