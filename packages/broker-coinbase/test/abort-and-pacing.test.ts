import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RequestPacer } from '../src/request-pacer.js';
import { connectTo, ecdsaKey, live, rejectionOf, startCoinbaseSim } from './helpers.js';

/*
 * The library's methods take no AbortSignal: the plugin hands the caller's signal to every request of a
 * call, so an abort ends the request on the wire. And one call may be many requests (pages), so requests —
 * not calls — are paced to the key's budget: a long listing stays under the exchange's rate limit instead of
 * bursting into a 429.
 */

describe('abort', () => {
  it('aborts a request in flight: aborted, not retryable', async () => {
    const sim = await startCoinbaseSim({ balances: { BTC: { total: 1 } } });
    const connection = await connectTo(sim);
    sim.setLatency(10_000);
    const controller = new AbortController();
    const call = connection.fetchBalances(controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(call)).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('aborts a request still waiting for the request budget: it is never sent', async () => {
    const sim = await startCoinbaseSim({ balances: { BTC: { total: 1 } } });
    // Burst 3 less one of headroom: the server time at connect and one read; the next read waits five seconds.
    const connection = await connectTo(sim, ecdsaKey, { rateLimit: { requestsPerSecond: 0.2, burst: 3 } });
    await connection.fetchBalances(live());
    const controller = new AbortController();
    const waiting = connection.fetchBalances(controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(waiting)).toMatchObject({ code: 'aborted' });
    expect(sim.requests.filter((request) => request.path === '/api/v3/brokerage/accounts')).toHaveLength(1);
  });
});

describe('abort listeners', () => {
  it('50 requests waiting for the budget on one signal hold one abort listener: no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const sim = await startCoinbaseSim({ balances: { BTC: { total: 1 } } });
      // Burst 3 less one of headroom: the server time at connect and one read; every other read waits.
      const connection = await connectTo(sim, ecdsaKey, { rateLimit: { requestsPerSecond: 0.2, burst: 3 } });
      const run = new AbortController();
      const calls = Array.from({ length: 50 }, () => rejectionOf(connection.fetchBalances(run.signal)).catch((error: unknown) => error));
      while (!sim.requests.some((request) => request.path === '/api/v3/brokerage/accounts')) await new Promise((resolve) => setTimeout(resolve, 5));
      // Warnings are emitted on a later tick: let them come before looking.
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(run.signal, 'abort').length).toBeLessThanOrEqual(1);
      run.abort();
      const outcomes = await Promise.all(calls);
      // The first read went through (so its "rejection" is the helper's own error); the 49 waiting ones were aborted.
      expect(outcomes.filter((outcome) => (outcome as { code?: string }).code === 'aborted')).toHaveLength(49);
      expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a wait that ends removes its listener; the last one leaves the signal with none', async () => {
    const pacer = new RequestPacer({ requestsPerSecond: 1000, burst: 2 });
    const signal = live();
    for (let i = 0; i < 20; i++) await pacer.take(signal);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});

describe('pacing', () => {
  it('an abort answers at once even behind a request that is still waiting for its turn', async () => {
    const pacer = new RequestPacer({ requestsPerSecond: 0.1, burst: 2 });
    await pacer.take(live());
    const first = new AbortController();
    const second = new AbortController();
    let firstSettled = false;
    const waitingFirst = pacer.take(first.signal).finally(() => (firstSettled = true));
    const waitingSecond = pacer.take(second.signal);
    second.abort();
    expect(await rejectionOf(waitingSecond)).toMatchObject({ code: 'aborted' });
    expect(firstSettled).toBe(false);
    first.abort();
    expect(await rejectionOf(waitingFirst)).toMatchObject({ code: 'aborted' });
  });

  it('pages a long listing within the exchange’s request budget: no 429', async () => {
    const count = 150;
    const markets = Object.fromEntries(Array.from({ length: count }, (_, i) => [`P${i}-USD`, { price: 1 }]));
    const balances = Object.fromEntries(Array.from({ length: count }, (_, i) => [`P${i}`, { total: 2 }]));
    const openOrders = Array.from({ length: count }, (_, i) => ({ id: `o-${i}`, symbol: `P${i}-USD`, side: 'sell' as const, quantity: 1, price: 3 }));
    // Without pacing the fourth page would be refused; with it, the pages wait their turn.
    const budget = { requestsPerSecond: 10, burst: 3 };
    const sim = await startCoinbaseSim({ balances, markets, openOrders }, { rateLimit: budget });
    const connection = await connectTo(sim, ecdsaKey, { rateLimit: budget });
    expect(await connection.fetchOpenOrders(live())).toHaveLength(count);
    const pages = sim.requests.filter((request) => request.path === '/api/v3/brokerage/orders/historical/batch');
    expect(pages).toHaveLength(6);
    expect(sim.requests.filter((request) => request.status === 429)).toEqual([]);
  });
});
