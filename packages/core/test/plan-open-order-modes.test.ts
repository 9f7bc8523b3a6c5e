import { describe, expect, it } from 'vitest';
import type { OpenOrderMode, Plan } from '@forced-cleanup/contract';
import { planCleanup } from '../src/index.js';
import { account, many, order, policy, settings, snapshot } from './fixtures.js';

/**
 * One platform account with 10 counted positions (cap 8 → 2 to close) and two dust positions.
 * DUSTO (dust) and C0 (rank 1 of the cap ranking) have open orders; C1 and C2 do not.
 */
function portfolio() {
  return snapshot(
    account('acct', 'platform', [{ asset: 'DUST', usd: 0.2 }, { asset: 'DUSTO', usd: 0.4 }, ...many('C', 10, (n) => 2 + n)], {
      openOrders: [order('ord-d', 'DUSTO'), order('ord-c0b', 'C0'), order('ord-c0a', 'C0')],
    }),
  );
}

function plan(mode: OpenOrderMode, startup: boolean, conditions?: string): Plan {
  return planCleanup(portfolio(), settings(), policy(mode, conditions), { startup });
}

function summary(result: Plan) {
  return {
    actions: result.actions.map((action) => [action.id, action.reason, action.rank, action.ordersToCancel.map((o) => o.id)]),
    skipped: result.skipped.map((entry) => [entry.asset, entry.reason, entry.wouldClose]),
  };
}

/** The outcome when open orders are kept: skip DUSTO, skip C0 and take C2 in its place. */
const keptEverything = {
  actions: [
    ['acct:DUST', 'dust', null, []],
    ['acct:C1', 'cap', 2, []],
    ['acct:C2', 'cap', 3, []],
  ],
  skipped: [
    ['C0', 'open_orders', 'cap'],
    ['DUSTO', 'open_orders', 'dust'],
  ],
};

/** The outcome when open orders are cancelled: everything selected is closed, orders first. */
const cancelledEverything = {
  actions: [
    ['acct:DUST', 'dust', null, []],
    ['acct:DUSTO', 'dust', null, ['ord-d']],
    ['acct:C0', 'cap', 1, ['ord-c0a', 'ord-c0b']],
    ['acct:C1', 'cap', 2, []],
  ],
  skipped: [],
};

describe('open-order modes', () => {
  it('conservative never cancels: positions with open orders are skipped and the next-ranked one is taken', () => {
    const result = plan('conservative', true);
    expect(result.effectiveMode).toBe('conservative');
    expect(summary(result)).toEqual(keptEverything);
    expect(result.owners[0]).toMatchObject({ capCloses: 2, expectedFinal: 8, note: null });
    const c0 = result.skipped.find((entry) => entry.asset === 'C0');
    expect(c0?.detail).toBe('2 open orders (ord-c0a, ord-c0b); conservative mode never cancels');
    expect(c0?.usdValue).toBe(2);
  });

  it('always cancels the open orders of every position it closes', () => {
    const result = plan('always', false);
    expect(result.effectiveMode).toBe('always');
    expect(summary(result)).toEqual(cancelledEverything);
  });

  it('nuclear acts as always in a startup run', () => {
    const result = plan('nuclear', true);
    expect(result.mode).toBe('nuclear');
    expect(result.effectiveMode).toBe('always');
    expect(summary(result)).toEqual(cancelledEverything);
  });

  it('nuclear acts as conservative in a periodic run', () => {
    const result = plan('nuclear', false);
    expect(result.effectiveMode).toBe('conservative');
    expect(summary(result)).toEqual(keptEverything);
    expect(result.skipped[0]?.detail).toContain('nuclear mode cancels only in a startup run');
  });

  it('selective usd_value<1 cancels for dust but keeps the orders of larger positions', () => {
    const result = plan('selective', true, 'usd_value<1.0');
    expect(result.effectiveMode).toBe('selective');
    expect(result.conditions).toEqual([{ field: 'usd_value', op: '<', value: 1 }]);
    expect(summary(result)).toEqual({
      actions: [
        ['acct:DUST', 'dust', null, []],
        ['acct:DUSTO', 'dust', null, ['ord-d']],
        ['acct:C1', 'cap', 2, []],
        ['acct:C2', 'cap', 3, []],
      ],
      skipped: [['C0', 'open_orders', 'cap']],
    });
    expect(result.skipped[0]?.detail).toBe('2 open orders (ord-c0a, ord-c0b); no cancel condition holds (usd_value<1.0)');
  });

  it('selective rank>max_positions cancels for cap closes only, never for dust', () => {
    const result = plan('selective', true, 'rank>max_positions');
    expect(summary(result)).toEqual({
      actions: [
        ['acct:DUST', 'dust', null, []],
        ['acct:C0', 'cap', 1, ['ord-c0a', 'ord-c0b']],
        ['acct:C1', 'cap', 2, []],
      ],
      skipped: [['DUSTO', 'open_orders', 'dust']],
    });
  });

  it('selective with both conditions (comma = OR) behaves like always here', () => {
    expect(summary(plan('selective', false, 'usd_value<1.0,rank>max_positions'))).toEqual(cancelledEverything);
  });

  it.each([
    ['usd_value>=2', true, false],
    ['usd_value>2', false, false],
    ['usd_value<=0.4', false, true],
    ['usd_value<0.4', false, false],
    ['usd_value>0.3', true, true],
  ])('selective %s: C0 ($2) cancelled %s, DUSTO ($0.40) cancelled %s', (conditions, c0Cancelled, dustoCancelled) => {
    const result = plan('selective', true, conditions);
    const closed = new Set(result.actions.map((action) => action.asset));
    expect(closed.has('C0')).toBe(c0Cancelled);
    expect(closed.has('DUSTO')).toBe(dustoCancelled);
    // The cap is met either way: C2 substitutes for C0 when C0's orders are kept.
    expect(result.owners[0]?.capCloses).toBe(2);
  });

  it('gives a position without open orders an empty ordersToCancel in every mode', () => {
    for (const mode of ['conservative', 'always', 'nuclear', 'selective'] as const) {
      const dust = plan(mode, true).actions.find((action) => action.id === 'acct:DUST');
      expect(dust?.ordersToCancel).toEqual([]);
    }
  });
});

describe('cap not met', () => {
  it('says how many positions with open orders were kept and what remains', () => {
    const positions = many('C', 10, (n) => 2 + n);
    const orders = ['C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8'].map((asset) => order(`o-${asset}`, asset));
    const result = planCleanup(snapshot(account('acct', 'platform', positions, { openOrders: orders })), settings(), policy('conservative'), {
      startup: true,
    });
    // Only C9 has no open orders: one of the two excess positions can be closed.
    expect(result.actions.map((action) => [action.id, action.rank])).toEqual([['acct:C9', 10]]);
    expect(result.skipped).toHaveLength(9);
    expect(result.owners[0]).toMatchObject({ counted: 10, capCloses: 1, expectedFinal: 9 });
    expect(result.owners[0]?.note).toBe('cap not met: 9 positions with open orders were kept (conservative mode), so 9 remain for a cap of 8');
  });

  it('names the run kind for nuclear and the conditions for selective', () => {
    const positions = many('C', 9, (n) => 2 + n);
    const orders = positions.map((spec) => order(`o-${spec.asset}`, spec.asset));
    const periodic = planCleanup(snapshot(account('acct', 'platform', positions, { openOrders: orders })), settings(), policy('nuclear'), {
      startup: false,
    });
    expect(periodic.owners[0]?.note).toBe('cap not met: 9 positions with open orders were kept (nuclear mode, periodic run), so 9 remain for a cap of 8');
    const selective = planCleanup(snapshot(account('acct', 'platform', positions, { openOrders: orders })), settings(), policy('selective', 'usd_value<1'), {
      startup: true,
    });
    expect(selective.owners[0]?.note).toBe('cap not met: 9 positions with open orders were kept (selective mode: usd_value<1), so 9 remain for a cap of 8');
  });
});
