/**
 * Market symbols and the float-noise rules the paper exchange applies to quantities.
 * Kept apart from the schemas so that validation and trading read the same definitions.
 */

/** A market symbol in `BASE-QUOTE` form: exactly one dash, no whitespace, both halves non-empty. */
export const SYMBOL_PATTERN = /^[^\s-]+-[^\s-]+$/;

/** An asset name: non-empty, no dash (a dash separates base from quote), no whitespace. */
export const ASSET_PATTERN = /^[^\s-]+$/;

/** The two halves of a `BASE-QUOTE` symbol. */
export interface SymbolParts {
  /** The asset bought and sold. */
  readonly base: string;
  /** The asset prices are expressed in. */
  readonly quote: string;
}

/**
 * Splits a `BASE-QUOTE` symbol. Only called on symbols the schemas already checked against
 * {@link SYMBOL_PATTERN}, so a malformed one is a bug here, not bad input.
 */
export function splitSymbol(symbol: string): SymbolParts {
  const dash = symbol.indexOf('-');
  if (dash <= 0 || dash === symbol.length - 1) throw new Error(`not a BASE-QUOTE symbol: ${symbol}`);
  return { base: symbol.slice(0, dash), quote: symbol.slice(dash + 1) };
}

/**
 * Relative tolerance for float noise. Callers compute quantities in binary floating point (0.1 + 0.2),
 * so a quantity that is a step multiple or equal to a minimum "on paper" may miss it by ~1e-16; a real
 * exchange compares decimal strings and would accept it. 1e-9 is far above that noise and far below any
 * real step.
 */
export const RELATIVE_TOLERANCE = 1e-9;

/** True when `a` is less than `b` by more than float noise. */
export function clearlyLess(a: number, b: number): boolean {
  return a < b - RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** True when `quantity` is a whole multiple of `step`, float noise tolerated. */
export function isStepMultiple(quantity: number, step: number): boolean {
  const steps = quantity / step;
  return Math.abs(steps - Math.round(steps)) <= RELATIVE_TOLERANCE * Math.max(1, steps);
}

/**
 * Strips binary noise from the result of an addition or subtraction (0.3 − 0.1 → 0.2, not
 * 0.19999999999999998) so that balances read back as the decimals people wrote. 15 significant digits
 * is what a double holds exactly.
 */
export function withoutFloatNoise(value: number): number {
  return Number(value.toPrecision(15));
}

/** A price the exchange can fill against: a finite number > 0. Anything else makes a position unpriced. */
export function usablePrice(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
