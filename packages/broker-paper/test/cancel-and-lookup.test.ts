import { describe, expect, it } from 'vitest';
import { connectPaper, fileBytes, never, rejectionOf } from './helpers.js';

describe('paper cancelOrder', () => {
  it('removes the order and frees what it held', async () => {
    const { connection } = await connectPaper();
    await connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, never);
    expect(await connection.fetchOpenOrders(never)).toEqual([]);
    const btc = (await connection.fetchBalances(never)).find((balance) => balance.asset === 'BTC');
    expect(btc).toMatchObject({ total: 0.0001, free: 0.0001 });
  });

  it('rejects an unknown or already cancelled order with order_not_found, changing nothing', async () => {
    const { connection, file } = await connectPaper();
    await connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, never);
    const before = await fileBytes(file);
    const again = await rejectionOf(connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, never));
    expect(again.code).toBe('order_not_found');
    expect(again.retryable).toBe(false);
    expect((await rejectionOf(connection.cancelOrder({ id: 'never-placed', symbol: 'BTC-USD' }, never))).code).toBe('order_not_found');
    expect(await fileBytes(file)).toBe(before);
  });

  it('cancels only the order named, leaving the others', async () => {
    const { connection } = await connectPaper({
      openOrders: [
        { id: 'o1', symbol: 'ETH-USD', side: 'sell', quantity: 1, price: 4000 },
        { id: 'o2', symbol: 'ETH-USD', side: 'sell', quantity: 2, price: 4100 },
      ],
    });
    await connection.cancelOrder({ id: 'o1', symbol: 'ETH-USD' }, never);
    expect((await connection.fetchOpenOrders(never)).map((order) => order.id)).toEqual(['o2']);
  });
});

describe('paper lookupOrder', () => {
  it('finds a filled order by client order id, with or without its order id', async () => {
    const { connection } = await connectPaper();
    const placed = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-look' }, never);
    expect(await connection.lookupOrder({ clientOrderId: 'fc-look', symbol: 'BTC-USD' }, never)).toEqual(placed);
    expect(await connection.lookupOrder({ clientOrderId: 'fc-look', symbol: 'BTC-USD', orderId: placed.orderId }, never)).toEqual(placed);
  });

  it('returns null for an unknown client order id, or an order id that does not match', async () => {
    const { connection } = await connectPaper();
    await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-look' }, never);
    expect(await connection.lookupOrder({ clientOrderId: 'fc-other', symbol: 'BTC-USD' }, never)).toBeNull();
    expect(await connection.lookupOrder({ clientOrderId: 'fc-look', symbol: 'BTC-USD', orderId: 'paper-99' }, never)).toBeNull();
  });

  it('finds a resting order placed with a client order id as open', async () => {
    const { connection } = await connectPaper({
      openOrders: [{ id: 'o1', symbol: 'ETH-USD', side: 'sell', quantity: 1, price: 4000, clientOrderId: 'bot-1' }],
    });
    expect(await connection.lookupOrder({ clientOrderId: 'bot-1', symbol: 'ETH-USD' }, never)).toMatchObject({
      orderId: 'o1',
      status: 'open',
      filledQuantity: 0,
    });
  });
});
