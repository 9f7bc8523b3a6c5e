import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Coinbase } from 'coinbase-advanced-node';
import { cleanupError } from '@forced-cleanup/contract';
import { stripAxiosError } from './axios-error.js';
import { buildCdpJwt } from './cdp-jwt.js';
import type { CdpKey } from './cdp-key.js';
import type { RequestPacer } from './request-pacer.js';

/*
 * coinbase-advanced-node 2.1.0, with each of its traps neutralised (see docs/broker-coinbase.md):
 * - it signs only legacy HMAC keys: a request interceptor signs with a CDP JWT instead;
 * - axios sends arrays as `order_status[]=OPEN`, which Coinbase ignores: `paramsSerializer {indexes: null}`;
 * - axios-retry is set to retry forever, order placement included: the library's retries are switched off
 *   per request (the engine retries reads and cancels itself, and never repeats an order);
 * - it fetches `/v2/time` with an unabortable 50 s request before the first call: the skew is measured by
 *   the plugin instead, through the same (abortable, timed) client;
 * - axios errors carry the request headers: every failed request is stripped before anything sees it.
 * Interceptors run last-registered-first, and the library's own (registered in its constructor) runs after
 * all of ours.
 */

/** What the library's REST client is (its types come from the axios it was built with). */
export type CoinbaseRest = Coinbase['rest'];
type RequestInterceptor = NonNullable<Parameters<CoinbaseRest['interceptors']['request']['use']>[0]>;
type RequestConfig = Parameters<RequestInterceptor>[0];

/**
 * axios-retry attempts per request. Zero: its policy retries on timeouts and 429s whatever the method, so
 * it would send an order twice — and the engine already retries reads and cancels with backoff.
 */
export const LIBRARY_RETRIES = 0;

/** The exchange's clock as the plugin knows it: the local clock plus the skew measured at connect. */
export interface ExchangeClock {
  /** Exchange time minus local time, whole seconds. */
  skewSeconds: number;
  /** Local time, ms since the epoch. */
  readonly localNowMs: () => number;
}

/** What building a client needs. */
export interface CoinbaseClientSettings {
  /** Origin every API URL is built on (JWTs are signed for this origin only). */
  readonly baseUrl: string;
  readonly advTradeHttpUrl: string;
  readonly siwcHttpUrl: string;
  readonly timeoutMs: number;
  readonly key: CdpKey;
  readonly pacer: RequestPacer;
  readonly clock: ExchangeClock;
}

/** A built client and the sockets it owns. */
export interface BuiltCoinbaseClient {
  readonly client: Coinbase;
  /** Closes every kept-alive socket. */
  destroy(): void;
}

/** Resolves a request's URL the way the library will (it fills `baseURL` in only after our interceptors). */
function targetOf(config: RequestConfig, settings: CoinbaseClientSettings): URL {
  const url = config.url ?? '';
  if (/^https?:/i.test(url)) return new URL(url);
  const base = config.baseURL ?? (url.search('v3|brokerage') > -1 ? settings.advTradeHttpUrl : settings.siwcHttpUrl);
  return new URL(base + url);
}

/** Sets the header on axios 1.x's AxiosHeaders, or on a plain headers object. */
function setAuthorization(config: RequestConfig, value: string): void {
  const headers = config.headers as unknown as ({ set?: (name: string, value: string) => unknown } & Record<string, unknown>) | undefined;
  if (typeof headers?.set === 'function') headers.set('Authorization', value);
  else config.headers = { ...(headers ?? {}), Authorization: value } as unknown as RequestConfig['headers'];
}

function signWithCdpJwt(settings: CoinbaseClientSettings): RequestInterceptor {
  const origin = new URL(settings.baseUrl).origin;
  const signedPrefix = new URL(settings.advTradeHttpUrl).pathname;
  return (config) => {
    const target = targetOf(config, settings);
    if (target.origin !== origin) {
      // Never hand a token for this key to another host, whatever asked for it.
      throw cleanupError('invalid_config', 'refusing to sign a request for a host other than baseUrl', { retryable: false });
    }
    // Only Advanced Trade is signed: the server time (`/v2/time`) is public and gets no token.
    if (!target.pathname.startsWith(`${signedPrefix}/`)) return config;
    const nowSeconds = settings.clock.localNowMs() / 1000 + settings.clock.skewSeconds;
    const token = buildCdpJwt(settings.key, { method: config.method ?? 'get', host: target.host, path: target.pathname }, nowSeconds);
    setAuthorization(config, `Bearer ${token}`);
    return config;
  };
}

const capLibraryRetries: RequestInterceptor = (config) => {
  const withRetry = config as RequestConfig & { 'axios-retry'?: { retries?: number } };
  // `??=`: axios-retry keeps its per-request state in this object; replacing it would reset its count.
  withRetry['axios-retry'] ??= { retries: LIBRARY_RETRIES };
  return config;
};

/** Every request waits for the key's request budget; its own signal (from its config) can end the wait. */
function paceRequests(pacer: RequestPacer): RequestInterceptor {
  return async (config) => {
    await pacer.take(config.signal as AbortSignal | undefined);
    return config;
  };
}

/** Builds a coinbase-advanced-node client pointed at `baseUrl`, signing with the CDP key. */
export function createCoinbaseClient(settings: CoinbaseClientSettings): BuiltCoinbaseClient {
  const wsUrl = settings.baseUrl.replace(/^http/, 'ws');
  const client = new Coinbase({ apiKey: '', apiSecret: '', advTradeHttpUrl: settings.advTradeHttpUrl, siwcHttpUrl: settings.siwcHttpUrl, wsUrl });
  // Not -1 (the library's "unknown"): the library then never runs its own unabortable /v2/time fetch.
  (client as unknown as { clockSkew: number }).clockSkew = 0;

  const rest = client.rest;
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true });
  rest.defaults.httpAgent = httpAgent;
  rest.defaults.httpsAgent = httpsAgent;
  rest.defaults.timeout = settings.timeoutMs;
  rest.defaults.paramsSerializer = { indexes: null };

  // Registered in reverse order of execution: paceRequests → capLibraryRetries → signWithCdpJwt → library.
  // Signing last keeps a token's `nbf` fresh even after a wait for the request budget.
  rest.interceptors.request.use(signWithCdpJwt(settings));
  rest.interceptors.request.use(capLibraryRetries);
  rest.interceptors.request.use(paceRequests(settings.pacer));
  rest.interceptors.response.use(undefined, (error: unknown) => {
    stripAxiosError(error);
    return Promise.reject(error);
  });

  return {
    client,
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
