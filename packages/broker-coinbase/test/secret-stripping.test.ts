import { CoinbaseApi } from '../src/coinbase-api.js';
import { inspect } from 'node:util';
import { Coinbase } from 'coinbase-advanced-node';
import { describe, expect, it } from 'vitest';
import { coinbaseJwtInterceptor } from '@forced-cleanup/exchange-sim/testing';
import { loadCdpKey } from '../src/cdp-key.js';
import { createCoinbaseClient, type BuiltCoinbaseClient } from '../src/coinbase-client.js';
import { RequestPacer } from '../src/request-pacer.js';
import { connectTo, live, rejectionOf, renderings, startCoinbaseSim, strangerKey } from './helpers.js';

/*
 * Trap: an axios error carries the request — `config.headers.Authorization` (the JWT), and the raw header
 * block in `request._header` — and `AxiosError#toJSON()` serialises the config. Logged or stored, it leaks
 * the token. Every failed request of the plugin is stripped before anything sees it, and what leaves the
 * plugin is a fresh CleanupError anyway.
 */

/** Everything a logger or a JSON journal would write about an error. */
const dump = (error: unknown) => `${JSON.stringify(error)}\n${inspect(error, { depth: 8 })}`;

function builtFor(url: string): BuiltCoinbaseClient {
  return createCoinbaseClient({
    baseUrl: url,
    advTradeHttpUrl: `${url}/api/v3`,
    siwcHttpUrl: `${url}/v2`,
    timeoutMs: 2_000,
    key: loadCdpKey(strangerKey.keyName, strangerKey.privateKey, { keyName: 'k', privateKey: 'p' }),
    pacer: new RequestPacer({ requestsPerSecond: 1_000, burst: 1_000 }),
    clock: { skewSeconds: 0, localNowMs: Date.now },
  });
}

describe('request headers never leave the plugin', () => {
  it('the trap is real: the library’s own error of a rejected request carries the Bearer token', async () => {
    const sim = await startCoinbaseSim();
    const client = new Coinbase({ apiKey: '', apiSecret: '', advTradeHttpUrl: `${sim.url}/api/v3`, siwcHttpUrl: `${sim.url}/v2`, wsUrl: 'ws://127.0.0.1:1' });
    client.rest.interceptors.request.use(
      coinbaseJwtInterceptor({ keyName: strangerKey.keyName, privateKey: strangerKey.privateKey, advTradeHttpUrl: `${sim.url}/api/v3`, siwcHttpUrl: `${sim.url}/v2` }),
    );
    const error = await rejectionOf(client.rest.account.listAccounts());
    expect(dump(error)).toMatch(/Bearer eyJ/);
  });

  it('our client strips the same error: no token, no key name, no raw request, in JSON or inspect', async () => {
    const sim = await startCoinbaseSim();
    const built = builtFor(sim.url);
    try {
      const error = await rejectionOf(new CoinbaseApi(built.client.rest).listAccounts(null, live()));
      const text = dump(error);
      expect(text).toMatch(/401/);
      expect(text).not.toMatch(/Bearer|eyJ|Authorization|authorization|_header/);
      expect(text).not.toContain(strangerKey.keyName);
      expect((error as { response?: { status?: number } }).response?.status).toBe(401);
    } finally {
      built.destroy();
    }
  });

  it('refuses to sign a request for a host other than baseUrl, and sends nothing there', async () => {
    const [home, elsewhere] = await Promise.all([startCoinbaseSim(), startCoinbaseSim()]);
    const built = builtFor(home.url);
    try {
      const error = await rejectionOf(built.client.rest.coinbaseRequest({ method: 'get', url: `${elsewhere.url}/api/v3/brokerage/accounts`, signal: live() }));
      expect(error).toMatchObject({ code: 'invalid_config' });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      built.destroy();
    }
  });

  it('a malformed or failing exchange never puts the key in an error, whatever the fault', async () => {
    const sim = await startCoinbaseSim({ balances: { BTC: { total: 1 } }, markets: { 'BTC-USD': { price: 1 } } });
    const connection = await connectTo(sim);
    for (const fault of ['http_429', 'http_5xx', 'malformed_json', 'connection_reset'] as const) {
      sim.injectFault({ fault });
      for (const call of [connection.fetchBalances(live()), connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.5, clientOrderId: `fc-${fault}` }, live())]) {
        const text = renderings(await rejectionOf(call));
        expect(text).not.toMatch(/Bearer|eyJ|PRIVATE KEY|apiKeys\//);
      }
      sim.clearFaults();
    }
    expect(sim.state.balances.BTC?.total).toBe(1);
  });
});
