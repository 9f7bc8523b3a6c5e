import ccxt from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../src/index.js';
import { generateBinanceCredential, generateKrakenCredential, sampleCredentials } from '../src/testing/index.js';
import { ccxtBinance, coinbaseClient, krakenApiClient, rejectionOf } from './helpers/clients.js';

/**
 * A token bucket per API key, answered in each exchange's own way. The refill rate is tiny so that no token
 * comes back during a test: the outcome never depends on how fast the machine is.
 */

const keys = sampleCredentials();
const slow = { requestsPerSecond: 0.001, burst: 2 };
let sim: ExchangeSim;

afterEach(async () => {
  await sim.stop();
});

describe('per-key rate limits', () => {
  it('binance: 429 with -1003 and Retry-After, then a 418 ban for a client that keeps going', async () => {
    const second = generateBinanceCredential('rate-limit-second-key');
    const state = { credentials: { binance: [keys.binance, second] }, balances: { USDT: { total: 10 } } };
    sim = await startExchangeSim({ exchange: 'binance', state, rateLimit: slow });
    const exchange = ccxtBinance(sim, keys.binance);
    await exchange.fetchBalance();
    await exchange.fetchBalance();
    const limited = await rejectionOf(exchange.fetchBalance());
    expect(limited).toBeInstanceOf(ccxt.DDoSProtection);
    expect(limited.message).toContain('-1003');
    const headers = (exchange.last_response_headers ?? {}) as Record<string, string>;
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await rejectionOf(exchange.fetchBalance());
    const account = sim.requests.filter((r) => r.path === '/api/v3/account');
    expect(account.map((r) => r.status)).toEqual([200, 200, 429, 429, 429, 429, 418]);
    // The budget is per key: another key is untouched.
    await ccxtBinance(sim, second).fetchBalance();
    expect(sim.requests.at(-1)?.status).toBe(200);
  });

  it('kraken: HTTP 200 with EAPI:Rate limit exceeded, and EOrder:Rate limit exceeded for trading calls', async () => {
    sim = await startExchangeSim({ exchange: 'kraken', rateLimit: slow });
    const kraken = krakenApiClient(sim, keys.kraken);
    await kraken.api('Balance');
    await kraken.api('Balance');
    expect((await rejectionOf(kraken.api('Balance'))).message).toBe('API:Rate limit exceeded');
    expect((await rejectionOf(kraken.api('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.001' }))).message).toBe('Order:Rate limit exceeded');
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(sim.state.pastOrders).toHaveLength(0);
    const fresh = generateKrakenCredential('not-limited');
    expect((await rejectionOf(krakenApiClient(sim, fresh).api('Balance'))).message).toBe('API:Invalid key');
  });

  it('coinbase: HTTP 429 with Retry-After (the unsigned /v2/time call has its own budget)', async () => {
    sim = await startExchangeSim({ exchange: 'coinbase', rateLimit: slow });
    const client = coinbaseClient(sim, keys.coinbase.ecdsa, { retries: 0 });
    await client.rest.account.listAccounts();
    await client.rest.product.getProducts();
    const limited = await rejectionOf(client.rest.account.listAccounts());
    expect(limited.response?.status).toBe(429);
    expect(Number(limited.response?.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.response?.data).toMatchObject({ error: 'RATE_LIMIT_EXCEEDED' });
    expect(sim.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/v2/time 200',
      '/api/v3/brokerage/accounts 200',
      '/api/v3/brokerage/products 200',
      '/api/v3/brokerage/accounts 429',
    ]);
  });
});
