import { describe, expect, it } from 'vitest';
import { cancelRefusalError, orderRefusalError } from '../src/errors.js';
import { createRedactor } from '../src/redactor.js';
import { connectTo, ecdsaKey, live, rejectionOf, renderings, startCoinbaseSim } from './helpers.js';

/*
 * Trap: Coinbase refuses an order with HTTP 200 and `success: false`. Read as a success, a refused dust sell
 * would be recorded as closed (or retried forever). Each refusal becomes the contract error its reason means,
 * never retryable.
 */

const state = {
  balances: { USD: { total: 100 }, BTC: { total: 0.0523 }, DOGE: { total: 2.1 }, SHIB: { total: 150_000 }, ETH: { total: 0.8 } },
  markets: {
    'BTC-USD': { price: 97_000, minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 },
    'DOGE-USD': { price: 0.38, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
    'SHIB-USD': { price: 0.0000245, minQuantity: 1, quantityStep: 1, minNotional: 1 },
    'ETH-USD': { price: 3_400, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: null },
    'NOBID-USD': { price: null, minQuantity: 1, quantityStep: 1, minNotional: 1 },
  },
  openOrders: [{ id: 'btc-tp', symbol: 'BTC-USD', side: 'sell' as const, quantity: 0.01, price: 120_000 }],
};

describe('orders Coinbase refuses (HTTP 200, success: false)', () => {
  it('maps each refusal to its contract code, sells nothing, and the answers were HTTP 200', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    const cases: Array<[string, number, string, RegExp]> = [
      ['BTC-USD', 0.00005, 'below_minimum', /PREVIEW_INVALID_BASE_SIZE_TOO_SMALL/],
      ['SHIB-USD', 30_000, 'below_minimum', /PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL/],
      ['DOGE-USD', 0.15, 'invalid_order', /INVALID_SIZE_PRECISION/],
      ['NOPE-USD', 1, 'market_not_found', /INVALID_PRODUCT_ID/],
      ['BTC-USD', 0.05, 'insufficient_funds', /INSUFFICIENT_FUND/],
      ['NOBID-USD', 5, 'invalid_order', /NO_LIQUIDITY/],
    ];
    for (const [symbol, quantity, code, reason] of cases) {
      const error = await rejectionOf(connection.placeMarketSell({ symbol, quantity, clientOrderId: `fc-${symbol}-${quantity}` }, live()));
      expect(error, `${symbol} ${quantity}`).toMatchObject({ code, retryable: false });
      expect(error.message).toMatch(reason);
      expect(renderings(error)).not.toContain(ecdsaKey.keyName);
    }
    const placing = sim.requests.filter((request) => request.kind === 'order_placing');
    expect(placing.map((request) => request.status)).toEqual(cases.map(() => 200));
    expect(sim.state.pastOrders).toEqual([]);
    expect(sim.state.balances.BTC?.total).toBe(0.0523);
  });

  it('reports an accepted sell with its fill, sizing it as a plain decimal without float noise or exponent', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    // 1e-7 printed naively is "1e-7"; 0.1 + 0.2 is 0.30000000000000004 (not a multiple of 1e-8).
    expect(await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1e-7, clientOrderId: 'fc-tiny' }, live())).toMatchObject({
      clientOrderId: 'fc-tiny', symbol: 'ETH-USD', side: 'sell', status: 'filled', requestedQuantity: 1e-7, filledQuantity: 1e-7, averagePrice: 3_400,
    });
    const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.1 + 0.2, clientOrderId: 'fc-noise' }, live());
    expect(report).toMatchObject({ status: 'filled', filledQuantity: 0.3 });
    expect(sim.state.balances.ETH?.total).toBeCloseTo(0.8 - 0.3 - 1e-7, 12);
  });

  it('refuses nonsensical requests before sending anything', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    for (const request of [
      { symbol: 'ETHUSD', quantity: 1, clientOrderId: 'fc-a' },
      { symbol: 'ETH-USD', quantity: 0, clientOrderId: 'fc-b' },
      { symbol: 'ETH-USD', quantity: Number.NaN, clientOrderId: 'fc-c' },
      { symbol: 'ETH-USD', quantity: 1, clientOrderId: '' },
    ]) {
      expect(await rejectionOf(connection.placeMarketSell(request, live()))).toMatchObject({ code: 'invalid_order', retryable: false });
    }
    expect(sim.requests.filter((request) => request.kind === 'order_placing')).toEqual([]);
  });

  it('reads the reason from whichever field carries it, then from the message', () => {
    const redact = createRedactor([]);
    expect(orderRefusalError({ failureReason: 'UNKNOWN_FAILURE_REASON', error: 'UNKNOWN_FAILURE_REASON', message: 'Order size is too small' }, redact).code).toBe('below_minimum');
    expect(orderRefusalError({ newOrderFailureReason: 'INSUFFICIENT_FUND' }, redact).code).toBe('insufficient_funds');
    expect(orderRefusalError({ error: 'SOMETHING_NEW', message: 'Insufficient balance in source account' }, redact).code).toBe('insufficient_funds');
    expect(orderRefusalError({ error: 'SOMETHING_NEW' }, redact)).toMatchObject({ code: 'invalid_order', retryable: false, message: 'Coinbase refused the order: SOMETHING_NEW' });
    const echoed = orderRefusalError({ error: 'UNAUTHENTICATED', message: 'bad token Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln for organizations/o/apiKeys/k' }, redact);
    expect(echoed.code).toBe('auth_failed');
    expect(echoed.message).not.toMatch(/eyJ|Bearer|apiKeys/);
  });
});

describe('cancels Coinbase refuses', () => {
  it('an unknown or already-cancelled order is order_not_found; the first cancel frees its hold', async () => {
    const sim = await startCoinbaseSim(state);
    const connection = await connectTo(sim);
    await connection.cancelOrder({ id: 'btc-tp', symbol: 'BTC-USD' }, live());
    expect((await connection.fetchBalances(live())).find((balance) => balance.asset === 'BTC')).toEqual({ asset: 'BTC', total: 0.0523, free: 0.0523 });
    expect(await rejectionOf(connection.cancelOrder({ id: 'btc-tp', symbol: 'BTC-USD' }, live()))).toMatchObject({ code: 'order_not_found', retryable: false });
    expect(await rejectionOf(connection.cancelOrder({ id: 'never-existed', symbol: 'BTC-USD' }, live()))).toMatchObject({ code: 'order_not_found' });
  });

  it('maps the cancel failure reasons (a duplicate cancel means the order is going: not an error)', () => {
    const redact = createRedactor([]);
    expect(cancelRefusalError('o', 'ORDER_IS_FULLY_FILLED', redact)?.code).toBe('order_not_found');
    expect(cancelRefusalError('o', 'DUPLICATE_CANCEL_REQUEST', redact)).toBeNull();
    expect(cancelRefusalError('o', 'NOT_ALLOWED_TO_CANCEL', redact)?.code).toBe('permission_denied');
    expect(cancelRefusalError('o', undefined, redact)?.code).toBe('invalid_order');
  });
});
