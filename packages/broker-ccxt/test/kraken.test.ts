import { afterEach, describe, expect, it } from 'vitest';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { krakenSignature } from '@forced-cleanup/exchange-sim/testing';
import { never, rejectionOf } from './helpers/broker-context.js';
import { connectToSim, type SimAccount } from './helpers/sim-accounts.js';

/*
 * What is particular to Kraken through ccxt, on the simulated Kraken: asset names (`XXBT`, `XBT.F`),
 * nonces under the engine's concurrent reads, an AddOrder answer without a fill (confirmed at once),
 * lookups by `cl_ord_id`, cancels one order at a time, and a key whose nonces another client pushed up.
 */

const state: SimStateInput = {
  balances: { USD: { total: 500 }, BTC: { total: 0.012 }, DOT: { total: 3.5 }, SHIB: { total: 90000 }, 'DOT.S': { total: 10 }, 'BTC.F': { total: 0.5 } },
  markets: {
    'BTC-USD': { price: 97000, minQuantity: 0.00005, quantityStep: 0.00000001, minNotional: 0.5 },
    'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 5 },
    'SHIB-USD': { price: 0.0000245, minQuantity: 50000, quantityStep: 1, minNotional: 0.5 },
  },
  openOrders: [
    { id: 'OQCLML-BW3P3-BUCMWZ', userref: 42, symbol: 'DOT-USD', side: 'sell', quantity: 2, price: 9.5 },
    { id: 'OB5VMB-B4U2U-DK2WRW', symbol: 'DOT-USD', side: 'sell', quantity: 1, price: 12 },
  ],
};

let account: SimAccount | undefined;
afterEach(async () => {
  await account?.stop();
  account = undefined;
});

async function kraken(): Promise<SimAccount> {
  account = await connectToSim('kraken', state);
  return account;
}

describe('broker-ccxt on the simulated Kraken', () => {
  it('normalises Kraken asset ids and marks staking and futures balances as tracking their base asset', async () => {
    const { connection } = await kraken();
    expect(await connection.fetchBalances(never)).toEqual([
      { asset: 'BTC', total: 0.012, free: 0.012 },
      { asset: 'BTC.F', total: 0.5, free: 0.5, priceAs: 'BTC' },
      { asset: 'DOT', total: 3.5, free: 0.5 },
      { asset: 'DOT.S', total: 10, free: 10, priceAs: 'DOT' },
      { asset: 'SHIB', total: 90000, free: 90000 },
      { asset: 'USD', total: 500, free: 500 },
    ]);
  });

  it('keeps nonces strictly increasing when the engine reads everything at once', async () => {
    const { connection, sim } = await kraken();
    const reads = await Promise.all([
      connection.fetchBalances(never),
      connection.fetchMarkets(never),
      connection.fetchOpenOrders(never),
      connection.fetchBalances(never),
      connection.fetchOpenOrders(never),
      connection.lookupOrder({ clientOrderId: 'fc0000000000000404', symbol: 'BTC-USD' }, never),
    ]);
    expect(reads[2]).toHaveLength(2);
    expect(sim.requests.filter((request) => request.status !== 200)).toEqual([]);
  });

  it('confirms a sell at once (AddOrder answers with an id only) and finds it by cl_ord_id', async () => {
    const { connection, sim } = await kraken();
    const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.002, clientOrderId: 'fc00000000000000cc' }, never);
    expect(report).toMatchObject({ clientOrderId: 'fc00000000000000cc', symbol: 'BTC-USD', status: 'filled', requestedQuantity: 0.002, filledQuantity: 0.002, averagePrice: 97000 });
    expect(sim.requests.map((request) => request.path).filter((path) => path.startsWith('/0/private/'))).toEqual([
      '/0/private/AddOrder',
      '/0/private/OpenOrders',
      '/0/private/ClosedOrders',
    ]);
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000cc', symbol: 'BTC-USD' }, never)).toEqual(report);
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000cc', symbol: 'BTC-USD', orderId: report.orderId }, never)).toEqual(report);
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000cc', symbol: 'DOT-USD' }, never)).toBeNull();
  });

  it('cancels exactly the order asked for, and maps Kraken refusals', async () => {
    const { connection, sim } = await kraken();
    await connection.cancelOrder({ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'DOT-USD' }, never);
    expect(sim.state.openOrders.map((order) => order.id)).toEqual(['OB5VMB-B4U2U-DK2WRW']);
    expect(await rejectionOf(connection.cancelOrder({ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'DOT-USD' }, never))).toMatchObject({ code: 'order_not_found' });
    expect(await rejectionOf(connection.placeMarketSell({ symbol: 'DOT-USD', quantity: 3, clientOrderId: 'fc0000000000000006' }, never))).toMatchObject({
      code: 'insufficient_funds',
    });
    const stuck = await rejectionOf(connection.placeMarketSell({ symbol: 'SHIB-USD', quantity: 20000, clientOrderId: 'fc0000000000000007' }, never));
    expect(stuck).toMatchObject({ code: 'below_minimum', message: 'SHIB-USD: 20000 SHIB is below the minimum quantity 50000; the position is stuck' });
  });

  it('reports a key whose nonce another client pushed ahead (microsecond nonces) as auth_failed', async () => {
    const { connection, sim, credential } = await kraken();
    const nonce = String(Date.now() * 1000);
    const body = `nonce=${nonce}`;
    await fetch(`${sim.url}/0/private/Balance`, {
      method: 'POST',
      headers: { 'API-Key': credential.apiKey, 'API-Sign': krakenSignature('/0/private/Balance', body, credential.secret, nonce), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const error = await rejectionOf(connection.fetchBalances(never));
    expect(error).toMatchObject({ code: 'auth_failed', retryable: false });
    expect(error.message).toContain('EAPI:Invalid nonce');
  });
});
