/**
 * @forced-cleanup/broker-coinbase — Coinbase Advanced Trade through coinbase-advanced-node 2.1.0, with CDP
 * (JWT) keys and the library's traps neutralised (docs/broker-coinbase.md). The default export is the
 * broker plugin.
 */
import { plugin } from './plugin.js';

export { plugin };
export default plugin;
export { connectCoinbase, type CoinbaseConnectHooks } from './plugin.js';
export { CoinbaseConnection, COINBASE_CAPABILITIES, OPEN_ORDERS_PAGE_SIZE, LOOKUP_PAGE_SIZE } from './coinbase-connection.js';
export { CoinbaseOptionsSchema, resolveCoinbaseOptions, COINBASE_ORIGIN, COINBASE_RATE_LIMIT, DEFAULT_TIMEOUT_MS } from './coinbase-options.js';
export type { CoinbaseOptionsInput, ResolvedCoinbaseOptions, CredentialSource } from './coinbase-options.js';
export { loadCdpKey, type CdpKey, type CdpAlgorithm, type CdpKeyLabels } from './cdp-key.js';
export { buildCdpJwt, JWT_LIFETIME_SECONDS, type JwtTarget } from './cdp-jwt.js';
export { ORDER_FAILURES, CANCEL_FAILURES, toCoinbaseError, orderRefusalError, cancelRefusalError, retryAfterMs, type CoinbaseOperation } from './errors.js';
export { stripAxiosError } from './axios-error.js';
export { LIBRARY_RETRIES } from './coinbase-client.js';
