import { afterEach, describe, expect, it } from 'vitest';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { never, rejectionOf } from './helpers/broker-context.js';
import { connectToSim, type SimAccount } from './helpers/sim-accounts.js';

/*
 * What the conformance suite does not pin down, on the simulated Binance: minimums enforced before
 * anything is sent, the stuck case from ccxt's rounding, Retry-After, a truncated answer refused rather
 * than read as "no balances", an unclear sell resolved by lookup, and dust conversion.
 */

const state: SimStateInput = {
  balances: { USDT: { total: 300 }, BTC: { total: 0.0031 }, ETH: { free: 0.02, locked: 0.03 }, TRX: { total: 3 }, PEPE: { total: 8000 }, SHIB: { total: 0.4 }, XYZ: { total: 5 } },
  markets: {
    'BTC-USDT': { price: 97000, minQuantity: 0.0001, quantityStep: 0.00001, minNotional: 5 },
    'ETH-USDT': { price: 3400, minQuantity: 0.0001, quantityStep: 0.0001, minNotional: 5 },
    'BNB-USDT': { price: 600, minQuantity: 0.001, quantityStep: 0.001, minNotional: 5 },
    'TRX-USDT': { price: 0.25, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
    'PEPE-USDT': { price: 0.00001, minQuantity: 1, quantityStep: 1, minNotional: 1 },
    'SHIB-USDT': { price: 0.00002, minQuantity: 1, quantityStep: 1, minNotional: 1 },
    'XYZ-USDT': { price: null, minQuantity: 1, quantityStep: 1, minNotional: 1 },
  },
  openOrders: [{ id: '3456789012', clientOrderId: 'web_tp_eth_0001', symbol: 'ETH-USDT', side: 'sell', quantity: 0.03, price: 4200 }],
};

let account: SimAccount | undefined;
afterEach(async () => {
  await account?.stop();
  account = undefined;
});

async function binance(options: Record<string, unknown> = {}): Promise<SimAccount> {
  account = await connectToSim('binance', state, options);
  return account;
}

const placing = (sim: SimAccount['sim']) => sim.requests.filter((request) => request.kind === 'order_placing');

describe('broker-ccxt on the simulated Binance', () => {
  it('refuses sells below the minimums as below_minimum before sending anything', async () => {
    const { connection, sim } = await binance();
    // 0.4 SHIB rounds down to 0 at the step of 1: ccxt's amountToPrecision throws, the position is stuck.
    const rounding = await rejectionOf(connection.placeMarketSell({ symbol: 'SHIB-USDT', quantity: 0.4, clientOrderId: 'fc0000000000000001' }, never));
    expect(rounding).toMatchObject({ code: 'below_minimum', retryable: false });
    expect(rounding.message).toBe("SHIB-USDT: 0.4 rounds down to 0 at the market's quantity step 1; the position is stuck");
    const notional = await rejectionOf(connection.placeMarketSell({ symbol: 'PEPE-USDT', quantity: 8000, clientOrderId: 'fc0000000000000002' }, never));
    expect(notional.message).toBe('PEPE-USDT: 8000 PEPE at 0.00001 is worth 0.08 USDT, below the minimum notional 1 USDT; the position is stuck');
    const quantity = await rejectionOf(connection.placeMarketSell({ symbol: 'BTC-USDT', quantity: 0.000059, clientOrderId: 'fc0000000000000003' }, never));
    expect(quantity.message).toBe('BTC-USDT: 0.00005 BTC is below the minimum quantity 0.0001; the position is stuck');
    expect(placing(sim)).toEqual([]);
  });

  it('sells with the client order id, finds it again by client order id alone, and rounds down to the step', async () => {
    const { connection, sim } = await binance();
    const report = await connection.placeMarketSell({ symbol: 'BTC-USDT', quantity: 0.0010099, clientOrderId: 'fc00000000000000aa' }, never);
    expect(report).toEqual({
      orderId: expect.any(String),
      clientOrderId: 'fc00000000000000aa',
      symbol: 'BTC-USDT',
      side: 'sell',
      status: 'filled',
      requestedQuantity: 0.001,
      filledQuantity: 0.001,
      averagePrice: 97000,
    });
    expect(sim.state.balances['BTC']?.total).toBeCloseTo(0.0021, 12);
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000aa', symbol: 'BTC-USDT' }, never)).toEqual(report);
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000ab', symbol: 'BTC-USDT' }, never)).toBeNull();
    expect(await connection.lookupOrder({ clientOrderId: 'fc00000000000000aa', symbol: 'NOPE-USDT' }, never)).toBeNull();
  });

  it('reports a sell of held funds as insufficient_funds, and a market it does not have as market_not_found', async () => {
    const { connection } = await binance();
    expect(await rejectionOf(connection.placeMarketSell({ symbol: 'ETH-USDT', quantity: 0.04, clientOrderId: 'fc0000000000000004' }, never))).toMatchObject({
      code: 'insufficient_funds',
      retryable: false,
    });
    expect(await rejectionOf(connection.placeMarketSell({ symbol: 'DOGE-USDT', quantity: 1, clientOrderId: 'fc0000000000000005' }, never))).toMatchObject({
      code: 'market_not_found',
    });
  });

  it('resolves a sell whose answer was lost: the error is retryable-unclear, the lookup finds the fill', async () => {
    const { connection, sim } = await binance();
    sim.injectFault({ fault: 'executed_response_lost', match: { kind: 'order_placing' }, times: 1 });
    const lost = await rejectionOf(connection.placeMarketSell({ symbol: 'BTC-USDT', quantity: 0.001, clientOrderId: 'fc00000000000000bb' }, never));
    expect(lost.code).toBe('network');
    const found = await connection.lookupOrder({ clientOrderId: 'fc00000000000000bb', symbol: 'BTC-USDT' }, never);
    expect(found).toMatchObject({ clientOrderId: 'fc00000000000000bb', status: 'filled', filledQuantity: 0.001 });
    expect(placing(sim)).toHaveLength(1);
  });

  it('passes the Retry-After of a 429 on, and times out a call the exchange never answers', async () => {
    const { connection, sim } = await binance({ timeoutMs: 1_000 });
    sim.injectFault({ fault: 'http_429', retryAfterSeconds: 3, times: 1 });
    expect(await rejectionOf(connection.fetchBalances(never))).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    sim.injectFault({ fault: 'timeout', times: 1 });
    expect(await rejectionOf(connection.fetchOpenOrders(never))).toMatchObject({ code: 'timeout', retryable: true });
    expect(await connection.fetchOpenOrders(never)).toHaveLength(1);
  });

  it('refuses a truncated answer instead of reading it as an empty account', async () => {
    const { connection, sim } = await binance();
    await connection.fetchMarkets(never);
    sim.injectFault({ fault: 'malformed_json', match: { pathIncludes: '/account' }, times: 1 });
    const error = await rejectionOf(connection.fetchBalances(never));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toBe('ccxt binance fetchBalances: the exchange answered GET with HTTP 200 and a body that is not valid JSON (20 characters)');
    expect((await connection.fetchBalances(never)).map((balance) => balance.asset)).toEqual(['BTC', 'ETH', 'PEPE', 'SHIB', 'TRX', 'USDT', 'XYZ']);
  });

  it('reads free balances net of open orders, and prices a market without a last trade null', async () => {
    const { connection } = await binance();
    const eth = (await connection.fetchBalances(never)).find((balance) => balance.asset === 'ETH');
    expect(eth).toEqual({ asset: 'ETH', total: 0.05, free: 0.02 });
    expect(await connection.fetchPrices(['BTC-USDT', 'XYZ-USDT', 'NOPE-USDT'], never)).toEqual({ 'BTC-USDT': 97000, 'XYZ-USDT': null, 'NOPE-USDT': null });
  });

  it('converts dust to BNB in one request, and reports what Binance refuses per asset', async () => {
    const { connection, sim } = await binance();
    const convertDust = connection.convertDust?.bind(connection);
    if (convertDust === undefined) throw new Error('binance declares dust conversion');
    // BTC is worth more than 0.001 BTC: not offered for conversion, so it is refused without asking.
    const first = await convertDust(['TRX', 'PEPE', 'BTC'], never);
    expect(first.converted).toEqual(['TRX', 'PEPE']);
    expect(first.refused).toEqual([{ asset: 'BTC', reason: 'Binance does not offer to convert it (nothing free, no market, or worth 0.001 BTC or more)' }]);
    expect([sim.state.balances['TRX']?.total, sim.state.balances['PEPE']?.total]).toEqual([0, 0]);
    expect(sim.state.balances['BNB']?.total).toBeGreaterThan(0);
    expect(placing(sim).map((request) => request.path)).toEqual(['/sapi/v1/asset/dust']);
    // Binance allows one conversion per 24 hours: a refusal of the request, reported, not thrown.
    const second = await convertDust(['SHIB'], never);
    expect(second).toEqual({ converted: [], refused: [{ asset: 'SHIB', reason: 'Only transfer once in 24 hours.' }] });
  });

  it('reports a revoked key as auth_failed even after the key has worked', async () => {
    const { connection, sim } = await binance();
    await connection.fetchBalances(never);
    sim.state.credentials.binance.splice(0);
    expect(await rejectionOf(connection.fetchBalances(never))).toMatchObject({ code: 'auth_failed', retryable: false });
  });

  it('rejects at once when aborted mid-call, and the next call still works', async () => {
    const { connection, sim } = await binance();
    sim.setLatency(300);
    const controller = new AbortController();
    const pending = connection.fetchBalances(controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await rejectionOf(pending)).toMatchObject({ code: 'aborted', retryable: false });
    sim.setLatency(0);
    expect((await connection.fetchOpenOrders(never)).map((order) => order.id)).toEqual(['3456789012']);
  });
});
