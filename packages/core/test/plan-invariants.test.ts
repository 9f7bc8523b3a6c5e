import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PlanSchema,
  type AccountSnapshot,
  type ClassifiedPosition,
  type Holding,
  type MarketRules,
  type OpenOrder,
  type OpenOrderPolicy,
  type OwnerId,
  type Plan,
  type PlannerSettings,
  type PortfolioSnapshot,
} from '@forced-cleanup/contract';
import { capForOwner, planCleanup, rankCapCandidates } from '../src/index.js';
import { policy as makePolicy } from './fixtures.js';

// ---------------------------------------------------------------------------------------------------
// Generators: random portfolios with several owners and accounts, invalid prices, markets with and
// without minimums, open orders, protect lists and every open-order mode.
// ---------------------------------------------------------------------------------------------------

const OWNERS: OwnerId[] = ['platform', 'user:a', 'user:b', 'user:c'];
const ASSETS = ['BTC', 'ETH', 'SOL', 'ADA', 'DOGE', 'SHIB', 'DOT', 'XRP', 'LINK', 'BTC.F', 'USD', 'usdc', 'EUR'];
const CASH = ['USD', 'USDC', 'USDT', 'EUR'];

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

const inputArb = fc.record({ snapshot: snapshotArb, settings: settingsArb, policy: policyArb, startup: fc.boolean(), seed: fc.integer() });

// ---------------------------------------------------------------------------------------------------

const keyOf = (entry: { accountId: string; asset: string | null }) => `${entry.accountId}:${entry.asset ?? '<account>'}`;

/** A seeded shuffle (mulberry32), so a failing case can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function shuffleSnapshot(snapshot: PortfolioSnapshot, seed: number): PortfolioSnapshot {
  const accounts = shuffled(snapshot.accounts, seed).map((account, i) =>
    account.readable
      ? { ...account, holdings: shuffled(account.holdings, seed + i + 1), openOrders: shuffled(account.openOrders, seed - i - 1) }
      : account,
  );
  return { ...snapshot, accounts };
}

function plan(input: { snapshot: PortfolioSnapshot; settings: PlannerSettings; policy: OpenOrderPolicy; startup: boolean }): Plan {
  return planCleanup(input.snapshot, input.settings, input.policy, { startup: input.startup });
}

const RUNS = { numRuns: 300 };

describe('planner invariants over random portfolios', () => {
  it('produces a plan that fits the contract schema', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(PlanSchema.safeParse(plan(input)).success).toBe(true);
      }),
      RUNS,
    );
  });

  it('leaves each owner at or under its cap unless its note gives the reason', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = plan(input);
        for (const owner of result.owners) {
          const counted = result.positions.filter((p) => p.owner === owner.owner && p.category === 'counted').length;
          expect(owner.counted).toBe(counted);
          expect(owner.cap).toBe(capForOwner(owner.owner, input.settings));
          expect(owner.expectedFinal).toBe(owner.counted - owner.capCloses);
          if (owner.expectedFinal > owner.cap) expect(owner.note).toMatch(/^cap not (met|enforced)/);
          if (owner.note === null) expect(owner.expectedFinal).toBeLessThanOrEqual(owner.cap);
          // Never closes more than the excess.
          expect(owner.capCloses).toBeLessThanOrEqual(Math.max(0, owner.counted - owner.cap));
        }
      }),
      RUNS,
    );
  });

  it('closes nothing that is neither dust nor selected by the cap ranking', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = plan(input);
        const positions = new Map(result.positions.map((p) => [keyOf(p), p]));
        const owners = new Map(result.owners.map((o) => [o.owner, o]));
        const canConvert = new Set(input.snapshot.accounts.filter((a) => a.readable && a.capabilities.dustConversion).map((a) => a.accountId));
        for (const action of result.actions) {
          const position = positions.get(keyOf(action))!;
          expect(position).toBeDefined();
          if (action.reason === 'dust') {
            expect(action.rank).toBeNull();
            expect(action.capContext).toBeNull();
            if (action.kind === 'sell') expect(position.category).toBe('dust');
            else {
              expect(position.category).toBe('stuck');
              expect(canConvert.has(action.accountId)).toBe(true);
              expect(position.usdValue!).toBeLessThan(input.settings.dustThresholdUsd);
            }
          } else {
            const owner = owners.get(action.owner)!;
            expect(position.category).toBe('counted');
            expect(owner.capEnforced).toBe(true);
            // The rank is the place in an independent ranking of the owner's counted positions.
            const ranking = rankCapCandidates(result.positions.filter((p) => p.owner === action.owner && p.category === 'counted'));
            expect(keyOf(ranking[action.rank! - 1] as ClassifiedPosition)).toBe(action.id);
            expect(action.capContext).toEqual({ counted: owner.counted, cap: owner.cap });
          }
        }
      }),
      RUNS,
    );
  });

  it('never puts a cash, unpriced or protected position in actions', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = plan(input);
        const categories = new Map(result.positions.map((p) => [keyOf(p), p.category]));
        for (const action of result.actions) {
          expect(CASH).not.toContain(action.asset.toUpperCase());
          expect(['unpriced', 'protected']).not.toContain(categories.get(keyOf(action)));
          expect(Number.isFinite(action.priceUsd) && action.priceUsd > 0).toBe(true);
          const protectList = (input.settings.protect[action.owner] ?? []).map((asset) => asset.toUpperCase());
          expect(protectList).not.toContain(action.asset.toUpperCase());
        }
        for (const position of result.positions) expect(CASH).not.toContain(position.asset.toUpperCase());
      }),
      RUNS,
    );
  });

  it('does not depend on the order of accounts, holdings or orders', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const shuffledInput = { ...input, snapshot: shuffleSnapshot(input.snapshot, input.seed) };
        expect(plan(shuffledInput)).toEqual(plan(input));
      }),
      RUNS,
    );
  });

  it('lists no position twice, and every position it does not keep exactly once', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = plan(input);
        const listed = [...result.actions.map(keyOf), ...result.skipped.map(keyOf)];
        expect(new Set(listed).size).toBe(listed.length);
        const positionKeys = result.positions.map(keyOf);
        expect(new Set(positionKeys).size).toBe(positionKeys.length);
        const listedSet = new Set(listed);
        for (const position of result.positions) {
          // Only counted positions may be kept without a word; everything else is closed or skipped.
          if (position.category !== 'counted') expect(listedSet.has(keyOf(position))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('cancels orders only as the mode allows, and only the position’s own', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = plan(input);
        const positions = new Map(result.positions.map((p) => [keyOf(p), p]));
        const expectedMode = input.policy.mode === 'nuclear' ? (input.startup ? 'always' : 'conservative') : input.policy.mode;
        expect(result.effectiveMode).toBe(expectedMode);
        for (const action of result.actions) {
          const position = positions.get(keyOf(action))!;
          if (position.openOrders.length === 0 || result.effectiveMode === 'conservative') expect(action.ordersToCancel).toEqual([]);
          if (position.openOrders.length > 0) {
            expect(result.effectiveMode).not.toBe('conservative');
            expect(action.ordersToCancel).toEqual(position.openOrders);
            for (const o of action.ordersToCancel) expect(o.base).toBe(action.asset);
          }
        }
        for (const entry of result.skipped.filter((s) => s.reason === 'open_orders')) {
          expect(result.effectiveMode).not.toBe('always');
          expect(positions.get(keyOf(entry))!.openOrders.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('does not enforce the cap of an owner with an unreadable account', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = plan(input);
        const unreadableOwners = new Set(input.snapshot.accounts.filter((a) => !a.readable).map((a) => a.owner));
        for (const owner of result.owners) {
          expect(owner.capEnforced).toBe(!unreadableOwners.has(owner.owner));
          if (!owner.capEnforced) {
            expect(owner.capCloses).toBe(0);
            expect(owner.note).toMatch(/^cap not enforced: account /);
          }
        }
      }),
      RUNS,
    );
  });
});
