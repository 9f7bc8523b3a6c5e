import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { krakenClientOrderId } from '../src/index.js';
import { connectToSim, live, rejectionOf } from './helpers/broker-context.js';

/*
 * Selling, finding and cancelling: the client order id travels as `cl_ord_id`; an order whose answer was
 * lost is found again by it (never placed twice); cancels go order by order, by txid.
 */

const key = generateKrakenCredential('kraken-orders');
const state: SimStateInput = {
  credentials: { kraken: [key] },
  balances: { USD: { total: 100 }, BTC: { total: 0.5 }, DOT: { total: 10 } },
  markets: {
    'BTC-USD': { price: 40000, minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 },
    'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 0.5 },
  },
  openOrders: [
    { id: 'OQCLML-BW3P3-BUCMWZ', userref: 42, symbol: 'DOT-USD', side: 'sell', quantity: 2, price: 9.5 },
    { id: 'OAAAAA-BBBBB-CCCCCC', userref: 42, symbol: 'DOT-USD', side: 'sell', quantity: 1, price: 9.9 },
  ],
};

describe('orders on the Kraken sim', () => {
  let sim: ExchangeSim;
  let clock: number;
  beforeEach(async () => {
    clock = Date.parse('2025-01-01T00:00:00Z');
    // Each request moves the sim's clock by a second, so that orders have distinct opening times.
    sim = await startExchangeSim({ exchange: 'kraken', state, now: () => (clock += 1000) });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('sends the engine client order id as cl_ord_id and finds the order by it alone', async () => {
    const connection = await connectToSim(sim, key);
    const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc0123456789abcdef' }, live());
    expect(report).toMatchObject({ clientOrderId: 'fc0123456789abcdef', symbol: 'BTC-USD', side: 'sell', status: 'filled', filledQuantity: 0.1, averagePrice: 40000 });
    expect(sim.state.pastOrders.at(-1)?.clientOrderId).toBe('fc0123456789abcdef');
    const found = await connection.lookupOrder({ clientOrderId: 'fc0123456789abcdef', symbol: 'BTC-USD' }, live());
    expect(found).toEqual(report);
  });

  it('sends a client order id Kraken would refuse as a UUID derived from it, and finds it by the original', async () => {
    const connection = await connectToSim(sim, key);
    const clientOrderId = 'run-42/platform_kraken/BTC/dust';
    const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId }, live());
    expect(report.clientOrderId).toBe(clientOrderId);
    expect(sim.state.pastOrders.at(-1)?.clientOrderId).toBe(krakenClientOrderId(clientOrderId));
    expect(krakenClientOrderId(clientOrderId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await connection.lookupOrder({ clientOrderId, symbol: 'BTC-USD' }, live()))?.orderId).toBe(report.orderId);
  });

  it('a sell whose answer is lost fails as network, is never resent, and the lookup finds it filled', async () => {
    const connection = await connectToSim(sim, key);
    await connection.fetchMarkets(live());
    sim.injectFault({ match: { kind: 'order_placing' }, fault: 'executed_response_lost', times: 1 });
    const error = await rejectionOf(connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.2, clientOrderId: 'fc00000000000000aa' }, live()));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'network', retryable: true });
    expect(sim.requests.filter((request) => request.kind === 'order_placing')).toHaveLength(1);
    const found = await connection.lookupOrder({ clientOrderId: 'fc00000000000000aa', symbol: 'BTC-USD' }, live());
    expect(found).toMatchObject({ status: 'filled', filledQuantity: 0.2, clientOrderId: 'fc00000000000000aa' });
    expect(sim.state.balances.BTC?.total).toBeCloseTo(0.3, 12);
  });

  it('a sell placed whose read-back fails is reported open with nothing filled, and the lookup by order id settles it', async () => {
    const connection = await connectToSim(sim, key);
    sim.injectFault({ match: { pathIncludes: 'QueryOrders' }, fault: 'http_5xx', times: 1 });
    const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc00000000000000bb' }, live());
    expect(report).toMatchObject({ status: 'open', filledQuantity: 0, requestedQuantity: 0.1 });
    const settled = await connection.lookupOrder({ clientOrderId: 'fc00000000000000bb', symbol: 'BTC-USD', orderId: report.orderId }, live());
    expect(settled).toMatchObject({ orderId: report.orderId, status: 'filled', filledQuantity: 0.1 });
  });

  it('finds the newest order when a client order id was reused after its first order filled', async () => {
    const connection = await connectToSim(sim, key);
    await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: 'fc00000000000000cc' }, live());
    const second = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.05, clientOrderId: 'fc00000000000000cc' }, live());
    const found = await connection.lookupOrder({ clientOrderId: 'fc00000000000000cc', symbol: 'BTC-USD' }, live());
    expect(found).toMatchObject({ orderId: second.orderId, filledQuantity: 0.05 });
  });

  it('returns null for an unknown order id and an unknown client order id', async () => {
    const connection = await connectToSim(sim, key);
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000dd', symbol: 'BTC-USD', orderId: 'ONOPE0-NOPE0-NOPE00' }, live())).toBeNull();
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000dd', symbol: 'BTC-USD' }, live())).toBeNull();
  });

  it('cancels one order by txid, leaving the other order with the same userref open', async () => {
    const connection = await connectToSim(sim, key);
    await connection.cancelOrder({ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'DOT-USD' }, live());
    expect((await connection.fetchOpenOrders(live())).map((order) => order.id)).toEqual(['OAAAAA-BBBBB-CCCCCC']);
    expect((await connection.fetchBalances(live())).find((balance) => balance.asset === 'DOT')).toEqual({ asset: 'DOT', total: 10, free: 9 });
    expect((await rejectionOf(connection.cancelOrder({ id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'DOT-USD' }, live()))).code).toBe('order_not_found');
  });

  it('refuses a digits-only order id without a request: Kraken would read it as a userref and cancel every order carrying it', async () => {
    const connection = await connectToSim(sim, key);
    const error = await rejectionOf(connection.cancelOrder({ id: '42', symbol: 'DOT-USD' }, live()));
    expect(error.code).toBe('order_not_found');
    expect(sim.requests.filter((request) => request.kind === 'cancelling')).toEqual([]);
    expect(sim.state.openOrders).toHaveLength(2);
  });
});
