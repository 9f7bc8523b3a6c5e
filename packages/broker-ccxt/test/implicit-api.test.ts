import { describe, expect, it } from 'vitest';
import type { CcxtExchangeConfig, CcxtModule } from '../src/ccxt-exchange.js';
import { withRecordedImplicitApi, type ExchangeConstructor } from '../src/implicit-api.js';
import { instantiateExchange, loadCcxt } from '../src/load-ccxt.js';

/*
 * The implicit API (one method per REST endpoint) is named once per class instead of once per instance.
 * Every endpoint method of such an instance must be the one an unmodified ccxt instance has: same names,
 * and the same request made (path, API, HTTP method, parameters, cost) — on the instance it belongs to.
 */

type Instance = Record<string, unknown>;
type Call = unknown[];

const config = (key: string): CcxtExchangeConfig => ({ apiKey: key, secret: `${key}-secret`, enableRateLimit: false, timeout: 5_000, options: {} });

/** Replaces `request` on `instance` by a recorder of the calls made to it. */
function recordRequests(instance: Instance): Call[] {
  const calls: Call[] = [];
  instance['request'] = (...args: unknown[]) => {
    calls.push(args);
    return Promise.resolve({ recorded: true });
  };
  return calls;
}

/** The names ccxt's own defineRestApi gave endpoint methods: its closures `async (params = {}, context = {}) => …`. */
function implicitMethodNames(instance: Instance): string[] {
  return Object.getOwnPropertyNames(instance).filter((name) => {
    const value = instance[name];
    return typeof value === 'function' && String(value).startsWith('async (params = {}, context = {}) =>');
  });
}

function ccxtClass(ccxt: CcxtModule, id: string): new (config: CcxtExchangeConfig) => Instance {
  return ccxt[id] as new (config: CcxtExchangeConfig) => Instance;
}

describe('implicit API named once per class', () => {
  it.each(['binance', 'kraken', 'okx', 'bitget'])('gives %s instances the same endpoint methods as ccxt, each making the same request', async (id) => {
    const ccxt = await loadCcxt();
    const Plain = ccxtClass(ccxt, id);
    const plain = new Plain(config('plain'));
    const faster = instantiateExchange(ccxt, id, config('faster'), 'exchange') as unknown as Instance;
    expect(faster).toBeInstanceOf(Plain);
    expect(Object.getOwnPropertyNames(faster).sort()).toEqual(Object.getOwnPropertyNames(plain).sort());
    const names = implicitMethodNames(plain);
    expect(names.length).toBeGreaterThan(100);
    const plainCalls = recordRequests(plain);
    const fasterCalls = recordRequests(faster);
    for (const name of names) {
      const params = { probe: name };
      const context = { via: name };
      await expect((faster[name] as (p: unknown, c: unknown) => Promise<unknown>)(params, context)).resolves.toEqual({ recorded: true });
      await (plain[name] as (p: unknown, c: unknown) => Promise<unknown>)(params, context);
    }
    expect(fasterCalls).toEqual(plainCalls);
    // Called without arguments, both pass empty parameters and context.
    await (faster[names[0]!] as () => Promise<unknown>)();
    await (plain[names[0]!] as () => Promise<unknown>)();
    expect(fasterCalls.at(-1)).toEqual(plainCalls.at(-1));
    expect(fasterCalls.at(-1)?.[3]).toEqual({});
  });

  it('binds every endpoint method to its own instance: no call of one account goes through another', async () => {
    const ccxt = await loadCcxt();
    const first = instantiateExchange(ccxt, 'binance', config('first'), 'exchange') as unknown as Instance;
    const second = instantiateExchange(ccxt, 'binance', config('second'), 'exchange') as unknown as Instance;
    const firstCalls = recordRequests(first);
    const secondCalls = recordRequests(second);
    await (second['sapiPostAssetDust'] as (p: unknown) => Promise<unknown>)({ asset: ['BTC'] });
    await (first['publicGetExchangeInfo'] as () => Promise<unknown>)();
    expect(secondCalls.map((call) => call[0])).toEqual(['asset/dust']);
    expect(firstCalls.map((call) => call[0])).toEqual(['exchangeInfo']);
    expect(first['apiKey']).toBe('first');
    expect(second['apiKey']).toBe('second');
    expect(first['publicGetExchangeInfo']).not.toBe(second['publicGetExchangeInfo']);
  });

  it('shares only a frozen endpoint table: a cost cannot be changed through one instance for another', async () => {
    const ccxt = await loadCcxt();
    const Derived = withRecordedImplicitApi(ccxt['binance'] as ExchangeConstructor<CcxtExchangeConfig, Instance>);
    const first = new Derived(config('first'));
    const second = new Derived(config('second'));
    const firstCalls = recordRequests(first);
    const secondCalls = recordRequests(second);
    await (first['sapiGetAssetTradeFee'] as () => Promise<unknown>)();
    await (second['sapiGetAssetTradeFee'] as () => Promise<unknown>)();
    const cost = firstCalls[0]?.[6] as Record<string, unknown>;
    expect(Object.isFrozen(cost)).toBe(true);
    expect(() => {
      cost['cost'] = 0;
    }).toThrow(TypeError);
    expect(secondCalls[0]?.[6]).toEqual(cost);
  });
});
