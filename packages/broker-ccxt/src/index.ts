/**
 * @forced-cleanup/broker-ccxt — a broker plugin for any ccxt exchange (`broker: ccxt`, `exchange: binance`).
 * ccxt is imported only when an account connects. The default export is the broker plugin.
 */
import { plugin } from './plugin.js';

export { plugin };
export default plugin;
export { CcxtAccountOptionsSchema, RateLimitOptionSchema, resolveCcxtOptions, DEFAULT_TIMEOUT_MS } from './ccxt-options.js';
export type { CcxtAccountOptions, ResolvedCcxtOptions } from './ccxt-options.js';
export { CcxtConnection } from './ccxt-connection.js';
export type { CcxtConnectionSettings } from './ccxt-connection.js';
export { profileOf, isVerifiedExchange, genericRateLimit } from './exchange-profiles.js';
export type { ExchangeProfile, LookupStrategy } from './exchange-profiles.js';
export { CCXT_ERROR_TABLE, MESSAGE_PATTERNS, toCleanupError, retryAfterMsOf, classNamesOf } from './errors.js';
export type { ErrorContext } from './errors.js';
export { redact, MAX_MESSAGE_LENGTH } from './redact.js';
export { rebaseUrl, rebaseApiUrls, apiUrlsOf, pointExchangeAt } from './rewrite-api-urls.js';
export { MarketIndex, quantityStepOf, contractSymbolOfUnindexed, PRECISION_MODE } from './market-index.js';
export type { IndexedMarket } from './market-index.js';
export { sizeSell } from './sell-minimums.js';
export type { SellSizingInput } from './sell-minimums.js';
