/**
 * Decimal arithmetic on JavaScript numbers, good enough for a simulator: quantities are rounded to 15
 * significant digits after every operation, so that 0.1 + 0.2 is 0.3 on the wire and in step checks.
 */

/** Removes binary floating-point noise: 0.30000000000000004 → 0.3. */
export function clean(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? 0 : value;
  // An integer of at most 15 digits is already what 15 significant digits write: skip the round trip.
  if (Number.isInteger(value) && value < 1e15 && value > -1e15) return value;
  return Number.parseFloat(value.toPrecision(15));
}

/** `a − b` without floating-point noise. */
export function subtract(a: number, b: number): number {
  return clean(a - b);
}

/** `a + b` without floating-point noise. */
export function add(a: number, b: number): number {
  return clean(a + b);
}

/** `a × b` without floating-point noise. */
export function multiply(a: number, b: number): number {
  return clean(a * b);
}

/** How many decimal places a number needs when written in full (0.001 → 3, 1e-8 → 8, 25 → 0). */
export function decimalPlaces(value: number): number {
  return placesOfClean(clean(value));
}

/** {@link decimalPlaces} of a value that is already clean (clean is idempotent: this skips a second pass). */
function placesOfClean(cleanValue: number): number {
  const text = cleanValue.toString();
  const dot = text.indexOf('.');
  const e = text.indexOf('e-');
  // 1.5e-7 → 7 + 1 (the exponent plus the mantissa's own decimals).
  if (e >= 0) return Number(text.slice(e + 2)) + (dot >= 0 && dot < e ? e - dot - 1 : 0);
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** True when `quantity` is a whole multiple of `step` (within a relative 1e-9 tolerance). */
export function isMultipleOf(quantity: number, step: number): boolean {
  const ratio = quantity / step;
  return Math.abs(ratio - Math.round(ratio)) <= 1e-9 * Math.max(1, Math.abs(ratio));
}

/** Writes a number with exactly `decimals` places, never in exponent notation. */
export function fixed(value: number, decimals: number): string {
  return clean(value).toFixed(decimals);
}

/** Writes a number with as many places as it needs (up to 12), never in exponent notation. */
export function plain(value: number): string {
  const cleanValue = clean(value);
  return cleanValue.toFixed(Math.min(12, placesOfClean(cleanValue)));
}

/**
 * Parses a decimal string as sent on the wire ("0.0100", "5"). Returns null for anything that is not a
 * plain non-negative decimal (exponents, signs, blanks, NaN), as the exchanges reject those too.
 */
export function parseDecimal(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** How many decimal places a wire decimal string was written with ("0.0100" → 4). */
export function writtenDecimals(text: string): number {
  const trimmed = text.trim();
  const dot = trimmed.indexOf('.');
  return dot < 0 ? 0 : trimmed.length - dot - 1;
}
