/**
 * The two checks every price goes through. Brokers, state files and trackers hand over values that may be
 * null, zero, negative, NaN or infinite; none of those may ever value a position (SPEC safety rule: an
 * unknown or invalid price never makes a position dust).
 */

/** The value when it is a finite number, else null (`undefined`, `null`, strings, NaN, ±Infinity). */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** True for a usable price: a finite number strictly greater than 0. */
export function isValidPrice(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value < Infinity;
}
