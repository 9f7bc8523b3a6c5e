/*
 * Coinbase sends every quantity and price as a decimal string and wants order sizes the same way. A
 * JavaScript number printed naively can come out as `1e-8` (which Coinbase rejects) or carry binary noise
 * (`0.30000000000000004`, which fails the product's `base_increment`), so both directions go through here.
 */

/** A plain decimal as Coinbase writes it: digits, an optional fraction, no sign, no exponent. */
const DECIMAL = /^\d+(\.\d+)?$/;

/** Significant digits kept when printing: enough for any real quantity, few enough to drop float noise. */
const SIGNIFICANT_DIGITS = 15;

/** Parses a Coinbase decimal string; null when it is not one (empty, signed, exponent, garbage). */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Prints a non-negative finite number as a plain decimal string without exponent or float noise:
 * `1e-8` → `"0.00000001"`, `0.1 + 0.2` → `"0.3"`, `150000` → `"150000"`.
 */
export function toDecimalText(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a non-negative finite number: ${value}`);
  const cleaned = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  const text = String(cleaned);
  if (!text.includes('e')) return text;
  // Exponent form only happens below 1e-6 or above 1e21; toFixed(20) covers the small side exactly enough.
  const fixed = cleaned.toFixed(20);
  if (fixed.includes('e')) throw new RangeError(`too large to print as a plain decimal: ${value}`);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Adds decimals read from Coinbase, dropping the float noise the sum may pick up. */
export function sumDecimals(values: readonly number[]): number {
  const total = values.reduce((sum, value) => sum + value, 0);
  return Number(total.toPrecision(SIGNIFICANT_DIGITS));
}
