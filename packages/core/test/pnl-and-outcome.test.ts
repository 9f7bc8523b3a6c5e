import { describe, expect, it } from 'vitest';
import { outcomeOf, pnlPercent } from '../src/index.js';

describe('pnlPercent', () => {
  it('is (price − entry) / entry × 100, not rounded', () => {
    expect(pnlPercent(41_000, 40_000)).toBeCloseTo(2.5, 12);
    expect(pnlPercent(0.98, 1)).toBeCloseTo(-2, 12);
    expect(pnlPercent(3, 3)).toBe(0);
    expect(pnlPercent(1, 3)).toBeCloseTo(-66.66666666666667, 10);
  });

  it.each([
    [null, 10],
    [10, null],
    [0, 10],
    [10, 0],
    [-1, 10],
    [10, -5],
    [Number.NaN, 10],
    [10, Number.POSITIVE_INFINITY],
  ])('is null for price %s and entry %s', (price, entry) => {
    expect(pnlPercent(price, entry)).toBeNull();
  });
});

describe('outcomeOf', () => {
  it.each([
    [2.5, 'WIN'],
    [0.0001, 'WIN'],
    [-2.15, 'LOSS'],
    [0, 'BREAKEVEN'],
    [-0, 'BREAKEVEN'],
    [null, 'UNKNOWN'],
    [Number.NaN, 'UNKNOWN'],
  ] as const)('%s → %s', (pnl, outcome) => {
    expect(outcomeOf(pnl)).toBe(outcome);
  });
});
