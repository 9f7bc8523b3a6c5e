import ccxt from 'ccxt';
import KrakenClient from 'kraken-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { KeyLane, KrakenTransport, NonceSource } from '../src/index.js';
import { BalanceExResultSchema } from '../src/kraken-responses.js';
import { connectToSim, live, rejectionOf } from './helpers/broker-context.js';

/*
 * Kraken's nonce rule (strictly increasing per key) against kraken-api's nonce (Date.now() × 1000, written
 * into the caller's params object): the traps are shown with the raw library, and the broker is shown to
 * avoid them — against the sim, which enforces the rule as Kraken does.
 */

describe('NonceSource', () => {
  it('never repeats and never goes down, even when the clock stalls or steps back', () => {
    const readings = [1_000, 1_000, 1_000, 990, 1_001, 1_001, 500];
    let i = 0;
    const source = new NonceSource(() => readings[Math.min(i++, readings.length - 1)] as number);
    const nonces = readings.map(() => BigInt(source.next('microseconds')));
    expect(nonces[0]).toBe(1_000_000n);
    for (let n = 1; n < nonces.length; n++) expect(nonces[n]).toBeGreaterThan(nonces[n - 1] as bigint);
  });

  it('counts in microseconds (kraken-api) or milliseconds (ccxt.kraken)', () => {
    expect(new NonceSource(() => 1_700_000_000_123).next('microseconds')).toBe('1700000000123000');
    expect(new NonceSource(() => 1_700_000_000_123).next('milliseconds')).toBe('1700000000123');
  });
});

describe('KeyLane', () => {
  it('runs calls one at a time in the order made, and skips a call whose signal fired while it waited', async () => {
    const lane = new KeyLane(() => 5);
    const log: string[] = [];
    let release!: () => void;
    const first = lane.run('milliseconds', live(), (nonce) => {
      log.push(`start ${nonce}`);
      return new Promise<void>((resolve) => (release = resolve)).then(() => log.push('end first'));
    });
    const controller = new AbortController();
    const skipped = lane.run('milliseconds', controller.signal, async (nonce) => log.push(`never ${nonce}`));
    const third = lane.run('milliseconds', live(), async (nonce) => log.push(`start ${nonce}`));
    controller.abort();
    await Promise.resolve();
    release();
    await first;
    expect((await rejectionOf(skipped)).code).toBe('aborted');
    await third;
    expect(log).toEqual(['start 5', 'end first', 'start 6']);
  });
});

describe('private calls on one key, against the Kraken sim', () => {
  const key = generateKrakenCredential('kraken-nonce-test');
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'kraken', state: { credentials: { kraken: [key] }, balances: { USD: { total: 10 } } } });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('the trap: raw kraken-api calls made together collide on their nonces', async () => {
    const client = new KrakenClient(key.apiKey, key.secret, { url: sim.url, timeout: 10_000 });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => client.privateMethod('BalanceEx')));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((reason) => reason.includes('API:Invalid nonce'))).toBe(true);
  });

  it('the trap: kraken-api writes its nonce into a params object, so reusing the object replays it', async () => {
    const client = new KrakenClient(key.apiKey, key.secret, { url: sim.url, timeout: 10_000 });
    const params: Record<string, string> = {};
    await client.privateMethod('BalanceEx', params);
    expect(params).toHaveProperty('nonce');
    expect(String(await rejectionOf(client.privateMethod('BalanceEx', params)))).toContain('API:Invalid nonce');
  });

  it('many concurrent reads on two connections of the same key all succeed', async () => {
    const [a, b] = await Promise.all([connectToSim(sim, key), connectToSim(sim, key)]);
    const reads = Array.from({ length: 12 }, (_, n) => {
      const connection = n % 2 === 0 ? a : b;
      return n % 3 === 0 ? connection.fetchOpenOrders(live()) : connection.fetchBalances(live());
    });
    const results = await Promise.all(reads);
    expect(results).toHaveLength(12);
    const privateCalls = sim.requests.filter((request) => request.path.startsWith('/0/private/'));
    expect(privateCalls).toHaveLength(12);
    expect(privateCalls.every((request) => request.status === 200)).toBe(true);
  });

  it('never reuses or mutates a params object it is given', async () => {
    const transport = new KrakenTransport({ baseUrl: sim.url, apiKey: key.apiKey, apiSecret: key.secret, timeoutMs: 10_000, nonceScale: 'microseconds' });
    const params = Object.freeze({ asset: 'ZUSD' });
    await transport.privateCall('BalanceEx', params, BalanceExResultSchema, live());
    const again = await transport.privateCall('BalanceEx', params, BalanceExResultSchema, live());
    expect(again.ZUSD?.balance).toBe(10);
    expect(params).toEqual({ asset: 'ZUSD' });
  });

  it('with nonce: milliseconds a ccxt-based bot keeps working on the same key; with microseconds it is locked out', async () => {
    // A key of its own: this process's lane of `key` already counts in microseconds (and a lane never goes down).
    const shared = generateKrakenCredential('kraken-nonce-shared-with-ccxt');
    sim.state.credentials.kraken.push(shared);
    const ccxtKraken = () => {
      const exchange = new ccxt.kraken({ apiKey: shared.apiKey, secret: shared.secret, enableRateLimit: false, timeout: 10_000 });
      const api = exchange.urls['api'] as Record<string, string>;
      for (const [name, url] of Object.entries(api)) api[name] = url.replace(/^https?:\/\/[^/]+/, sim.url);
      return exchange;
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

    await (await connectToSim(sim, shared, { nonce: 'milliseconds' })).fetchBalances(live());
    await pause();
    expect((await ccxtKraken().fetchBalance())['USD']?.total).toBe(10);

    await (await connectToSim(sim, shared, { nonce: 'microseconds' })).fetchBalances(live());
    await pause();
    const error = await rejectionOf(ccxtKraken().fetchBalance());
    expect(error.constructor.name).toBe('InvalidNonce');
  });
});
