import { describe, expect, it } from 'vitest';
import type { AccountConfig } from '@forced-cleanup/contract';
import { resolveCcxtOptions } from '../src/ccxt-options.js';
import { profileOf } from '../src/exchange-profiles.js';
import { loadCcxt } from '../src/load-ccxt.js';
import { createExchange } from '../src/plugin.js';

/*
 * Whatever is worked out once per process (the implicit API's endpoint table, the proxy-module lookup,
 * identical markets), every account's ccxt instance is its own: credentials, options, URLs, rate limiter,
 * request methods — no mutable object is shared between two accounts, nor with the broker's profiles.
 */

function account(id: string): AccountConfig {
  return { id, owner: 'platform', broker: 'ccxt', exchange: 'binance', apiKeyEnv: 'K', apiSecretEnv: 'S', baseUrl: 'http://127.0.0.1:4000' } as AccountConfig;
}

describe('one ccxt instance per account', () => {
  it('gives each account its own credentials, options, URLs, rate limiter and request methods', async () => {
    const ccxt = await loadCcxt();
    const profile = profileOf('binance');
    const make = (id: string, key: string) => createExchange(ccxt, resolveCcxtOptions(account(id)), profile, { apiKey: key, secret: `${key}-secret`, password: null }) as unknown as Record<string, unknown>;
    const first = make('first', 'key-one');
    const second = make('second', 'key-two');
    expect([first['apiKey'], second['apiKey']]).toEqual(['key-one', 'key-two']);
    expect([first['secret'], second['secret']]).toEqual(['key-one-secret', 'key-two-secret']);
    const options = (instance: Record<string, unknown>) => instance['options'] as { fetchMarkets: { types: string[] }; newOrderRespType: object };
    expect(options(first)).not.toBe(options(second));
    expect(options(first).fetchMarkets.types).toEqual(['spot']);
    expect(options(first).fetchMarkets.types).not.toBe(options(second).fetchMarkets.types);
    expect(options(first).fetchMarkets.types).not.toBe((profile.ccxtOptions['fetchMarkets'] as { types: string[] }).types);
    expect(options(first).newOrderRespType).not.toBe(options(second).newOrderRespType);
    expect(first['urls']).not.toBe(second['urls']);
    expect((first['urls'] as { api: unknown }).api).not.toBe((second['urls'] as { api: unknown }).api);
    expect(first['throttler']).not.toBe(second['throttler']);
    expect(first['publicGetExchangeInfo']).not.toBe(second['publicGetExchangeInfo']);
    expect(first['privatePostOrder']).not.toBe(second['privatePostOrder']);
    expect(first['onRestResponse']).not.toBe(second['onRestResponse']);
  });
});
