/*
 * The `baseUrl` account option: every API URL of the exchange is sent to another origin, for the
 * simulator (`http://127.0.0.1:PORT`) or for users behind a proxy (`https://proxy.example/binance`).
 * ccxt deep-merges a constructor `urls` option, which would leave any entry not named pointing at the real
 * exchange; rewriting EVERY string of `urls.api`, however nested, guarantees that nothing reaches it.
 */

/** `scheme://host[:port]` at the start of a URL; also matches ccxt's `https://api.{hostname}` templates. */
const ORIGIN = /^https?:\/\/[^/]+/i;

/**
 * `url` with its origin replaced by `baseUrl`, keeping the path: `https://api.binance.com/api/v3` with
 * `http://127.0.0.1:4000` gives `http://127.0.0.1:4000/api/v3`; a `baseUrl` with a path prefixes it
 * (`https://proxy.example/binance/api/v3`). A string that is not an http(s) URL is returned unchanged.
 */
export function rebaseUrl(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return ORIGIN.test(url) ? url.replace(ORIGIN, base) : url;
}

/** A copy of `api` (a string, or objects and arrays of strings) with every URL rebased. */
export function rebaseApiUrls(api: unknown, baseUrl: string): unknown {
  if (typeof api === 'string') return rebaseUrl(api, baseUrl);
  if (Array.isArray(api)) return api.map((entry: unknown) => rebaseApiUrls(entry, baseUrl));
  if (typeof api === 'object' && api !== null) {
    return Object.fromEntries(Object.entries(api).map(([key, entry]) => [key, rebaseApiUrls(entry, baseUrl)]));
  }
  return api;
}

/** Every http(s) URL found in `api`, for checking that none still points elsewhere. */
export function apiUrlsOf(api: unknown): string[] {
  if (typeof api === 'string') return ORIGIN.test(api) ? [api] : [];
  if (Array.isArray(api)) return api.flatMap((entry: unknown) => apiUrlsOf(entry));
  if (typeof api === 'object' && api !== null) return Object.values(api).flatMap((entry) => apiUrlsOf(entry));
  return [];
}

/** Points every API URL of `exchange` at `baseUrl`. */
export function pointExchangeAt(exchange: { urls: { api: unknown } }, baseUrl: string): void {
  exchange.urls.api = rebaseApiUrls(exchange.urls.api, baseUrl);
}
