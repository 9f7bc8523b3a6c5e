import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PlanSchema, type ClassifiedPosition, type OpenOrderPolicy, type Plan, type PlannerSettings, type PortfolioSnapshot } from '@forced-cleanup/contract';
import { capForOwner, planCleanup, rankCapCandidates } from '../src/index.js';
import { CASH, inputArb } from './random-portfolio.js';

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
