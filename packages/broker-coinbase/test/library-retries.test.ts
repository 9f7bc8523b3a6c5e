import { describe, expect, it } from 'vitest';
import { loadCdpKey } from '../src/cdp-key.js';
import { createCoinbaseClient } from '../src/coinbase-client.js';
import { RequestPacer } from '../src/request-pacer.js';
import { connectTo, ecdsaKey, live, rejectionOf, startCoinbaseSim } from './helpers.js';

/*
 * Trap: the library sets axios-retry to retry forever — a dead exchange hangs a call for good, and since
 * its policy retries timeouts and 429s whatever the method, an order could be sent twice. The plugin turns
 * the library's retries off (the engine retries reads and cancels itself, never an order): every call is
 * exactly one request per page, and fails promptly with a retryable code.
 */

const state = { balances: { USD: { total: 100 }, BTC: { total: 0.5 } }, markets: { 'BTC-USD': { price: 40_000, minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 } } };
const accountsRequests = (sim: Awaited<ReturnType<typeof startCoinbaseSim>>) => sim.requests.filter((request) => request.path === '/api/v3/brokerage/accounts');

describe('the library retries nothing', () => {
  it('a persistent 5xx fails the read after one request, exchange_unavailable and retryable', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    sim.injectFault({ fault: 'http_5xx' });
    expect(await rejectionOf(connection.fetchBalances(live()))).toMatchObject({ code: 'exchange_unavailable', retryable: true });
    expect(accountsRequests(sim)).toHaveLength(1);
  });

  it('a 429 fails after one request, rate_limited with the Retry-After the exchange gave', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    sim.injectFault({ fault: 'http_429', retryAfterSeconds: 3 });
    expect(await rejectionOf(connection.fetchBalances(live()))).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3_000 });
    expect(accountsRequests(sim)).toHaveLength(1);
  });

  it('a dead exchange is a network error, not a hang', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    await sim.stop();
    expect(await rejectionOf(connection.fetchBalances(live()))).toMatchObject({ code: 'network', retryable: true });
  });

  it('an order whose answer never comes is sent once: timeout, and a lookup finds nothing was placed', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim, ecdsaKey, { timeoutMs: 300 });
    sim.injectFault({ fault: 'timeout', match: { kind: 'order_placing' } });
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc-timeout' }, live()));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toMatch(/look it up/);
    sim.clearFaults();
    expect(await connection.lookupOrder({ clientOrderId: 'fc-timeout', symbol: 'BTC-USD' }, live())).toBeNull();
    expect(sim.requests.filter((request) => request.kind === 'order_placing')).toHaveLength(1);
  });

  it('an order executed but whose answer is lost is sent once, and the lookup by client order id finds it filled', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    sim.injectFault({ fault: 'executed_response_lost', match: { kind: 'order_placing' } });
    expect(await rejectionOf(connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc-lost' }, live()))).toMatchObject({ code: 'network' });
    sim.clearFaults();
    expect(await connection.lookupOrder({ clientOrderId: 'fc-lost', symbol: 'BTC-USD' }, live())).toMatchObject({ clientOrderId: 'fc-lost', status: 'filled', filledQuantity: 0.1, averagePrice: 40_000 });
    expect(sim.requests.filter((request) => request.kind === 'order_placing')).toHaveLength(1);
    expect(sim.state.balances.BTC?.total).toBeCloseTo(0.4, 12);
  });

  it('keeps a retry setting a request already carries (the cap is `??=`, never an overwrite)', async () => {
    const sim = await startCoinbaseSim(state);
    const built = createCoinbaseClient({
      baseUrl: sim.url,
      advTradeHttpUrl: `${sim.url}/api/v3`,
      siwcHttpUrl: `${sim.url}/v2`,
      timeoutMs: 2_000,
      key: loadCdpKey(ecdsaKey.keyName, ecdsaKey.privateKey, { keyName: 'k', privateKey: 'p' }),
      pacer: new RequestPacer({ requestsPerSecond: 1_000, burst: 1_000 }),
      clock: { skewSeconds: 0, localNowMs: Date.now },
    });
    try {
      sim.injectFault({ fault: 'http_5xx', times: 1 });
      const config = { method: 'get', url: '/brokerage/accounts', 'axios-retry': { retries: 1, retryDelay: () => 0 } };
      await built.client.rest.coinbaseRequest({ ...config, signal: live() } as never);
      // One 5xx, then the request's own retry succeeded: its setting was kept.
      expect(accountsRequests(sim).map((request) => request.status)).toEqual([503, 200]);
    } finally {
      built.destroy();
    }
  });
});
