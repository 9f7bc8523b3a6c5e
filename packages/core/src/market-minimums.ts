import type { MarketRules } from '@forced-cleanup/contract';
import { formatDecimal, formatUsdAmount, stepGrid } from './decimal-steps.js';

/**
 * How close (in ulps) a scaled quantity must be to a whole number of units to count as it. Float noise
 * from parsing or from a broker's `total − held` sits within a few ulps; a real shortfall (a quantity with
 * more decimals than the step) is far larger. The absolute floor covers small quantities.
 */
const SNAP_RELATIVE = 4 * Number.EPSILON;
const SNAP_ABSOLUTE = 1e-9;

/** Tolerance for comparing a value with a minimum notional: `10 × 0.1` must meet a minimum of 1. */
const NOTIONAL_RELATIVE_TOLERANCE = 1e-12;

/**
 * Rounds a quantity down to a multiple of the market's quantity step, exactly for decimal steps
 * (0.00000001, 0.1, 1, 0.25): `roundDownToStep(0.3, 0.1)` is 0.3, not 0.2.
 *
 * A `null` step (or one that is not a finite number > 0) leaves the quantity unchanged. A quantity that is
 * not a finite number > 0 has nothing to sell and gives 0. A quantity within float noise (a few ulps) below
 * a step multiple counts as that multiple. Quantities so large that the step is below their float
 * resolution are floored with plain division, never above the quantity.
 */
export function roundDownToStep(quantity: number, step: number | null): number {
  if (step === null || !(step > 0) || step === Infinity) return quantity;
  if (!(quantity > 0) || quantity === Infinity) return 0;
  const grid = stepGrid(step);
  if (grid !== null) {
    const scaled = quantity * grid.scale;
    if (scaled <= Number.MAX_SAFE_INTEGER) {
      const nearest = Math.round(scaled);
      const whole = Math.abs(scaled - nearest) <= Math.max(SNAP_ABSOLUTE, scaled * SNAP_RELATIVE) ? nearest : Math.floor(scaled);
      // Integer remainder is exact below 2^53; dividing whole units by a power of ten then yields the
      // double nearest to the decimal result (3 / 10 is exactly the literal 0.3).
      // Steps are nearly always a power of ten (one unit): no remainder to take off, and `%` on doubles is slow.
      return (grid.units === 1 ? whole : whole - (whole % grid.units)) / grid.scale;
    }
  }
  const count = Math.floor(quantity / step);
  const rounded = count * step;
  return rounded <= quantity ? rounded : Math.max(0, (count - 1) * step);
}

/**
 * Why a position cannot be sold, or null when it can. Rounds the quantity down to the market's step first,
 * then checks, in this order: there is a market; the rounded quantity is not 0; it meets the minimum
 * quantity; its value at `priceUsd` (quote taken 1:1) meets the minimum notional. A rule given as null
 * does not apply, so a market with no rules has no minimums.
 *
 * Reasons read like: `no market`, `rounds to 0 at step 1`, `below minimum quantity 10 (rounded quantity 3)`,
 * `below minimum notional 1 USD (value 0.43)`.
 */
export function stuckReason(quantity: number, priceUsd: number, market: MarketRules | null): string | null {
  if (market === null) return 'no market';
  const step = market.quantityStep;
  const rounded = roundDownToStep(quantity, step);
  if (!(rounded > 0)) {
    return step === null ? 'nothing to sell (quantity 0)' : `rounds to 0 at step ${formatDecimal(step)}`;
  }
  const minQuantity = market.minQuantity;
  if (minQuantity !== null && rounded < minQuantity) {
    return `below minimum quantity ${formatDecimal(minQuantity)} (rounded quantity ${formatDecimal(rounded)})`;
  }
  const minNotional = market.minNotional;
  if (minNotional !== null) {
    const value = rounded * priceUsd;
    if (value < minNotional * (1 - NOTIONAL_RELATIVE_TOLERANCE)) {
      return `below minimum notional ${formatDecimal(minNotional)} USD (value ${formatUsdAmount(value)})`;
    }
  }
  return null;
}
