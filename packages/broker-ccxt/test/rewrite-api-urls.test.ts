import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { apiUrlsOf, pointExchangeAt, rebaseApiUrls, rebaseUrl } from '../src/index.js';

/*
 * `baseUrl` must move EVERY API URL of an exchange: one entry left pointing at the real host would send a
 * signed request there. Checked on real ccxt instances, whose `urls.api` have dozens of entries, nested
 * objects and `{hostname}` templates.
 */

describe('baseUrl rewriting', () => {
  it('replaces the origin and keeps the path; a baseUrl with a path prefixes it', () => {
    expect(rebaseUrl('https://api.binance.com/api/v3', 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/api/v3');
    expect(rebaseUrl('https://api.kraken.com', 'http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000');
    expect(rebaseUrl('https://api.{hostname}/v5', 'https://proxy.example/bybit')).toBe('https://proxy.example/bybit/v5');
    expect(rebaseUrl('not a url', 'http://127.0.0.1:4000')).toBe('not a url');
  });

  it('walks nested objects and arrays without touching anything else', () => {
    const api = { public: 'https://a.example/p', nested: { private: 'https://b.example/q', list: ['https://c.example/r', 7] }, version: 'v3' };
    expect(rebaseApiUrls(api, 'http://127.0.0.1:1')).toEqual({
      public: 'http://127.0.0.1:1/p',
      nested: { private: 'http://127.0.0.1:1/q', list: ['http://127.0.0.1:1/r', 7] },
      version: 'v3',
    });
  });

  it.each(['binance', 'kraken', 'bybit', 'okx', 'coinbase'])('leaves no URL of ccxt.%s pointing elsewhere', (id) => {
    const Exchange = (ccxt as unknown as Record<string, new () => { urls: { api: unknown } }>)[id];
    if (Exchange === undefined) throw new Error(`ccxt has no ${id}`);
    const exchange = new Exchange();
    const before = apiUrlsOf(exchange.urls.api);
    expect(before.length).toBeGreaterThan(0);
    pointExchangeAt(exchange, 'http://127.0.0.1:4000');
    const after = apiUrlsOf(exchange.urls.api);
    expect(after).toHaveLength(before.length);
    expect(after.filter((url) => !url.startsWith('http://127.0.0.1:4000'))).toEqual([]);
  });
});
