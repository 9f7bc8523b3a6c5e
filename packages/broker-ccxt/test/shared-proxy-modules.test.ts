import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CcxtExchangeConfig } from '../src/ccxt-exchange.js';
import type { ExchangeConstructor } from '../src/implicit-api.js';
import { instantiateExchange, loadCcxt } from '../src/load-ccxt.js';
import { withSharedProxyModules } from '../src/shared-proxy-modules.js';

/*
 * ccxt looks for three optional proxy packages before an instance's first request. The lookup is done once
 * per process and class: every instance ends up with what an unmodified instance finds, and a failed
 * lookup is not remembered.
 */

type Instance = Record<string, unknown> & { loadProxyModules(): Promise<unknown> };
type InstanceClass = ExchangeConstructor<CcxtExchangeConfig, Instance>;

const config = (key: string): CcxtExchangeConfig => ({ apiKey: key, secret: `${key}-secret`, enableRateLimit: false, timeout: 5_000 });
const FIELDS = ['httpProxyAgentModule', 'httpsProxyAgentModule', 'socksProxyAgentModule', 'socksProxyAgentModuleChecked'];
const fieldsOf = (instance: Instance) => FIELDS.map((field) => instance[field]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('proxy modules looked for once per process', () => {
  it('leaves every instance with what an unmodified ccxt instance finds', async () => {
    const ccxt = await loadCcxt();
    const plain = new (ccxt['binance'] as InstanceClass)(config('plain'));
    await plain.loadProxyModules();
    const instances = [1, 2, 3].map((i) => instantiateExchange(ccxt, 'binance', config(`key${i}`), 'exchange') as unknown as Instance);
    await Promise.all(instances.map((instance) => instance.loadProxyModules()));
    for (const instance of instances) expect(fieldsOf(instance)).toEqual(fieldsOf(plain));
    expect(plain['socksProxyAgentModuleChecked']).toBe(true);
  });

  it("runs ccxt's lookup for the first instance only", async () => {
    const ccxt = await loadCcxt();
    const Base = ccxt['binance'] as InstanceClass;
    const lookup = vi.spyOn(Base.prototype as unknown as Instance, 'loadProxyModules');
    const Shared = withSharedProxyModules(Base);
    const [first, second, third] = [new Shared(config('a')), new Shared(config('b')), new Shared(config('c'))];
    await Promise.all([first.loadProxyModules(), second.loadProxyModules()]);
    await third.loadProxyModules();
    await third.loadProxyModules();
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(fieldsOf(third)).toEqual(fieldsOf(first));
  });

  it('does not remember a lookup that failed', async () => {
    const ccxt = await loadCcxt();
    const Base = ccxt['binance'] as InstanceClass;
    let attempts = 0;
    class FailingOnce extends (Base as unknown as new (config: CcxtExchangeConfig) => Instance) {
      override loadProxyModules(): Promise<unknown> {
        attempts++;
        return attempts === 1 ? Promise.reject(new Error('lookup failed')) : super.loadProxyModules();
      }
    }
    const Shared = withSharedProxyModules(FailingOnce as unknown as InstanceClass);
    await expect(new Shared(config('a')).loadProxyModules()).rejects.toThrow('lookup failed');
    const second = new Shared(config('b'));
    await second.loadProxyModules();
    expect(second['socksProxyAgentModuleChecked']).toBe(true);
    expect(attempts).toBe(2);
  });
});
