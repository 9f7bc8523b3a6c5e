import { describe, expect, it } from 'vitest';
import {
  ConformanceScenarioSchema,
  expectedBalancesOf,
  paginationScenario,
  standardScenario,
  unpricedScenario,
} from '../src/index.js';

describe('scenarios', () => {
  it('the standard scenario holds what its documentation says', () => {
    expect(Object.fromEntries(expectedBalancesOf(standardScenario()))).toEqual({
      USD: { total: 1000, free: 900 },
      BTC: { total: 0.5, free: 0.5 },
      ETH: { total: 3, free: 2 },
      SOL: { total: 10, free: 7 },
      SHIB: { total: 50000, free: 50000 },
    });
  });

  it('the unpriced scenario adds XYZ without a price, and nothing else', () => {
    const extra = unpricedScenario().holdings.filter((holding) => !standardScenario().holdings.some((known) => known.asset === holding.asset));
    expect(extra).toEqual([{ asset: 'XYZ', quantity: 10, priceUsd: null, market: { minQuantity: 1, quantityStep: 1, minNotional: 1 } }]);
  });

  it('the pagination scenario has the size asked for, one open sell per holding from the first', () => {
    const scenario = paginationScenario({ holdings: 30, openOrders: 12 });
    expect(scenario.holdings).toHaveLength(30);
    expect(scenario.openOrders.map((order) => order.asset)).toEqual(scenario.holdings.slice(0, 12).map((holding) => holding.asset));
    expect(new Set(scenario.holdings.map((holding) => holding.asset)).size).toBe(30);
    expect(paginationScenario().holdings).toHaveLength(260);
  });

  it('refuses an asset twice, an order on an asset not held, and orders holding more than the total', () => {
    const holding = { asset: 'BTC', quantity: 1, priceUsd: 10, market: { minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 } };
    const order = { id: '1', asset: 'BTC', side: 'sell', quantity: 2, price: 20 };
    const messages = (input: unknown) => {
      const result = ConformanceScenarioSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((issue) => issue.message);
    };
    expect(messages({ cash: { BTC: 1 }, holdings: [holding], openOrders: [] })).toEqual(['BTC appears twice']);
    expect(messages({ cash: {}, holdings: [], openOrders: [{ ...order, quantity: 0.5 }] })).toContain('no holding trades BTC');
    expect(messages({ cash: {}, holdings: [holding], openOrders: [order] })).toEqual(['open orders hold 2 BTC, more than its total 1']);
    expect(messages({ cash: {}, holdings: [holding], openOrders: [{ ...order, side: 'buy', quantity: 0.5 }] })).toEqual(['open orders hold 10 USD, more than its total 0']);
  });
});
