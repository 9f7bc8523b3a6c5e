import { describe, expect, it } from 'vitest';
import { ClassifiedPositionSchema } from '@forced-cleanup/contract';
import { classifyPositions } from '../src/index.js';
import { account, market, order, settings } from './fixtures.js';

function categoryOf(spec: Parameters<typeof account>[2][number], overrides = {}) {
  const [position] = classifyPositions(account('a', 'platform', [spec]), settings(overrides));
  return position;
}

describe('classifyPositions', () => {
  it('exactly $1.00 is not dust; a cent less is', () => {
    expect(categoryOf({ asset: 'A', usd: 1 })?.category).toBe('counted');
    expect(categoryOf({ asset: 'A', usd: 0.99 })?.category).toBe('dust');
    expect(categoryOf({ asset: 'A', quantity: 43_000, priceUsd: 0.00001 })?.category).toBe('dust');
  });

  it.each([
    ['NaN', Number.NaN],
    ['zero', 0],
    ['negative', -0.5],
    ['null', null],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('a %s price is unpriced, never dust', (_name, price) => {
    const position = categoryOf({ asset: 'A', quantity: 0.1, priceUsd: price });
    expect(position?.category).toBe('unpriced');
    expect(position?.usdValue).toBeNull();
    expect(position?.pnlPct).toBeNull();
  });

  it('protected comes first, even for dust, unpriced and stuck assets, matched in any case', () => {
    const protect = { protect: { platform: ['eth', 'SHIB', 'DOT'] } };
    expect(categoryOf({ asset: 'ETH', usd: 0.2 }, protect)?.category).toBe('protected');
    expect(categoryOf({ asset: 'SHIB', priceUsd: null }, protect)?.category).toBe('protected');
    expect(categoryOf({ asset: 'DOT', usd: 5, market: null }, protect)?.category).toBe('protected');
    // Protect lists are per owner: another owner's list does not apply.
    expect(categoryOf({ asset: 'ETH', usd: 5 }, { protect: { 'user:u1': ['ETH'] } })?.category).toBe('counted');
  });

  it('unpriced beats stuck: an asset without market or price is unpriced', () => {
    expect(categoryOf({ asset: 'A', priceUsd: null, market: null })?.category).toBe('unpriced');
  });

  it('a dust position that cannot be sold is stuck, with the reason', () => {
    const position = categoryOf({ asset: 'SHIB', quantity: 43_000, priceUsd: 0.00001, market: market('SHIB', 'USD', { minNotional: 1 }) });
    expect(position?.category).toBe('stuck');
    expect(position?.stuckReason).toBe('below minimum notional 1 USD (value 0.43)');
  });

  it('a large position below the minimum quantity is stuck too, and so is one without a market', () => {
    expect(categoryOf({ asset: 'A', quantity: 3, priceUsd: 10, market: market('A', 'USD', { minQuantity: 10 }) })?.category).toBe('stuck');
    const noMarket = categoryOf({ asset: 'BTC.F', quantity: 0.1, priceUsd: 50_000, market: null, symbol: null });
    expect(noMarket?.category).toBe('stuck');
    expect(noMarket?.stuckReason).toBe('no market');
  });

  it('values positions and computes P&L from the entry price', () => {
    const position = categoryOf({ asset: 'BTC', quantity: 0.000125, priceUsd: 40_000, entryPrice: 40_000 / 1.025 });
    expect(position?.usdValue).toBeCloseTo(5, 10);
    expect(position?.pnlPct).toBeCloseTo(2.5, 10);
    expect(position?.stuckReason).toBeNull();
  });

  it('attaches the open orders whose base is the asset, sorted by id, and leaves out cash and zero holdings', () => {
    const snapshot = account('a', 'platform', [{ asset: 'BTC', usd: 10 }, { asset: 'usdc', usd: 10 }, { asset: 'ETH', usd: 10, quantity: 0 }, { asset: 'SOL', usd: 3 }], {
      openOrders: [order('z9', 'BTC'), order('a1', 'BTC', 'USDC'), order('s1', 'ETH'), { ...order('q1', 'USD'), symbol: 'USD-BTC', quote: 'BTC' }],
    });
    const positions = classifyPositions(snapshot, settings());
    expect(positions.map((p) => p.asset)).toEqual(['BTC', 'SOL']);
    expect(positions[0]?.openOrders.map((o) => o.id)).toEqual(['a1', 'z9']);
    expect(positions[1]?.openOrders).toEqual([]);
  });

  it('produces schema-valid positions sorted by asset', () => {
    const positions = classifyPositions(
      account('a', 'user:u1', [{ asset: 'Z', usd: 3 }, { asset: 'B', priceUsd: Number.NaN }, { asset: 'M', usd: 0.5, entryPrice: Number.NaN }]),
      settings(),
    );
    expect(positions.map((p) => p.asset)).toEqual(['B', 'M', 'Z']);
    for (const position of positions) expect(ClassifiedPositionSchema.safeParse(position).success).toBe(true);
  });
});
