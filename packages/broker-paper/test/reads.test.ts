import { describe, expect, it } from 'vitest';
import { connectPaper, never } from './helpers.js';

describe('paper reads', () => {
  it('reports one balance per asset held, with funds held by a sell order not free', async () => {
    const { connection } = await connectPaper();
    expect(await connection.fetchBalances(never)).toEqual([
      { asset: 'USD', total: 25, free: 25, entryPrice: null, openedAt: null },
      { asset: 'BTC', total: 0.0001, free: 0.00005, entryPrice: 48780.49, openedAt: '2026-02-01T10:00:00Z' },
      { asset: 'XYZ', total: 10, free: 10, entryPrice: null, openedAt: null },
    ]);
  });

  it('holds quote cash for buy orders, sums several orders, and never reports free below 0', async () => {
    const { connection } = await connectPaper({
      cash: { USD: 100, USDT: 0, EUR: 3 },
      positions: [
        { symbol: 'ETH-USD', quantity: 2, price: 3000 },
        { symbol: 'DOGE-USD', quantity: 5, price: 0.1 },
        { symbol: 'GONE-USD', quantity: 0, price: 1 },
      ],
      openOrders: [
        { id: 'b1', symbol: 'SOL-USD', side: 'buy', quantity: 2, price: 20 },
        { id: 'b2', symbol: 'ADA-USD', side: 'buy', quantity: 10, price: 0.5 },
        { id: 'b3', symbol: 'ADA-EUR', side: 'buy', quantity: 10 },
        { id: 's1', symbol: 'ETH-USD', side: 'sell', quantity: 0.5, price: 3500 },
        { id: 's2', symbol: 'ETH-USD', side: 'sell', quantity: 0.25, price: 3600 },
        { id: 's3', symbol: 'DOGE-USD', side: 'sell', quantity: 8, price: 0.2 },
      ],
    });
    expect(await connection.fetchBalances(never)).toEqual([
      { asset: 'USD', total: 100, free: 55, entryPrice: null, openedAt: null },
      { asset: 'EUR', total: 3, free: 3, entryPrice: null, openedAt: null },
      { asset: 'ETH', total: 2, free: 1.25, entryPrice: null, openedAt: null },
      { asset: 'DOGE', total: 5, free: 0, entryPrice: null, openedAt: null },
    ]);
  });

  it('lists every market of positions, rules and open orders, with missing rules as null', async () => {
    const { connection } = await connectPaper({
      positions: [{ symbol: 'BTC-USD', quantity: 1, price: 50000 }],
      markets: { 'BTC-USD': { minQuantity: 0.00001, minNotional: 1 }, 'ETH-USDC': { quantityStep: 0.001 } },
      openOrders: [{ id: 'o1', symbol: 'SOL-USD', side: 'buy', quantity: 1, price: 10 }],
    });
    expect(await connection.fetchMarkets(never)).toEqual([
      { symbol: 'BTC-USD', base: 'BTC', quote: 'USD', minQuantity: 0.00001, quantityStep: null, minNotional: 1 },
      { symbol: 'ETH-USDC', base: 'ETH', quote: 'USDC', minQuantity: null, quantityStep: 0.001, minNotional: null },
      { symbol: 'SOL-USD', base: 'SOL', quote: 'USD', minQuantity: null, quantityStep: null, minNotional: null },
    ]);
  });

  it('prices a position at its price when usable, anything else as null', async () => {
    const { connection } = await connectPaper({
      positions: [
        { symbol: 'BTC-USD', quantity: 1, price: 50000 },
        { symbol: 'XYZ-USD', quantity: 1, price: 'soon' },
        { symbol: 'NEG-USD', quantity: 1, price: -1 },
        { symbol: 'ZERO-USD', quantity: 0, price: 2 },
      ],
      markets: { 'ETH-USD': {} },
    });
    expect(await connection.fetchPrices(['BTC-USD', 'XYZ-USD', 'NEG-USD', 'ZERO-USD', 'ETH-USD', 'NOPE-USD'], never)).toEqual({
      'BTC-USD': 50000,
      'XYZ-USD': null,
      'NEG-USD': null,
      'ZERO-USD': 2,
      'ETH-USD': null,
      'NOPE-USD': null,
    });
    expect(await connection.fetchPrices([], never)).toEqual({});
  });

  it('lists open orders in the contract form', async () => {
    const { connection } = await connectPaper({
      openOrders: [
        { id: 'abc123', symbol: 'BTC-USD', side: 'sell', quantity: 0.00005, price: 60000 },
        { id: 'def456', symbol: 'ETH-USDT', side: 'buy', quantity: 1, clientOrderId: 'bot-7' },
      ],
    });
    expect(await connection.fetchOpenOrders(never)).toEqual([
      { id: 'abc123', symbol: 'BTC-USD', base: 'BTC', quote: 'USD', side: 'sell', quantity: 0.00005, price: 60000, clientOrderId: null },
      { id: 'def456', symbol: 'ETH-USDT', base: 'ETH', quote: 'USDT', side: 'buy', quantity: 1, price: null, clientOrderId: 'bot-7' },
    ]);
  });
});
