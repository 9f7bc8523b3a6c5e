import { describe, expect, it } from 'vitest';
import { readPaperState } from '../src/index.js';
import { connectPaper, EXAMPLE_PAPER, fileBytes, never, rejectionOf } from './helpers.js';

describe('paper market sell', () => {
  it('removes the quantity, credits the quote, appends a fill and reports it filled', async () => {
    const { connection, stateDir } = await connectPaper();
    const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00003, clientOrderId: 'fc-run1-btc' }, never);
    expect(report).toEqual({
      orderId: 'paper-1',
      clientOrderId: 'fc-run1-btc',
      symbol: 'BTC-USD',
      side: 'sell',
      status: 'filled',
      requestedQuantity: 0.00003,
      filledQuantity: 0.00003,
      averagePrice: 50000,
    });
    const state = await readPaperState(stateDir, 'platform_paper');
    expect(state?.cash).toEqual({ USD: 26.5 });
    expect(state?.positions[0]).toMatchObject({ symbol: 'BTC-USD', quantity: 0.00007 });
    expect(state?.fills).toEqual([
      { orderId: 'paper-1', clientOrderId: 'fc-run1-btc', symbol: 'BTC-USD', side: 'sell', quantity: 0.00003, price: 50000, at: expect.any(String) },
    ]);
    expect(Number.isNaN(Date.parse(state?.fills[0]?.at ?? ''))).toBe(false);
    expect(state?.nextOrderNumber).toBe(2);
  });

  it('deletes a position sold to zero and opens a cash balance for a new quote', async () => {
    const { connection, stateDir } = await connectPaper({ positions: [{ symbol: 'SHIB-USDT', quantity: 100000, price: 0.00001 }] });
    await connection.placeMarketSell({ symbol: 'SHIB-USDT', quantity: 100000, clientOrderId: 'fc-shib' }, never);
    const state = await readPaperState(stateDir, 'platform_paper');
    expect(state?.positions).toEqual([]);
    expect(state?.cash).toEqual({ USDT: 1 });
    expect(await connection.fetchBalances(never)).toEqual([{ asset: 'USDT', total: 1, free: 1, entryPrice: null, openedAt: null }]);
    // With no position, open order or rule left, the exchange no longer lists the market.
    expect(await connection.fetchMarkets(never)).toEqual([]);
  });

  it('credits a quote that is itself a position to that position', async () => {
    const { connection } = await connectPaper({
      positions: [
        { symbol: 'ETH-BTC', quantity: 1, price: 0.05 },
        { symbol: 'BTC-USD', quantity: 0.1, price: 50000 },
      ],
    });
    await connection.placeMarketSell({ symbol: 'ETH-BTC', quantity: 1, clientOrderId: 'fc-eth' }, never);
    expect(await connection.fetchBalances(never)).toEqual([{ asset: 'BTC', total: 0.15, free: 0.15, entryPrice: null, openedAt: null }]);
  });

  it('tolerates float noise in the step check and sells a whole balance computed in floats', async () => {
    const { connection, stateDir } = await connectPaper({
      positions: [{ symbol: 'ETH-USD', quantity: 0.3, price: 100 }],
      markets: { 'ETH-USD': { quantityStep: 0.1 } },
    });
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
    await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.1 + 0.2, clientOrderId: 'fc-eth' }, never);
    expect((await readPaperState(stateDir, 'platform_paper'))?.positions).toEqual([]);
  });

  describe('rejections change nothing', () => {
    const rejected: Array<[string, { symbol: string; quantity: number }, string]> = [
      ['below the minimum quantity', { symbol: 'BTC-USD', quantity: 0.000009 }, 'below_minimum'],
      ['below the minimum notional', { symbol: 'BTC-USD', quantity: 0.00001 }, 'below_minimum'],
      ['not a multiple of the step', { symbol: 'BTC-USD', quantity: 0.000045001 }, 'invalid_order'],
      ['a zero quantity', { symbol: 'BTC-USD', quantity: 0 }, 'invalid_order'],
      ['a negative quantity', { symbol: 'BTC-USD', quantity: -0.00005 }, 'invalid_order'],
      ['a NaN quantity', { symbol: 'BTC-USD', quantity: Number.NaN }, 'invalid_order'],
      ['an unknown symbol', { symbol: 'ETH-USD', quantity: 1 }, 'market_not_found'],
      ['an unpriced position', { symbol: 'XYZ-USD', quantity: 1 }, 'invalid_order'],
      ['more than the free balance (an open sell holds the rest)', { symbol: 'BTC-USD', quantity: 0.00006 }, 'insufficient_funds'],
      ['more than the whole balance', { symbol: 'BTC-USD', quantity: 0.001 }, 'insufficient_funds'],
    ];
    it.each(rejected)('rejects %s', async (_name, order, code) => {
      const { connection, file } = await connectPaper(EXAMPLE_PAPER);
      const before = await fileBytes(file);
      const error = await rejectionOf(connection.placeMarketSell({ ...order, clientOrderId: 'fc-x' }, never));
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(false);
      expect(await fileBytes(file)).toBe(before);
      // A rejected order leaves no trace: its client order id is not taken.
      expect(await connection.lookupOrder({ clientOrderId: 'fc-x', symbol: order.symbol }, never)).toBeNull();
    });

    it('rejects a market known only from its rules, having no price to fill against', async () => {
      const { connection, file } = await connectPaper({ markets: { 'ETH-USD': { minQuantity: 0.001 } } });
      const before = await fileBytes(file);
      expect((await rejectionOf(connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: 'fc-e' }, never))).code).toBe(
        'invalid_order',
      );
      expect(await fileBytes(file)).toBe(before);
    });

    it('sells what cancelling the open order frees', async () => {
      const { connection } = await connectPaper();
      await connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, never);
      const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.0001, clientOrderId: 'fc-all' }, never);
      expect(report.filledQuantity).toBe(0.0001);
    });
  });

  describe('client order ids', () => {
    it('returns the existing order for a reused client order id and sells nothing more', async () => {
      const { connection, file } = await connectPaper();
      const first = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00002, clientOrderId: 'fc-dup' }, never);
      const after = await fileBytes(file);
      const again = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00002, clientOrderId: 'fc-dup' }, never);
      expect(again).toEqual(first);
      expect(await fileBytes(file)).toBe(after);
      // Even a different request under the same id returns the original order, as the id names it.
      const different = await connection.placeMarketSell({ symbol: 'XYZ-USD', quantity: 5, clientOrderId: 'fc-dup' }, never);
      expect(different).toEqual(first);
    });

    it('returns an open order placed with that client order id as open, unfilled', async () => {
      const { connection } = await connectPaper({
        positions: [{ symbol: 'ETH-USD', quantity: 2, price: 3000 }],
        openOrders: [{ id: 'o-9', symbol: 'ETH-USD', side: 'sell', quantity: 1, price: 4000, clientOrderId: 'fc-open' }],
      });
      const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: 'fc-open' }, never);
      expect(report).toEqual({
        orderId: 'o-9',
        clientOrderId: 'fc-open',
        symbol: 'ETH-USD',
        side: 'sell',
        status: 'open',
        requestedQuantity: 1,
        filledQuantity: 0,
        averagePrice: null,
      });
    });

    it('draws order ids that never collide with ids written in the config', async () => {
      const { connection } = await connectPaper({
        positions: [{ symbol: 'ETH-USD', quantity: 2, price: 3000 }],
        openOrders: [{ id: 'paper-1', symbol: 'SOL-USD', side: 'buy', quantity: 1 }],
      });
      const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: 'fc-1' }, never);
      expect(report.orderId).toBe('paper-2');
    });
  });
});
