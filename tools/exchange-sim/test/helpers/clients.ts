import ccxt from 'ccxt';
import { Coinbase } from 'coinbase-advanced-node';
import KrakenClient from 'kraken-api';
import type { ExchangeSim } from '../../src/index.js';
import { coinbaseJwtInterceptor, type BinanceCredential, type CoinbaseKeyPair, type KrakenCredential } from '../../src/testing/index.js';

/**
 * The three REAL client libraries pointed at a sim, configured as docs/exchange-sim.md (and the exchange
 * client notes) describe. Nothing here mocks a library: these are the calls a broker plugin will make.
 */

/** coinbase-advanced-node with a CDP JWT interceptor, unbracketed array params and capped axios-retry. */
export function coinbaseClient(
  sim: ExchangeSim,
  key: CoinbaseKeyPair,
  options: { retries?: number; bracketedArrays?: boolean; timeoutMs?: number; tokenOverrides?: { nowSeconds?: number; lifetimeSeconds?: number; uri?: string } } = {},
): Coinbase {
  const advTradeHttpUrl = `${sim.url}/api/v3`;
  const siwcHttpUrl = `${sim.url}/v2`;
  const client = new Coinbase({ apiKey: '', apiSecret: '', advTradeHttpUrl, siwcHttpUrl });
  // The library's axios default sends `order_status[]=OPEN`, which Coinbase ignores; `indexes: null` sends `order_status=OPEN`.
  if (!options.bracketedArrays) client.rest.defaults.paramsSerializer = { indexes: null };
  if (options.timeoutMs !== undefined) client.rest.defaults.timeout = options.timeoutMs;
  client.rest.interceptors.request.use(
    coinbaseJwtInterceptor({
      keyName: key.keyName,
      privateKey: key.privateKey,
      advTradeHttpUrl,
      siwcHttpUrl,
      ...(options.tokenOverrides ? { tokenOverrides: options.tokenOverrides } : {}),
    }),
  );
  // The library retries forever (a dead server hangs it): cap it, without overwriting a per-request setting.
  client.rest.interceptors.request.use((config) => {
    const withRetry = config as typeof config & { 'axios-retry'?: { retries: number } };
    withRetry['axios-retry'] ??= { retries: options.retries ?? 2 };
    return config;
  });
  return client;
}

/**
 * A strictly increasing nonce on a client's own scale (`perMillisecond` 1000 for kraken-api's microseconds,
 * 1 for ccxt's milliseconds). Both libraries derive theirs from `Date.now()`, so two calls in one
 * millisecond repeat it and Kraken (and the sim) refuse the second; a local sim can answer that fast.
 * broker-kraken and broker-ccxt bring their own nonce for the same reason.
 */
function increasingNonce(perMillisecond: number): () => number {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Date.now() * perMillisecond);
    return last;
  };
}

/** kraken-api pointed at the sim; a call without a nonce gets a strictly increasing one (see {@link increasingNonce}). */
export function krakenApiClient(sim: ExchangeSim, credential: KrakenCredential, timeoutMs = 3000): KrakenClient {
  const client = new KrakenClient(credential.apiKey, credential.secret, { url: sim.url, timeout: timeoutMs });
  const nonce = increasingNonce(1000);
  const privateMethod = client.privateMethod.bind(client);
  // Written into the caller's params, as kraken-api itself does (a test relies on reusing them replaying it).
  client.privateMethod = (method, params = {}) => {
    if (!params.nonce) params.nonce = nonce();
    return privateMethod(method, params);
  };
  return client;
}

/** Rewrites every API URL of a ccxt exchange to the sim's origin, keeping the path. */
function pointAt(exchange: { urls: { api: unknown } }, origin: string): void {
  const api = exchange.urls.api as Record<string, unknown>;
  for (const [name, url] of Object.entries(api)) {
    if (typeof url === 'string') api[name] = url.replace(/^https?:\/\/[^/]+/, origin);
  }
}

/** ccxt.binance pointed at the sim, with the options that keep `loadMarkets` to `exchangeInfo`. */
export function ccxtBinance(sim: ExchangeSim, credential: BinanceCredential, timeoutMs = 3000): InstanceType<typeof ccxt.binance> {
  const exchange = new ccxt.binance({
    apiKey: credential.apiKey,
    secret: credential.secret,
    enableRateLimit: false,
    timeout: timeoutMs,
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false, fetchOpenOrders: { warnWithoutSymbol: false } },
  });
  pointAt(exchange, sim.url);
  return exchange;
}

/** ccxt.kraken pointed at the sim. */
export function ccxtKraken(sim: ExchangeSim, credential: KrakenCredential, timeoutMs = 3000): InstanceType<typeof ccxt.kraken> {
  const exchange = new ccxt.kraken({ apiKey: credential.apiKey, secret: credential.secret, enableRateLimit: false, timeout: timeoutMs });
  pointAt(exchange, sim.url);
  exchange.nonce = increasingNonce(1);
  return exchange;
}

/** What the tests read from a client library's error (axios, got and ccxt errors all fit). */
export type ClientError = Error & {
  code?: string;
  response?: { status: number; headers: Record<string, string>; data?: unknown; statusCode?: number };
};

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
