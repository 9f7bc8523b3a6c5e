import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundDownToStep, stuckReason } from '../src/index.js';
import { market } from './fixtures.js';

describe('roundDownToStep', () => {
  const exact: [number, number | null, number][] = [
    [0.3, 0.1, 0.3],
    [0.7, 0.1, 0.7],
    [0.9, 0.3, 0.9],
    [1.1, 0.1, 1.1],
    [0.58, 0.01, 0.58],
    [4.35, 0.05, 4.35],
    [0.12345678, 0.00000001, 0.12345678],
    [0.123456789, 0.00000001, 0.12345678],
    [1.75, 0.25, 1.75],
    [1.8, 0.25, 1.75],
    [3.99, 1, 3],
    [12, 5, 10],
    [0.5, 1, 0],
    [123.456, null, 123.456],
    [1e12 + 0.4, 1, 1e12],
    [0.00000015, 1.5e-7, 0.00000015],
  ];
  it.each(exact)('roundDownToStep(%d, %s) = %d', (quantity, step, expected) => {
    expect(roundDownToStep(quantity, step)).toBe(expected);
  });

  it('treats float noise from total − held as the full multiple, not one step less', () => {
    expect(roundDownToStep(0.7 - 0.4, 0.1)).toBe(0.3);
    expect(roundDownToStep(1000.7 - 1000.4, 0.1)).toBe(0.3);
    expect(roundDownToStep(0.1 + 0.2, 0.1)).toBe(0.3);
  });

  it('gives 0 for a quantity that is not a positive finite number, and ignores an unusable step', () => {
    expect(roundDownToStep(0, 0.1)).toBe(0);
    expect(roundDownToStep(-1, 0.1)).toBe(0);
    expect(roundDownToStep(Number.NaN, 0.1)).toBe(0);
    expect(roundDownToStep(2.5, 0)).toBe(2.5);
    expect(roundDownToStep(2.5, -1)).toBe(2.5);
  });

  it('stays exact when the quantity is too large to scale safely in doubles (found by the property below)', () => {
    expect(roundDownToStep(900719926, 0.0000025)).toBe(900719926);
    expect(roundDownToStep(900719926.0000031, 0.0000025)).toBe(900719926.0000025);
    expect(roundDownToStep(1e12 + 0.7, 0.25)).toBe(1e12 + 0.5);
    expect(roundDownToStep(88380297.6, 0.00000005)).toBe(88380297.6);
  });

  it('returns an exact decimal multiple of the step, never more than a step below, for decimal quantities', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(1, 2, 5, 25),
        fc.integer({ min: 0, max: 8 }),
        (units, quantityPlaces, stepDigits, stepPlaces) => {
          const quantity = Number(`${units}e-${quantityPlaces}`);
          const step = Number(`${stepDigits}e-${stepPlaces}`);
          const rounded = roundDownToStep(quantity, step);
          // Compare in exact integer arithmetic on the decimal forms.
          const scale = 10n ** BigInt(Math.max(quantityPlaces, stepPlaces));
          const q = (BigInt(units) * scale) / 10n ** BigInt(quantityPlaces);
          const s = (BigInt(stepDigits) * scale) / 10n ** BigInt(stepPlaces);
          const expected = q - (q % s);
          const expectedNumber = Number(`${expected}e-${Math.max(quantityPlaces, stepPlaces)}`);
          expect(rounded).toBe(expectedNumber);
        },
      ),
    );
  });
});

describe('stuckReason', () => {
  it('is null when the whole quantity can be sold', () => {
    expect(stuckReason(5, 2, market('ATOM', 'USD', { minQuantity: 1, quantityStep: 0.01, minNotional: 1 }))).toBeNull();
    expect(stuckReason(0.001, 0.5, market('SHIB'))).toBeNull();
  });

  it('says "no market" for an asset without a market (Kraken .F balances)', () => {
    expect(stuckReason(1, 50_000, null)).toBe('no market');
  });

  it('rounds down to the step before checking the minimum quantity', () => {
    expect(stuckReason(3.7, 1, market('ADA', 'USD', { minQuantity: 10, quantityStep: 1 }))).toBe(
      'below minimum quantity 10 (rounded quantity 3)',
    );
  });

  it('checks the minimum notional on the rounded quantity', () => {
    expect(stuckReason(43_000, 0.00001, market('SHIB', 'USD', { minNotional: 1 }))).toBe(
      'below minimum notional 1 USD (value 0.43)',
    );
    // 1.9 rounds down to 1 at step 1: 1 × 0.6 = 0.6 < 1, although 1.9 × 0.6 = 1.14 would pass.
    expect(stuckReason(1.9, 0.6, market('XLM', 'USD', { quantityStep: 1, minNotional: 1 }))).toBe(
      'below minimum notional 1 USD (value 0.6)',
    );
  });

  it('reports a quantity that rounds to 0', () => {
    expect(stuckReason(0.4, 3, market('DOT', 'USD', { quantityStep: 1, minQuantity: 1 }))).toBe('rounds to 0 at step 1');
    expect(stuckReason(0.000000004, 50_000, market('BTC', 'USD', { quantityStep: 0.00000001 }))).toBe(
      'rounds to 0 at step 0.00000001',
    );
  });

  it('accepts a value exactly at the minimum notional despite float noise', () => {
    expect(stuckReason(10, 0.1, market('X', 'USD', { minNotional: 1 }))).toBeNull();
    expect(stuckReason(3, 0.1, market('X', 'USD', { minNotional: 0.3 }))).toBeNull();
  });

  it('applies no minimums for a market without rules', () => {
    expect(stuckReason(0.00000001, 0.01, market('PEPE'))).toBeNull();
  });
});
