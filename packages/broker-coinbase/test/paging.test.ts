import { describe, expect, it } from 'vitest';
import { readAllCursorPages, visitCursorPages, type CursorPage } from '../src/cursor-pages.js';
import { connectTo, live, rejectionOf, startCoinbaseSim } from './helpers.js';

/*
 * Trap: every Coinbase list is paged (accounts 250, orders 25 a page by default). The first page alone hides
 * positions from the cap and open orders from the open-order rules. Every list is read to its end with its
 * cursor; a server that says "more" without a new cursor is malformed, not looped on.
 */

const paths = (sim: Awaited<ReturnType<typeof startCoinbaseSim>>, path: string) => sim.requests.filter((request) => request.path === path);

describe('paging with the cursor', () => {
  it('reads 600 accounts in three pages of 250', async () => {
    const balances = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`A${String(i).padStart(3, '0')}`, { total: i + 1 }]));
    const sim = await startCoinbaseSim({ balances });
    const read = await (await connectTo(sim)).fetchBalances(live());
    expect(read).toHaveLength(600);
    expect(read.find((balance) => balance.asset === 'A599')).toEqual({ asset: 'A599', total: 600, free: 600 });
    expect(paths(sim, '/api/v3/brokerage/accounts')).toHaveLength(3);
  });

  it('reads 60 open orders in three pages of 25', async () => {
    const markets = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`T${i}-USD`, { price: 10 }]));
    const balances = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`T${i}`, { total: 5 }]));
    const openOrders = Array.from({ length: 60 }, (_, i) => ({ id: `open-${i}`, symbol: `T${i}-USD`, side: 'sell' as const, quantity: 1, price: 20 }));
    const sim = await startCoinbaseSim({ balances, markets, openOrders });
    const orders = await (await connectTo(sim)).fetchOpenOrders(live());
    expect(new Set(orders.map((order) => order.id)).size).toBe(60);
    expect(paths(sim, '/api/v3/brokerage/orders/historical/batch')).toHaveLength(3);
  });

  it('looks an order up past the first page of the product’s history', async () => {
    const pastOrders = Array.from({ length: 230 }, (_, i) => ({
      id: `past-${i}`, clientOrderId: `c-${i}`, symbol: 'ETH-USD', side: 'sell' as const, type: 'market' as const,
      quantity: 0.01, filledQuantity: 0.01, averagePrice: 3_000 + i, status: 'filled' as const,
    }));
    const sim = await startCoinbaseSim({ balances: { ETH: { total: 1 } }, markets: { 'ETH-USD': { price: 3_000 } }, pastOrders });
    const connection = await connectTo(sim);
    // Coinbase lists newest first: the oldest order is on the third page of 100.
    expect(await connection.lookupOrder({ clientOrderId: 'c-0', symbol: 'ETH-USD' }, live())).toMatchObject({ orderId: 'past-0', averagePrice: 3_000, status: 'filled' });
    expect(paths(sim, '/api/v3/brokerage/orders/historical/batch')).toHaveLength(3);
    expect(await connection.lookupOrder({ clientOrderId: 'c-229', symbol: 'ETH-USD' }, live())).toMatchObject({ orderId: 'past-229', averagePrice: 3_229 });
    // Found on the first page: no further page was read.
    expect(paths(sim, '/api/v3/brokerage/orders/historical/batch')).toHaveLength(4);
  });
});

describe('cursor guards', () => {
  const pages = (list: Array<CursorPage<number>>) => {
    let index = 0;
    const asked: Array<string | null> = [];
    return {
      asked,
      fetch: async (cursor: string | null) => {
        asked.push(cursor);
        const page = list[index++];
        if (!page) throw new Error('read past the last page');
        return page;
      },
    };
  };

  it('passes each cursor back and stops at the last page', async () => {
    const source = pages([{ items: [1, 2], hasNext: true, cursor: 'c1' }, { items: [3], hasNext: true, cursor: 'c2' }, { items: [4], hasNext: false, cursor: '' }]);
    expect(await readAllCursorPages('fetchBalances', source.fetch)).toEqual([1, 2, 3, 4]);
    expect(source.asked).toEqual([null, 'c1', 'c2']);
  });

  it('rejects "has_next" without a cursor, and a repeated cursor, as malformed_response', async () => {
    const noCursor = pages([{ items: [1], hasNext: true, cursor: '' }]);
    expect(await rejectionOf(readAllCursorPages('fetchOpenOrders', noCursor.fetch))).toMatchObject({ code: 'malformed_response', retryable: false });
    const looping = pages([{ items: [1], hasNext: true, cursor: 'same' }, { items: [2], hasNext: true, cursor: 'same' }]);
    const error = await rejectionOf(readAllCursorPages('fetchOpenOrders', looping.fetch));
    expect(error).toMatchObject({ code: 'malformed_response' });
    expect(error.message).toMatch(/repeats an earlier cursor/);
  });

  it('stops as soon as the visitor has found what it looks for', async () => {
    const source = pages([{ items: [1, 2], hasNext: true, cursor: 'c1' }, { items: [3], hasNext: false, cursor: '' }]);
    await visitCursorPages('lookupOrder', source.fetch, (items) => items.includes(2));
    expect(source.asked).toEqual([null]);
  });
});
