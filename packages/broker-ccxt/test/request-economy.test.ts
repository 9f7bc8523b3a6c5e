import { afterEach, describe, expect, it } from 'vitest';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { never, rejectionOf } from './helpers/broker-context.js';
import { connectToSim, type SimAccount } from './helpers/sim-accounts.js';

/*
 * Requests an account read and a sell should not make: `exchangeInfo` read twice per account read, and a
 * ticker before every sell when `fetchPrices` already read that market's price.
 */

const state: SimStateInput = {
  balances: { USDT: { total: 300 }, BTC: { total: 0.0031 }, PEPE: { total: 8000 } },
  markets: {
    'BTC-USDT': { price: 97000, minQuantity: 0.0001, quantityStep: 0.00001, minNotional: 5 },
    'PEPE-USDT': { price: 0.00001, minQuantity: 1, quantityStep: 1, minNotional: 1 },
  },
};

let account: SimAccount | undefined;
afterEach(async () => {
  await account?.stop();
  account = undefined;
});

const pathsOf = (sim: SimAccount['sim']) => sim.requests.map((request) => request.path);
const count = (paths: readonly string[], path: string) => paths.filter((each) => each === path).length;

describe('broker-ccxt request economy on the simulated Binance', () => {
  it('reads exchangeInfo once per account read, and again at the next read', async () => {
    account = await connectToSim('binance', state);
    const { connection, sim } = account;
    const read = () => Promise.all([connection.fetchBalances(never), connection.fetchMarkets(never), connection.fetchOpenOrders(never)]);
    const [, markets] = await read();
    expect(markets.map((market) => market.symbol).sort()).toEqual(['BTC-USDT', 'PEPE-USDT']);
    expect(count(pathsOf(sim), '/api/v3/exchangeInfo')).toBe(1);
    // The next read sees the rules as they are now: one more load, not two.
    await read();
    expect(count(pathsOf(sim), '/api/v3/exchangeInfo')).toBe(2);
  });

  it('checks a sell against the price fetchPrices read, without a ticker per sell', async () => {
    account = await connectToSim('binance', state);
    const { connection, sim } = account;
    expect(await connection.fetchPrices(['BTC-USDT', 'PEPE-USDT'], never)).toEqual({ 'BTC-USDT': 97000, 'PEPE-USDT': 0.00001 });
    const before = sim.requests.length;
    const report = await connection.placeMarketSell({ symbol: 'BTC-USDT', quantity: 0.001, clientOrderId: 'fc00000000000000c1' }, never);
    expect(report).toMatchObject({ status: 'filled', filledQuantity: 0.001 });
    const notional = await rejectionOf(connection.placeMarketSell({ symbol: 'PEPE-USDT', quantity: 8000, clientOrderId: 'fc00000000000000c2' }, never));
    expect(notional.message).toBe('PEPE-USDT: 8000 PEPE at 0.00001 is worth 0.08 USDT, below the minimum notional 1 USDT; the position is stuck');
    expect(sim.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/v3/order']);
  });

  it('reads a ticker for the check when fetchPrices read no price for the market', async () => {
    account = await connectToSim('binance', state);
    const { connection, sim } = account;
    await connection.fetchMarkets(never);
    const before = sim.requests.length;
    await connection.placeMarketSell({ symbol: 'BTC-USDT', quantity: 0.001, clientOrderId: 'fc00000000000000c3' }, never);
    expect(sim.requests.slice(before).map((request) => request.path)).toEqual(['/api/v3/ticker/24hr', '/api/v3/order']);
  });
});
