import { describe, expect, it } from 'vitest';
import { classifyPositions, createEntryGate, planCleanup } from '../src/index.js';
import { account, many, market, policy, settings, snapshot } from './fixtures.js';

describe('createEntryGate', () => {
  const config = settings({ maxPositions: 3, maxPositionsByOwner: { 'user:big': 10 }, protect: { platform: ['ETH'] } });
  const positions = [
    ...classifyPositions(
      account('platform_cb', 'platform', [
        ...many('P', 2, (n) => 5 + n),
        { asset: 'DUST', usd: 0.5 },
        { asset: 'NOPRICE', priceUsd: null },
        { asset: 'ETH', usd: 100 },
        { asset: 'STUCK', quantity: 1, priceUsd: 5, market: market('STUCK', 'USD', { minQuantity: 10 }) },
      ]),
      config,
    ),
    ...classifyPositions(account('u1_cb', 'user:u1', many('P', 2, (n) => 5 + n)), config),
    ...classifyPositions(account('u1_kr', 'user:u1', many('Q', 2, (n) => 5 + n)), config),
    ...classifyPositions(account('big_cb', 'user:big', many('P', 4, (n) => 5 + n)), config),
  ];
  const gate = createEntryGate(positions, config);

  it('counts only counted positions: dust, stuck, unpriced and protected leave slots free', () => {
    expect(gate.canOpenPosition('platform')).toEqual({ allowed: true, counted: 2, cap: 3, freeSlots: 1 });
  });

  it('counts an owner across its accounts and refuses at the cap', () => {
    expect(gate.canOpenPosition('user:u1')).toEqual({ allowed: false, counted: 4, cap: 3, freeSlots: 0 });
  });

  it('applies per-owner caps and lets an owner without positions in', () => {
    expect(gate.canOpenPosition('user:big')).toEqual({ allowed: true, counted: 4, cap: 10, freeSlots: 6 });
    expect(gate.canOpenPosition('user:new')).toEqual({ allowed: true, counted: 0, cap: 3, freeSlots: 3 });
  });

  it('answers repeated calls with the same frozen decision', () => {
    const first = gate.canOpenPosition('platform');
    expect(gate.canOpenPosition('platform')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('works on a plan’s positions: exactly at the cap is not allowed', () => {
    const plan = planCleanup(snapshot(account('a', 'platform', many('P', 3, (n) => 5 + n))), config, policy('conservative'), { startup: true });
    expect(createEntryGate(plan.positions, config).canOpenPosition('platform')).toEqual({ allowed: false, counted: 3, cap: 3, freeSlots: 0 });
  });
});
