import { describe, expect, it } from 'vitest';
import { PlanSchema } from '@forced-cleanup/contract';
import { planCleanup } from '../src/index.js';
import { account, policy, settings, snapshot, type HoldingSpec } from './fixtures.js';

/** The seed's platform account: 59 positions, 45 of them dust, 14 worth more than $1. */
function platformCoinbase() {
  const dust: HoldingSpec[] = [
    { asset: 'SHIB', quantity: 43_000, priceUsd: 0.00001, entryPrice: 0.00001 / (1 - 0.0215) },
    { asset: 'DOGE', quantity: 10, priceUsd: 0.087, entryPrice: 0.087 / 1.0105 },
    ...Array.from({ length: 43 }, (_, n): HoldingSpec => ({ asset: `DUST${n}`, usd: 0.04 + n * 0.02 })),
  ];
  const counted: HoldingSpec[] = [
    { asset: 'ATOM', quantity: 0.4, priceUsd: 8, entryPrice: 8 / 1.005 },
    ...[3.5, 4, 4.5, 5, 6, 7, 10, 12, 15, 20, 25, 30, 40].map((usd, n): HoldingSpec => ({ asset: `KEEP${n}`, usd })),
  ];
  return account('platform_coinbase', 'platform', [...dust, ...counted]);
}

/** The seed's user_123: 5 positions on Coinbase and 4 on Kraken, none dust; BTC-USD $5.00 at +2.50 %. */
function user123Accounts() {
  const coinbase = account('user_user_123_coinbase', 'user:user_123', [
    { asset: 'BTC', quantity: 0.0001, priceUsd: 50_000, entryPrice: 50_000 / 1.025, openedAt: '2026-01-10T00:00:00Z' },
    { asset: 'ETH', usd: 12 },
    { asset: 'SOL', usd: 20 },
    { asset: 'ADA', usd: 9 },
    { asset: 'XRP', usd: 15 },
  ]);
  const kraken = account('user_user_123_kraken', 'user:user_123', [
    { asset: 'BTC', quantity: 0.0008, priceUsd: 50_000, entryPrice: 45_000 },
    { asset: 'DOT', usd: 30 },
    { asset: 'LINK', usd: 11 },
    { asset: 'AVAX', usd: 25 },
  ]);
  return [coinbase, kraken];
}

describe('the seed scenarios', () => {
  const plan = planCleanup(snapshot(platformCoinbase(), ...user123Accounts()), settings(), policy('conservative'), { startup: true });

  it('produces a plan that fits the contract schema', () => {
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it('platform: 59 positions → 45 dust closes, 6 cap closes, 8 remain', () => {
    const platform = plan.owners.find((owner) => owner.owner === 'platform');
    expect(platform).toEqual({
      owner: 'platform',
      cap: 8,
      capEnforced: true,
      accountIds: ['platform_coinbase'],
      initial: 59,
      counted: 14,
      dustCloses: 45,
      capCloses: 6,
      expectedFinal: 8,
      note: null,
    });
    const platformActions = plan.actions.filter((action) => action.owner === 'platform');
    expect(platformActions.filter((action) => action.reason === 'dust')).toHaveLength(45);
    const capCloses = platformActions.filter((action) => action.reason === 'cap');
    expect(capCloses.map((action) => action.asset)).toEqual(['ATOM', 'KEEP0', 'KEEP1', 'KEEP2', 'KEEP3', 'KEEP4']);
    expect(capCloses.map((action) => action.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const action of capCloses) expect(action.capContext).toEqual({ counted: 14, cap: 8 });
  });

  it('logs the seed’s examples: SHIB-USD $0.43 LOSS, DOGE-USD $0.87 WIN, ATOM-USD $3.20 WIN first cap close', () => {
    const byAsset = new Map(plan.actions.map((action) => [action.id, action]));
    const shib = byAsset.get('platform_coinbase:SHIB');
    expect(shib).toMatchObject({ symbol: 'SHIB-USD', reason: 'dust', kind: 'sell', rank: null, outcome: 'LOSS', capContext: null, ordersToCancel: [] });
    expect(shib?.usdValue).toBeCloseTo(0.43, 10);
    expect(shib?.pnlPct).toBeCloseTo(-2.15, 10);
    const doge = byAsset.get('platform_coinbase:DOGE');
    expect(doge?.usdValue).toBeCloseTo(0.87, 10);
    expect(doge?.outcome).toBe('WIN');
    const atom = byAsset.get('platform_coinbase:ATOM');
    expect(atom).toMatchObject({ reason: 'cap', rank: 1, outcome: 'WIN' });
    expect(atom?.usdValue).toBeCloseTo(3.2, 10);
    expect(atom?.pnlPct).toBeCloseTo(0.5, 10);
  });

  it('user_123: 9 positions over two exchanges → one cap close of Coinbase BTC-USD, WIN, rank 1, 8 remain', () => {
    const user = plan.owners.find((owner) => owner.owner === 'user:user_123');
    expect(user).toMatchObject({
      cap: 8,
      capEnforced: true,
      accountIds: ['user_user_123_coinbase', 'user_user_123_kraken'],
      initial: 9,
      counted: 9,
      dustCloses: 0,
      capCloses: 1,
      expectedFinal: 8,
      note: null,
    });
    const userActions = plan.actions.filter((action) => action.owner === 'user:user_123');
    expect(userActions).toHaveLength(1);
    const [btc] = userActions;
    expect(btc).toMatchObject({
      id: 'user_user_123_coinbase:BTC',
      accountId: 'user_user_123_coinbase',
      symbol: 'BTC-USD',
      reason: 'cap',
      rank: 1,
      outcome: 'WIN',
      capContext: { counted: 9, cap: 8 },
    });
    expect(btc?.usdValue).toBeCloseTo(5, 10);
    expect(btc?.pnlPct).toBeCloseTo(2.5, 10);
  });

  it('the same asset on two exchanges is two positions, and the Kraken BTC is left alone', () => {
    const btc = plan.positions.filter((position) => position.asset === 'BTC');
    expect(btc.map((position) => position.accountId)).toEqual(['user_user_123_coinbase', 'user_user_123_kraken']);
    expect(btc.map((position) => position.category)).toEqual(['counted', 'counted']);
    expect(plan.actions.some((action) => action.id === 'user_user_123_kraken:BTC')).toBe(false);
  });

  it('orders owners platform first and actions dust first, then cap closes by owner and rank', () => {
    expect(plan.owners.map((owner) => owner.owner)).toEqual(['platform', 'user:user_123']);
    const reasons = plan.actions.map((action) => action.reason);
    expect(reasons.lastIndexOf('dust')).toBeLessThan(reasons.indexOf('cap'));
    expect(plan.actions.slice(-7).map((action) => action.id)).toEqual([
      'platform_coinbase:ATOM',
      'platform_coinbase:KEEP0',
      'platform_coinbase:KEEP1',
      'platform_coinbase:KEEP2',
      'platform_coinbase:KEEP3',
      'platform_coinbase:KEEP4',
      'user_user_123_coinbase:BTC',
    ]);
    const dustAssets = plan.actions.filter((action) => action.reason === 'dust').map((action) => action.asset);
    expect(dustAssets).toEqual(dustAssets.slice().sort());
  });

  it('lists every position once, sorted by account and asset', () => {
    expect(plan.positions).toHaveLength(59 + 9);
    const keys = plan.positions.map((position) => `${position.accountId}\u0000${position.asset}`);
    expect(keys).toEqual(keys.slice().sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(plan.skipped).toEqual([]);
  });
});
