import type { MarketRules } from '@forced-cleanup/contract';
import { formatDecimal, formatUsdAmount, stepGrid } from './decimal-steps.js';

/**
 * How close (in ulps) a scaled quantity must be to a whole number of units to count as it. Float noise
 * from parsing or from a broker's `total − held` sits within a few ulps; a real shortfall (a quantity with
 * more decimals than the step) is far larger. The absolute floor covers small quantities.
 */
const SNAP_RELATIVE = 4 * Number.EPSILON;
const SNAP_ABSOLUTE = 1e-9;
/** Scaled quantities from here on are rounded in exact decimal arithmetic instead (see roundDownInDecimals). */
const EXACT_SCALED_LIMIT = 2 ** 51;

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
    // Below 2^51 a float product is within half a unit of the true one and the snap above corrects it;
    // from 2^52 the spacing of doubles is a whole unit, and a product can land on the wrong integer.
    if (scaled < EXACT_SCALED_LIMIT) {
      const nearest = Math.round(scaled);
      const whole = Math.abs(scaled - nearest) <= Math.max(SNAP_ABSOLUTE, scaled * SNAP_RELATIVE) ? nearest : Math.floor(scaled);
      // Integer remainder is exact below 2^53; dividing whole units by a power of ten then yields the
      // double nearest to the decimal result (3 / 10 is exactly the literal 0.3).
      // Steps are nearly always a power of ten (one unit): no remainder to take off, and `%` on doubles is slow.
      return (grid.units === 1 ? whole : whole - (whole % grid.units)) / grid.scale;
    }
  }
  const exact = roundDownInDecimals(quantity, step);
  if (exact !== null) return exact;
  const count = Math.floor(quantity / step);
  const rounded = count * step;
  return rounded <= quantity ? rounded : Math.max(0, (count - 1) * step);
}

/**
 * The rare path of quantities too large to scale safely (e.g. 900719926 at a step of 0.0000025):
 * exact integer arithmetic on the shortest decimal forms, whose result read back as a double is never
 * above the quantity. Null when either number only has an exponent form.
 */
function roundDownInDecimals(quantity: number, step: number): number | null {
  const quantityText = formatDecimal(quantity);
  const stepText = formatDecimal(step);
  if (/e/i.test(quantityText) || /e/i.test(stepText)) return null;
  const places = Math.max(fractionDigits(quantityText), fractionDigits(stepText));
  const units = (text: string) => {
    const [whole = '0', fraction = ''] = text.split('.');
    return BigInt(whole + fraction.padEnd(places, '0'));
  };
  const q = units(quantityText);
  const s = units(stepText);
  if (s <= 0n) return null;
  const digits = (q - (q % s)).toString().padStart(places + 1, '0');
  return Number(places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`);
}

function fractionDigits(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
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
