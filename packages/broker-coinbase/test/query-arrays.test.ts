import { describe, expect, it } from 'vitest';
import { openOrderFromWire } from '../src/orders.js';
import { OrderSchema } from '../src/wire-schemas.js';
import { connectTo, live, startCoinbaseSim } from './helpers.js';

/*
 * Trap: axios serialises arrays as `order_status[]=OPEN`, a key Coinbase does not read, so the status
 * filter silently does nothing and every historical order comes back. The plugin sends
 * `order_status=OPEN` (paramsSerializer `{indexes: null}`) and still keeps only status OPEN itself.
 */

const filled = (i: number) => ({
  id: `filled-${i}`,
  clientOrderId: `old-${i}`,
  symbol: 'ETH-USD',
  side: 'sell' as const,
  type: 'market' as const,
  quantity: 0.01,
  filledQuantity: 0.01,
  averagePrice: 3_000,
  status: 'filled' as const,
});

describe('array query parameters', () => {
  it('the exchange applies the OPEN filter: 40 filled orders and 1 open order are one page, not two', async () => {
    const sim = await startCoinbaseSim({
      balances: { ETH: { total: 2 } },
      markets: { 'ETH-USD': { price: 3_000 } },
      openOrders: [{ id: 'open-1', symbol: 'ETH-USD', side: 'sell', quantity: 0.5, price: 4_000 }],
      pastOrders: Array.from({ length: 40 }, (_, i) => filled(i)),
    });
    const orders = await (await connectTo(sim)).fetchOpenOrders(live());
    expect(orders).toEqual([{ id: 'open-1', symbol: 'ETH-USD', base: 'ETH', quote: 'USD', side: 'sell', quantity: 0.5, price: 4_000, clientOrderId: null }]);
    // Unfiltered, 41 orders at 25 a page would take two requests.
    expect(sim.requests.filter((request) => request.path === '/api/v3/brokerage/orders/historical/batch')).toHaveLength(1);
  });

  it('keeps only status OPEN even when the exchange answers with other statuses', () => {
    const base = { product_id: 'ETH-USD', side: 'SELL', client_order_id: '', order_configuration: { limit_limit_gtc: { base_size: '1', limit_price: '4000' } } };
    const statuses = ['OPEN', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED', 'PENDING'];
    const kept = statuses.map((status, i) => openOrderFromWire(OrderSchema.parse({ ...base, order_id: `o${i}`, status }), 'fetchOpenOrders')).filter((order) => order !== null);
    expect(kept.map((order) => order.id)).toEqual(['o0']);
    expect(kept[0]).toMatchObject({ quantity: 1, price: 4_000, clientOrderId: null });
  });
});
