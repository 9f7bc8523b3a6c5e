/**
 * Decimal arithmetic on exchange steps without a decimal library. Steps are decimal (0.00000001, 0.1,
 * 0.25, 1), but doubles are binary: `0.3 / 0.1` is 2.9999999999999996, and flooring it would sell one step
 * less than a full balance. Working in integer units of the step's last decimal place avoids that.
 */

/** `10^d` is exact in a double only up to 10^22. */
const MAX_EXACT_POWER_OF_TEN = 22;

/** A step expressed as whole units of `1 / scale` (0.25 → 25 units of 1/100). */
interface StepGrid {
  readonly scale: number;
  readonly units: number;
}

/** Steps are few (one per market) and looked up once per position: remember their grids. */
const gridCache = new Map<number, StepGrid | null>();
const GRID_CACHE_LIMIT = 4096;
let lastStep = Number.NaN;
let lastGrid: StepGrid | null = null;

/**
 * The number of decimal places of the shortest decimal that reads back as `value`
 * (0.25 → 2, 1e-8 → 8, 1.5e-7 → 8, 10 → 0).
 */
export function decimalPlaces(value: number): number {
  const text = String(value);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - exponent);
}

/** The grid of a positive finite step, or null when the step has too many decimals to scale exactly. */
export function stepGrid(step: number): StepGrid | null {
  // Markets of one exchange mostly share a few steps: the last one answers most lookups without hashing.
  if (step === lastStep) return lastGrid;
  const cached = gridCache.get(step);
  if (cached !== undefined) {
    lastStep = step;
    lastGrid = cached;
    return cached;
  }
  const places = decimalPlaces(step);
  let grid: StepGrid | null = null;
  if (places <= MAX_EXACT_POWER_OF_TEN) {
    const scale = 10 ** places;
    grid = { scale, units: Math.round(step * scale) };
  }
  if (gridCache.size >= GRID_CACHE_LIMIT) gridCache.clear();
  gridCache.set(step, grid);
  lastStep = step;
  lastGrid = grid;
  return grid;
}

/**
 * Writes a number as a plain decimal, never in exponent form where that can be avoided
 * (1e-8 → "0.00000001"), so messages read like the exchange's own rules.
 */
export function formatDecimal(value: number): string {
  const text = String(value);
  if (!text.includes('e') || !Number.isFinite(value)) return text;
  const places = decimalPlaces(value);
  return places <= 100 ? value.toFixed(places) : text;
}

/** A USD amount for messages: four significant digits is enough to see why something is below a minimum. */
export function formatUsdAmount(value: number): string {
  return Number.isFinite(value) ? formatDecimal(Number(value.toPrecision(4))) : String(value);
}
