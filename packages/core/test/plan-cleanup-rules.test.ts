import { describe, expect, it } from 'vitest';
import { PlanSchema } from '@forced-cleanup/contract';
import { planCleanup } from '../src/index.js';
import { account, many, market, policy, settings, snapshot, unreadableAccount } from './fixtures.js';

const conservative = policy('conservative');

describe('planCleanup: dust', () => {
  it('closes every dust position whatever the cap, and $1.00 exactly is kept', () => {
    const plan = planCleanup(
      snapshot(account('a', 'platform', [{ asset: 'A', usd: 0.99 }, { asset: 'B', usd: 1 }, { asset: 'C', usd: 0.01 }])),
      settings({ maxPositions: 100 }),
      conservative,
      { startup: false },
    );
    expect(plan.actions.map((action) => [action.id, action.reason, action.kind])).toEqual([
      ['a:A', 'dust', 'sell'],
      ['a:C', 'dust', 'sell'],
    ]);
    expect(plan.owners[0]).toMatchObject({ initial: 3, counted: 1, dustCloses: 2, capCloses: 0, expectedFinal: 1 });
  });

  it('honours the configured dust threshold', () => {
    const plan = planCleanup(snapshot(account('a', 'platform', [{ asset: 'A', usd: 1.5 }, { asset: 'B', usd: 2 }])), settings({ dustThresholdUsd: 2 }), conservative, {
      startup: true,
    });
    expect(plan.actions.map((action) => action.id)).toEqual(['a:A']);
    expect(plan.dustThresholdUsd).toBe(2);
  });
});

describe('planCleanup: owners and caps', () => {
  it('uses a per-owner override', () => {
    const plan = planCleanup(
      snapshot(account('u1_acct', 'user:u1', many('P', 5, (n) => 10 + n)), account('u2_acct', 'user:u2', many('P', 5, (n) => 10 + n))),
      settings({ maxPositions: 8, maxPositionsByOwner: { 'user:u1': 2 } }),
      conservative,
      { startup: true },
    );
    expect(plan.owners.map((owner) => [owner.owner, owner.cap, owner.capCloses, owner.expectedFinal])).toEqual([
      ['user:u1', 2, 3, 2],
      ['user:u2', 8, 0, 5],
    ]);
    expect(plan.actions.map((action) => action.id)).toEqual(['u1_acct:P0', 'u1_acct:P1', 'u1_acct:P2']);
  });

  it('never lets the platform and users share a cap', () => {
    const plan = planCleanup(
      snapshot(
        account('platform_kraken', 'platform', many('P', 8, (n) => 5 + n)),
        account('user_a_kraken', 'user:a', many('P', 8, (n) => 5 + n)),
        account('user_b_kraken', 'user:b', many('P', 8, (n) => 5 + n)),
      ),
      settings(),
      conservative,
      { startup: true },
    );
    expect(plan.actions).toEqual([]);
    expect(plan.owners.map((owner) => [owner.owner, owner.counted, owner.expectedFinal])).toEqual([
      ['platform', 8, 8],
      ['user:a', 8, 8],
      ['user:b', 8, 8],
    ]);
  });

  it('counts an owner across all its accounts and closes across them in ranking order', () => {
    const plan = planCleanup(
      snapshot(
        account('u_coinbase', 'user:u', [{ asset: 'BTC', usd: 50 }, { asset: 'ETH', usd: 7 }]),
        account('u_kraken', 'user:u', [{ asset: 'BTC', usd: 6 }, { asset: 'ETH', usd: 60 }]),
      ),
      settings({ maxPositions: 2 }),
      conservative,
      { startup: true },
    );
    expect(plan.actions.map((action) => [action.id, action.rank])).toEqual([
      ['u_kraken:BTC', 1],
      ['u_coinbase:ETH', 2],
    ]);
  });

  it('closes every counted position under a cap of 0', () => {
    const plan = planCleanup(snapshot(account('a', 'user:z', many('P', 3, (n) => 2 + n))), settings({ maxPositionsByOwner: { 'user:z': 0 } }), conservative, {
      startup: true,
    });
    expect(plan.owners[0]).toMatchObject({ cap: 0, capCloses: 3, expectedFinal: 0 });
  });

  it('sorts owners platform first, then users by id, whatever the input order', () => {
    const plan = planCleanup(
      snapshot(account('z', 'user:b', []), account('y', 'user:a', []), account('x', 'platform', []), account('w', 'user:B', [])),
      settings(),
      conservative,
      { startup: true },
    );
    expect(plan.owners.map((owner) => owner.owner)).toEqual(['platform', 'user:B', 'user:a', 'user:b']);
  });
});

describe('planCleanup: unreadable accounts', () => {
  const plan = planCleanup(
    snapshot(
      account('u_coinbase', 'user:u', [...many('P', 10, (n) => 5 + n), { asset: 'DUST', usd: 0.3 }]),
      unreadableAccount('u_kraken', 'user:u', 'ECONNREFUSED 127.0.0.1:9'),
      account('platform_x', 'platform', many('P', 10, (n) => 5 + n)),
    ),
    settings(),
    conservative,
    { startup: true },
  );

  it('does not enforce the owner’s cap, says why, and still closes its dust', () => {
    const owner = plan.owners.find((entry) => entry.owner === 'user:u');
    expect(owner).toMatchObject({
      capEnforced: false,
      accountIds: ['u_coinbase', 'u_kraken'],
      initial: 11,
      counted: 10,
      dustCloses: 1,
      capCloses: 0,
      expectedFinal: 10,
      note: 'cap not enforced: account u_kraken could not be read (ECONNREFUSED 127.0.0.1:9)',
    });
    expect(plan.actions.filter((action) => action.owner === 'user:u').map((action) => action.id)).toEqual(['u_coinbase:DUST']);
  });

  it('lists the account as skipped', () => {
    expect(plan.skipped).toEqual([
      {
        accountId: 'u_kraken',
        owner: 'user:u',
        asset: null,
        symbol: null,
        reason: 'account_unreadable',
        detail: 'account could not be read (network): ECONNREFUSED 127.0.0.1:9',
        usdValue: null,
        wouldClose: null,
      },
    ]);
  });

  it('leaves other owners alone', () => {
    expect(plan.owners.find((entry) => entry.owner === 'platform')).toMatchObject({ capEnforced: true, capCloses: 2, expectedFinal: 8, note: null });
  });
});

describe('planCleanup: positions left alone', () => {
  it('skips protected positions and does not count them', () => {
    const plan = planCleanup(
      snapshot(account('a', 'user:u', [...many('P', 8, (n) => 5 + n), { asset: 'ETH', usd: 1 }, { asset: 'LUNA', usd: 0.2 }])),
      settings({ protect: { 'user:u': ['ETH', 'LUNA'] } }),
      conservative,
      { startup: true },
    );
    expect(plan.actions).toEqual([]);
    expect(plan.owners[0]).toMatchObject({ initial: 8, counted: 8, expectedFinal: 8 });
    expect(plan.skipped.map((entry) => [entry.asset, entry.reason, entry.wouldClose])).toEqual([
      ['ETH', 'protected', null],
      ['LUNA', 'protected', null],
    ]);
    expect(plan.skipped[0]?.detail).toContain('protect list of user:u');
  });

  it('skips unpriced positions, counts them in initial only, and says why', () => {
    const plan = planCleanup(
      snapshot(
        account('a', 'platform', [
          { asset: 'NOMKT', priceUsd: null, market: null, symbol: null },
          { asset: 'MISSING', priceUsd: null },
          { asset: 'ZERO', priceUsd: 0 },
          { asset: 'NEG', priceUsd: -2 },
          { asset: 'NAN', priceUsd: Number.NaN },
        ]),
      ),
      settings({ maxPositions: 0 }),
      conservative,
      { startup: true },
    );
    expect(plan.actions).toEqual([]);
    expect(plan.owners[0]).toMatchObject({ initial: 5, counted: 0, expectedFinal: 0 });
    const details = Object.fromEntries(plan.skipped.map((entry) => [entry.asset, entry.detail]));
    expect(plan.skipped.every((entry) => entry.reason === 'unpriced' && entry.usdValue === null)).toBe(true);
    expect(details['NOMKT']).toMatch(/^no USD, USDC or USDT market to price NOMKT/);
    expect(details['MISSING']).toMatch(/^no usable price for MISSING-USD/);
    expect(details['NAN']).toMatch(/^no usable price for NAN-USD/);
    expect(details['ZERO']).toMatch(/^the price of ZERO-USD is 0/);
    expect(details['NEG']).toMatch(/^the price of NEG-USD is negative \(-2\)/);
  });

  it('skips stuck positions without a dust-conversion capability, and does not count them', () => {
    const plan = planCleanup(
      snapshot(
        account('kraken', 'platform', [
          { asset: 'SHIB', quantity: 43_000, priceUsd: 0.00001, market: market('SHIB', 'USD', { minNotional: 1 }) },
          { asset: 'BTC.F', quantity: 0.001, priceUsd: 50_000, market: null, symbol: null },
          ...many('P', 8, (n) => 5 + n),
        ]),
      ),
      settings(),
      conservative,
      { startup: true },
    );
    expect(plan.actions).toEqual([]);
    expect(plan.owners[0]).toMatchObject({ initial: 10, counted: 8, expectedFinal: 8 });
    expect(plan.skipped.map((entry) => [entry.asset, entry.reason])).toEqual([
      ['BTC.F', 'stuck'],
      ['SHIB', 'stuck'],
    ]);
    expect(plan.skipped[1]?.detail).toMatch(/^below minimum notional 1 USD \(value 0\.43\); the broker cannot convert dust/);
  });

  it('converts stuck dust where the broker can, and skips stuck positions worth more', () => {
    const plan = planCleanup(
      snapshot(
        account(
          'binance',
          'platform',
          [
            { asset: 'SHIB', quantity: 43_000, priceUsd: 0.00001, market: market('SHIB', 'USDT', { minNotional: 5 }), entryPrice: 0.00002 },
            { asset: 'ADA', quantity: 3, priceUsd: 0.5, market: market('ADA', 'USDT', { minQuantity: 10 }) },
          ],
          { dustConversion: true },
        ),
      ),
      settings(),
      conservative,
      { startup: true },
    );
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ id: 'binance:SHIB', kind: 'convert', reason: 'dust', rank: null, outcome: 'LOSS', symbol: 'SHIB-USDT' });
    expect(plan.owners[0]).toMatchObject({ dustCloses: 1, counted: 0 });
    expect(plan.skipped.map((entry) => [entry.asset, entry.reason])).toEqual([['ADA', 'stuck']]);
    expect(plan.skipped[0]?.detail).toContain('dust conversion only takes positions worth less than the dust threshold');
  });
});

describe('planCleanup: shape', () => {
  it('gives every action the id accountId:asset and keeps positions sorted by account and asset', () => {
    const plan = planCleanup(
      snapshot(account('b', 'user:x', [{ asset: 'Z', usd: 0.5 }, { asset: 'A', usd: 0.5 }]), account('a', 'platform', [{ asset: 'M', usd: 0.5 }])),
      settings(),
      conservative,
      { startup: true },
    );
    expect(plan.actions.map((action) => action.id)).toEqual(['a:M', 'b:A', 'b:Z']);
    expect(plan.positions.map((position) => `${position.accountId}:${position.asset}`)).toEqual(['a:M', 'b:A', 'b:Z']);
    expect(PlanSchema.safeParse(plan).success).toBe(true);
  });

  it('refuses a snapshot with two accounts of the same id or one asset twice', () => {
    expect(() => planCleanup(snapshot(account('a', 'platform', []), account('a', 'user:u', [])), settings(), conservative, { startup: true })).toThrow(
      expect.objectContaining({ code: 'invalid_config' }),
    );
    expect(() =>
      planCleanup(snapshot(account('a', 'platform', [{ asset: 'X', usd: 2 }, { asset: 'X', usd: 3 }])), settings(), conservative, { startup: true }),
    ).toThrow(expect.objectContaining({ code: 'malformed_response' }));
  });

  it('plans nothing for an empty snapshot', () => {
    const plan = planCleanup(snapshot(), settings(), conservative, { startup: true });
    expect(plan).toMatchObject({ owners: [], actions: [], skipped: [], positions: [], mode: 'conservative', effectiveMode: 'conservative' });
  });
});
