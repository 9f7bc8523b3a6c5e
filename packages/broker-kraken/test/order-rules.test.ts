import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { volumeText } from '../src/index.js';
import { connectToSim, live, rejectionOf } from './helpers/broker-context.js';

/*
 * ordermin, costmin and lot_decimals are enforced before anything is sent: a sell that cannot pass is
 * `below_minimum` without an AddOrder (so a stuck position is never sent again and again), and a volume is
 * rounded down to lot_decimals (Kraken refuses more decimals with EGeneral:Invalid arguments:volume).
 */

const key = generateKrakenCredential('kraken-order-rules');
const state: SimStateInput = {
  credentials: { kraken: [key] },
  balances: { USD: { total: 100 }, BTC: { total: 0.012 }, SHIB: { total: 90000 }, DOT: { total: 3.5 }, ADA: { total: 5.9 } },
  markets: {
    'BTC-USD': { price: 97000, minQuantity: 0.00005, quantityStep: 0.00000001, minNotional: 0.5 },
    // 90 000 SHIB at 0.0000245 = 2.205 USD: far above ordermin, below costmin 5.
    'SHIB-USD': { price: 0.0000245, minQuantity: 50000, quantityStep: 1, minNotional: 5 },
    'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.01, minNotional: 0.5 },
    'ADA-USD': { price: 0.9, minQuantity: 1, quantityStep: 1, minNotional: 0.5 },
  },
};

describe('order rules checked before sending', () => {
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'kraken', state });
  });
  afterEach(async () => {
    await sim.stop();
  });

  const orderRequests = () => sim.requests.filter((request) => request.kind === 'order_placing');

  it('a volume below ordermin is below_minimum, not retryable, and no request is sent for it', async () => {
    const connection = await connectToSim(sim, key);
    await connection.fetchMarkets(live());
    const before = sim.requests.length;
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00001, clientOrderId: 'fc0000000000000001' }, live()));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'below_minimum', retryable: false });
    expect(error.message).toContain('ordermin');
    expect(sim.requests.length).toBe(before);
    expect(sim.state.balances.BTC?.total).toBe(0.012);
  });

  it('a cost below costmin is below_minimum: the price is read, the order is not sent', async () => {
    const connection = await connectToSim(sim, key);
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'SHIB-USD', quantity: 90000, clientOrderId: 'fc0000000000000002' }, live()));
    expect(error.code).toBe('below_minimum');
    expect(error.message).toContain('costmin');
    expect(sim.requests.map((request) => request.path)).toContain('/0/public/Ticker');
    expect(orderRequests()).toEqual([]);
    expect(sim.state.balances.SHIB?.total).toBe(90000);
  });

  it('a pair the run has priced is sold in two requests: AddOrder and QueryOrders, no Ticker', async () => {
    const connection = await connectToSim(sim, key);
    await connection.fetchMarkets(live());
    expect(await connection.fetchPrices(['DOT-USD'], live())).toEqual({ 'DOT-USD': 6.5 });
    const before = sim.requests.length;
    const report = await connection.placeMarketSell({ symbol: 'DOT-USD', quantity: 2, clientOrderId: 'fc0000000000000005' }, live());
    expect(report).toMatchObject({ status: 'filled', filledQuantity: 2 });
    expect(sim.requests.slice(before).map((request) => request.path)).toEqual(['/0/private/AddOrder', '/0/private/QueryOrders']);
  });

  it('costmin is checked at the price fetchPrices read: below_minimum without a Ticker or an order', async () => {
    const connection = await connectToSim(sim, key);
    await connection.fetchPrices(['SHIB-USD'], live());
    const before = sim.requests.length;
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'SHIB-USD', quantity: 90000, clientOrderId: 'fc0000000000000006' }, live()));
    expect(error.code).toBe('below_minimum');
    expect(error.message).toContain('costmin');
    expect(sim.requests.length).toBe(before);
  });

  it('a pair fetchPrices found unpriced is not sold on an older price: the ticker is read again', async () => {
    const connection = await connectToSim(sim, key);
    await connection.fetchPrices(['DOT-USD'], live());
    const dot = sim.state.markets['DOT-USD'];
    if (dot === undefined) throw new Error('the sim lost DOT-USD');
    dot.price = null;
    expect(await connection.fetchPrices(['DOT-USD'], live())).toEqual({ 'DOT-USD': null });
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'DOT-USD', quantity: 2, clientOrderId: 'fc0000000000000007' }, live()));
    expect(error.code).toBe('invalid_order');
    expect(sim.requests.at(-1)?.path).toBe('/0/public/Ticker');
    expect(orderRequests()).toEqual([]);
  });

  it('a quantity that rounds to 0 at lot_decimals is below_minimum without a request', async () => {
    const connection = await connectToSim(sim, key);
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'ADA-USD', quantity: 0.9, clientOrderId: 'fc0000000000000003' }, live()));
    expect(error.code).toBe('below_minimum');
    expect(error.message).toContain('lot_decimals');
    expect(orderRequests()).toEqual([]);
  });

  it('rounds the volume DOWN to lot_decimals and sells exactly that', async () => {
    const connection = await connectToSim(sim, key);
    const report = await connection.placeMarketSell({ symbol: 'DOT-USD', quantity: 1.239, clientOrderId: 'fc0000000000000004' }, live());
    expect(report).toMatchObject({ symbol: 'DOT-USD', status: 'filled', requestedQuantity: 1.23, filledQuantity: 1.23, averagePrice: 6.5 });
    expect(sim.state.balances.DOT?.total).toBeCloseTo(3.5 - 1.23, 12);
    expect(orderRequests()).toHaveLength(1);
  });
});

describe('volumeText', () => {
  it('rounds down to the given decimals and writes them all', () => {
    expect(volumeText(0.29, 2)).toBe('0.29');
    expect(volumeText(1.239, 2)).toBe('1.23');
    expect(volumeText(0.01, 8)).toBe('0.01000000');
    expect(volumeText(90000.7, 0)).toBe('90000');
    expect(volumeText(0.000000009, 8)).toBe('0.00000000');
    expect(volumeText(123456.123456789, 8)).toBe('123456.12345678');
    expect(volumeText(1.5e-7, 8)).toBe('0.00000015');
    expect(volumeText(2e21, 0)).toBe('2000000000000000000000');
  });

  it('never rounds up, whatever the binary noise', () => {
    for (const [quantity, decimals] of [[0.3 - 0.1, 2], [1 - 1e-9, 8], [2.675, 2], [0.1 + 0.2, 1]] as const) {
      expect(Number(volumeText(quantity, decimals))).toBeLessThanOrEqual(quantity + 1e-15);
    }
  });
});
