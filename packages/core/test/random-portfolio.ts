/**
 * fast-check generators of random planner inputs: several owners and accounts (some unreadable), cash
 * and non-cash holdings, invalid prices (null, 0, negative, NaN, Infinity), markets with and without
 * minimums, open orders, protect lists, per-owner caps and every open-order mode.
 */
import fc from 'fast-check';
import type { AccountSnapshot, Holding, MarketRules, OpenOrder, OpenOrderPolicy, OwnerId, PlannerSettings, PortfolioSnapshot } from '@forced-cleanup/contract';
import { policy as makePolicy } from './fixtures.js';

const OWNERS: OwnerId[] = ['platform', 'user:a', 'user:b', 'user:c'];
const ASSETS = ['BTC', 'ETH', 'SOL', 'ADA', 'DOGE', 'SHIB', 'DOT', 'XRP', 'LINK', 'BTC.F', 'USD', 'usdc', 'EUR'];
export const CASH = ['USD', 'USDC', 'USDT', 'EUR'];

const priceArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 2_000_000 }).map((cents) => cents / 1000) },
  { weight: 1, arbitrary: fc.double({ min: 0.00001, max: 5000, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<number | null>(null, 0, -1, Number.NaN, Number.POSITIVE_INFINITY) },
);

const marketArb = (asset: string): fc.Arbitrary<MarketRules | null> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 8,
      arbitrary: fc.record({
        symbol: fc.constant(`${asset}-USD`),
        base: fc.constant(asset),
        quote: fc.constant('USD'),
        minQuantity: fc.constantFrom(null, null, null, null, 0.001, 1, 10),
        quantityStep: fc.constantFrom(null, null, 0.00000001, 0.01, 0.1, 1),
        minNotional: fc.constantFrom(null, null, null, null, 0.5, 1, 5),
      }),
    },
  );

const holdingArb = (asset: string) =>
  fc.record({
    asset: fc.constant(asset),
    quantity: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 100_000 }).map((hundredths) => hundredths / 100) },
      { weight: 1, arbitrary: fc.double({ min: 0.000001, max: 100_000, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
    priceUsd: priceArb,
    market: marketArb(asset),
    entryPrice: fc.oneof(fc.constant(null), fc.double({ min: 0.00001, max: 5000, noNaN: true })),
    openedAt: fc.constantFrom(null, '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z', '2026-01-01', 'garbage'),
  });

const accountArb = (accountId: string) =>
  fc
    .record({
      owner: fc.constantFrom(...OWNERS),
      readable: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      dustConversion: fc.boolean(),
      assets: fc.uniqueArray(fc.constantFrom(...ASSETS), { minLength: 2, maxLength: ASSETS.length }),
      orderBases: fc.array(fc.constantFrom(...ASSETS), { maxLength: 6 }),
    })
    .chain((shape) =>
      fc.tuple(fc.constant(shape), fc.tuple(...shape.assets.map(holdingArb))).map(([s, specs]): AccountSnapshot => {
        if (!s.readable) {
          return { readable: false, accountId, owner: s.owner, broker: 'paper', error: { code: 'network', message: `${accountId} down`, retryable: true } };
        }
        const holdings: Holding[] = specs.map((spec) => ({
          accountId,
          owner: s.owner,
          asset: spec.asset,
          quantity: spec.quantity,
          free: spec.quantity,
          symbol: spec.market?.symbol ?? null,
          priceUsd: spec.priceUsd,
          market: spec.market,
          entryPrice: spec.entryPrice,
          openedAt: spec.openedAt,
        }));
        const openOrders: OpenOrder[] = s.orderBases.map((base, i) => ({
          id: `${accountId}-o${i}`,
          symbol: `${base}-USD`,
          base,
          quote: 'USD',
          side: 'sell',
          quantity: 1,
          price: 1,
          clientOrderId: null,
        }));
        return { readable: true, accountId, owner: s.owner, broker: 'paper', holdings, openOrders, capabilities: { dustConversion: s.dustConversion } };
      }),
    );

const snapshotArb: fc.Arbitrary<PortfolioSnapshot> = fc
  .uniqueArray(fc.constantFrom('platform_cb', 'platform_kr', 'a_cb', 'a_kr', 'b_cb', 'c_bn', 'c_kr'), { minLength: 1, maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map(accountArb)))
  .map((accounts) => ({ takenAt: '2026-02-01T00:00:00Z', accounts }));

const settingsArb: fc.Arbitrary<PlannerSettings> = fc.record({
  dustThresholdUsd: fc.constantFrom(0, 0.5, 1, 2, 50),
  maxPositions: fc.integer({ min: 0, max: 6 }),
  maxPositionsByOwner: fc.dictionary(fc.constantFrom(...OWNERS), fc.integer({ min: 0, max: 6 }), { maxKeys: 2 }),
  cashAssets: fc.constant(CASH),
  protect: fc.dictionary(fc.constantFrom(...OWNERS), fc.uniqueArray(fc.constantFrom(...ASSETS), { maxLength: 3 }), { maxKeys: 2 }),
});

const policyArb: fc.Arbitrary<OpenOrderPolicy> = fc.oneof(
  fc.constantFrom('conservative', 'always', 'nuclear').map((mode) => makePolicy(mode)),
  fc
    .constantFrom('usd_value<1', 'rank>max_positions', 'usd_value>=10,rank>max_positions', 'usd_value>100', 'usd_value<=0.5, usd_value>1000')
    .map((text) => makePolicy('selective', text)),
);

/** One planner input, plus a seed for shuffling it. */
export const inputArb = fc.record({ snapshot: snapshotArb, settings: settingsArb, policy: policyArb, startup: fc.boolean(), seed: fc.integer() });
