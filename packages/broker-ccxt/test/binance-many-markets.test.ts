import { afterEach, describe, expect, it } from 'vitest';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { startAnsweringProxy, type AnsweringProxy } from './helpers/answering-proxy.js';
import { never, rejectionOf } from './helpers/broker-context.js';
import { connectToSim, type SimAccount } from './helpers/sim-accounts.js';

/*
 * An account holding about a thousand markets. Asking for every ticker in one request makes a URL past
 * what servers accept (the sim, like Node and real exchanges, answers 431 with an empty body), which ccxt
 * reads as "no tickers": every price came back null. Tickers are asked for in chunks instead.
 */

const MARKETS = 1000;

/** Base asset names `AA`, `AB`, … (letters only, as Binance's asset codes are). */
function assetName(n: number): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `Q${letters[Math.floor(n / 676) % 26]}${letters[Math.floor(n / 26) % 26]}${letters[n % 26]}`;
}

function manyMarkets(count: number): SimStateInput {
  const balances: NonNullable<SimStateInput['balances']> = { USDT: { total: 100 } };
  const markets: NonNullable<SimStateInput['markets']> = {};
  for (let n = 0; n < count; n++) {
    const asset = assetName(n);
    balances[asset] = { total: 10 + n };
    markets[`${asset}-USDT`] = { price: 1 + n / 100, minQuantity: 0.01, quantityStep: 0.01, minNotional: 1 };
  }
  return { balances, markets };
}

let account: SimAccount | undefined;
afterEach(async () => {
  await account?.stop();
  account = undefined;
});

describe('broker-ccxt prices for an account holding a thousand markets', () => {
  it('prices every market, asking for tickers in requests of at most 100 symbols', async () => {
    account = await connectToSim('binance', manyMarkets(MARKETS));
    const { connection, sim } = account;
    const symbols = Array.from({ length: MARKETS }, (_, n) => `${assetName(n)}-USDT`);
    const prices = await connection.fetchPrices(symbols, never);
    expect(Object.keys(prices)).toHaveLength(MARKETS);
    for (let n = 0; n < MARKETS; n++) expect(prices[`${assetName(n)}-USDT`]).toBeCloseTo(1 + n / 100, 10);
    const tickerRequests = sim.requests.filter((request) => request.path === '/api/v3/ticker/24hr');
    expect(tickerRequests).toHaveLength(MARKETS / 100);
    expect(tickerRequests.every((request) => request.status === 200)).toBe(true);
  });
});

describe('broker-ccxt tickers answers it cannot read', () => {
  let proxy: AnsweringProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  /** Binance behind a proxy that answers requests for `answeredPath` with `status` and `body`. */
  async function binanceAnswering(status: number, body: string, answeredPath = '/api/v3/ticker/24hr'): Promise<SimAccount> {
    let simUrl = '';
    proxy = await startAnsweringProxy(
      () => simUrl,
      (_method, path) => (path === answeredPath ? { status, body } : null),
    );
    account = await connectToSim('binance', manyMarkets(3), { baseUrl: proxy.url });
    simUrl = account.sim.url;
    return account;
  }

  it.each([
    ['a 200 with an empty body', 200, ''],
    ['a 200 with an empty list', 200, '[]'],
    ['a 431 with an empty body (a URL the server refuses)', 431, ''],
  ])('refuses %s as malformed_response instead of pricing every market null', async (_case, status, body) => {
    const { connection } = await binanceAnswering(status, body);
    const error = await rejectionOf(connection.fetchPrices([`${assetName(0)}-USDT`, `${assetName(1)}-USDT`], never));
    expect(error).toMatchObject({ code: 'malformed_response', retryable: false });
    // The rest of the account still reads through the same proxy.
    expect((await connection.fetchBalances(never)).map((balance) => balance.asset)).toContain(assetName(2));
  });

  it('refuses a balance answered with a status ccxt has no error class for, instead of reading an empty account', async () => {
    const { connection } = await binanceAnswering(431, '', '/api/v3/account');
    const error = await rejectionOf(connection.fetchBalances(never));
    expect(error).toMatchObject({ code: 'malformed_response', retryable: false });
    expect(error.message).toBe('ccxt binance fetchBalances: the exchange answered GET with HTTP 431 and an empty body, which is not an answer');
  });
});
