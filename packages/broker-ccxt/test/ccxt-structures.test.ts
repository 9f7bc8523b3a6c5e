import { describe, expect, it } from 'vitest';
import { balancesOf } from '../src/balances.js';
import { CcxtMarketSchema, type CcxtOrder } from '../src/ccxt-shapes.js';
import { MarketIndex, PRECISION_MODE, contractSymbolOfUnindexed, quantityStepOf, sizeSell } from '../src/index.js';
import { statusOf, toOpenOrder, toOrderReport } from '../src/orders.js';

/*
 * ccxt's unified structures as the contract's values: market rules in every precision mode, spot markets
 * only, balances with and without `free`, order statuses read from quantities, never assumed.
 */

const market = (symbol: string, extra: Record<string, unknown> = {}) => {
  const [base, quote] = symbol.split('/');
  return CcxtMarketSchema.parse({ symbol, base, quote, spot: true, active: true, precision: { amount: 0.001 }, limits: { amount: { min: 0.01 }, cost: { min: 5 } }, ...extra });
};

describe('markets', () => {
  it('keeps active spot markets in BASE-QUOTE form, with their rules; a zero minimum is none', () => {
    const index = new MarketIndex(
      [
        market('BTC/USDT'),
        market('BTC/USDT:USDT', { spot: false, type: 'swap' }),
        market('OLD/USDT', { active: false }),
        market('ETH/USDT', { limits: { amount: { min: 0 }, cost: { min: null } }, baseId: 'ETH2' }),
      ],
      PRECISION_MODE.TICK_SIZE,
    );
    expect(index.rules()).toEqual([
      { symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', minQuantity: 0.01, quantityStep: 0.001, minNotional: 5 },
      { symbol: 'ETH-USDT', base: 'ETH', quote: 'USDT', minQuantity: null, quantityStep: 0.001, minNotional: null },
    ]);
    expect(index.market('BTC-USDT')?.ccxtSymbol).toBe('BTC/USDT');
    expect(index.contractSymbol('BTC/USDT:USDT')).toBeUndefined();
    expect([index.assetId('ETH'), index.assetId('DOGE')]).toEqual(['ETH2', 'DOGE']);
    expect(contractSymbolOfUnindexed('BTC/USDT:USDT')).toEqual({ symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT' });
  });

  it('reads the step in each of ccxt precision modes', () => {
    expect(quantityStepOf(0.001, PRECISION_MODE.TICK_SIZE)).toBe(0.001);
    expect(quantityStepOf(3, PRECISION_MODE.DECIMAL_PLACES)).toBe(0.001);
    expect(quantityStepOf(0, PRECISION_MODE.DECIMAL_PLACES)).toBe(1);
    expect(quantityStepOf(4, PRECISION_MODE.SIGNIFICANT_DIGITS)).toBeNull();
    expect(quantityStepOf(undefined, PRECISION_MODE.TICK_SIZE)).toBeNull();
  });

  it('sizes a sell with the exchange rounding and leaves the notional to the exchange when unpriced', () => {
    const rules = { symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', minQuantity: 0.01, quantityStep: 0.001, minNotional: 5 };
    const roundToStep = (quantity: number) => (Math.floor(quantity * 1000) / 1000).toFixed(3);
    expect(sizeSell({ quantity: 0.0129, rules, roundToStep, price: 1000 })).toBe(0.012);
    expect(sizeSell({ quantity: 0.0129, rules, roundToStep, price: null })).toBe(0.012);
    expect(() => sizeSell({ quantity: 0.0129, rules, roundToStep, price: 100 })).toThrow('below the minimum notional 5 USDT');
    expect(() => sizeSell({ quantity: Number.NaN, rules, roundToStep, price: 100 })).toThrow('cannot sell a quantity of NaN');
  });
});

describe('balances', () => {
  const reading = { exchange: 'test', trackingSuffix: null };

  it('reports non-zero totals, with free from ccxt, or total minus used, or minus what orders hold', () => {
    const balance = { total: { A: 10, B: 4, C: 2, D: 0, E: undefined }, free: { A: 6 }, used: { B: 1 } };
    expect(balancesOf(balance, { ...reading, heldByOpenOrders: new Map([['C', 0.5]]) })).toEqual([
      { asset: 'A', total: 10, free: 6 },
      { asset: 'B', total: 4, free: 3 },
      { asset: 'C', total: 2, free: 1.5 },
    ]);
  });

  it('refuses a negative balance or more free than in total: malformed_response', () => {
    expect(() => balancesOf({ total: { A: -1 } }, reading)).toThrow('A has a negative total');
    expect(() => balancesOf({ total: { A: 1 }, free: { A: 2 } }, reading)).toThrow('A has more free than in total');
  });
});

describe('orders', () => {
  const index = new MarketIndex([market('BTC/USDT')], PRECISION_MODE.TICK_SIZE);
  const order = (fields: Partial<CcxtOrder>): CcxtOrder => ({ id: '1', symbol: 'BTC/USDT', side: 'sell', amount: 1, ...fields });

  it('reads a done order as filled only when it filled in full', () => {
    expect(statusOf(order({ status: 'closed', filled: 1 }), 1)).toBe('filled');
    expect(statusOf(order({ status: 'closed', filled: 0.4 }), 1)).toBe('partially_filled');
    expect(statusOf(order({ status: 'canceled', filled: 0 }), 1)).toBe('cancelled');
    expect(statusOf(order({ status: 'expired', filled: 0.2 }), 1)).toBe('partially_filled');
    expect(statusOf(order({ status: 'rejected' }), 1)).toBe('rejected');
    expect(statusOf(order({ status: undefined }), 1)).toBe('open');
  });

  it('reports the average price from cost when ccxt has no average, and null when nothing filled', () => {
    const subject = { symbol: 'BTC-USDT', clientOrderId: 'fc1', requestedQuantity: 1 };
    expect(toOrderReport(order({ status: 'closed', filled: 0.5, cost: 50 }), subject, 'test', 'x')).toMatchObject({ averagePrice: 100, status: 'partially_filled', clientOrderId: 'fc1' });
    expect(toOrderReport(order({ status: 'open', filled: 0, average: 99 }), subject, 'test', 'x').averagePrice).toBeNull();
  });

  it('lists an open order by what remains, with no price for a price of 0', () => {
    expect(toOpenOrder(order({ filled: 0.25, price: 0, clientOrderId: 'web1' }), index, 'test')).toEqual({
      id: '1',
      symbol: 'BTC-USDT',
      base: 'BTC',
      quote: 'USDT',
      side: 'sell',
      quantity: 0.75,
      price: null,
      clientOrderId: 'web1',
    });
    expect(() => toOpenOrder(order({ side: 'long' }), index, 'test')).toThrow('has no buy or sell side');
    expect(() => toOpenOrder(order({ symbol: undefined }), index, 'test')).toThrow('has no market');
  });
});
