import { afterEach, describe, expect, it } from 'vitest';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { never, rejectionOf } from './helpers/broker-context.js';
import { connectToSim, type SimAccount } from './helpers/sim-accounts.js';

/*
 * Calls of one connection run in parallel on Binance (no nonce: a timestamp in a window) and one at a time
 * on Kraken (nonces must arrive in order). Shown by a balance request the exchange never answers: on
 * Binance another call completes meanwhile, on Kraken it waits for the hung call to give up.
 */

const state: SimStateInput = {
  balances: { USD: { total: 300 }, USDT: { total: 300 }, BTC: { total: 0.0031 } },
  markets: {
    'BTC-USDT': { price: 97000, minQuantity: 0.0001, quantityStep: 0.00001, minNotional: 5 },
    'BTC-USD': { price: 97000, minQuantity: 0.0001, quantityStep: 0.00001, minNotional: 5 },
  },
  openOrders: [],
};

let account: SimAccount | undefined;
afterEach(async () => {
  await account?.stop();
  account = undefined;
});

/** Settles with the order in which the two calls settled. */
async function settlingOrder(first: Promise<unknown>, second: Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const note = (name: string) => () => order.push(name);
  await Promise.allSettled([first.then(note('balances'), note('balances')), second.then(note('openOrders'), note('openOrders'))]);
  return order;
}

describe('broker-ccxt call concurrency', () => {
  it('on Binance, answers a call while another one of the same connection is still waiting', async () => {
    account = await connectToSim('binance', state, { timeoutMs: 1_500 });
    const { connection, sim } = account;
    await connection.fetchMarkets(never);
    sim.injectFault({ fault: 'timeout', match: { pathIncludes: '/api/v3/account' }, times: 1 });
    const balances = connection.fetchBalances(never);
    const openOrders = connection.fetchOpenOrders(never);
    expect(await settlingOrder(balances, openOrders)).toEqual(['openOrders', 'balances']);
    expect(await openOrders).toEqual([]);
    expect(await rejectionOf(balances)).toMatchObject({ code: 'timeout' });
  });

  it('on Kraken, keeps calls one at a time: the next call waits for the hung one', async () => {
    account = await connectToSim('kraken', state, { timeoutMs: 1_500 });
    const { connection, sim } = account;
    await connection.fetchMarkets(never);
    sim.injectFault({ fault: 'timeout', match: { pathIncludes: 'Balance' }, times: 1 });
    const balances = connection.fetchBalances(never);
    const openOrders = connection.fetchOpenOrders(never);
    expect(await settlingOrder(balances, openOrders)).toEqual(['balances', 'openOrders']);
    expect(await openOrders).toEqual([]);
  });

  it("on Binance, gives each of two parallel calls its own Retry-After", async () => {
    account = await connectToSim('binance', state);
    const { connection, sim } = account;
    await connection.fetchMarkets(never);
    sim.injectFault({ fault: 'http_429', retryAfterSeconds: 7, match: { pathIncludes: '/api/v3/account' }, times: 1 });
    const [balances, openOrders] = await Promise.allSettled([connection.fetchBalances(never), connection.fetchOpenOrders(never)]);
    expect(openOrders).toEqual({ status: 'fulfilled', value: [] });
    expect(balances.status === 'rejected' ? balances.reason : null).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });
  });
});
