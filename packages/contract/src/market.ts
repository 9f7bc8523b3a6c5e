import { z } from 'zod';

const positiveOrNull = z.number().positive().nullable();

/**
 * The trading rules of one market (e.g. `SHIB-USD`), as an exchange declares them.
 * A rule given as `null` does not apply: a market with no rules given has no minimums.
 */
export const MarketRulesSchema = z.strictObject({
  /** The market's symbol in `BASE-QUOTE` form, e.g. `BTC-USD`. */
  symbol: z.string().min(3),
  /** The asset bought and sold, e.g. `BTC`. */
  base: z.string().min(1),
  /** The asset prices are expressed in, e.g. `USD`. */
  quote: z.string().min(1),
  /** Smallest order quantity, in base units. */
  minQuantity: positiveOrNull,
  /** Order quantities must be a multiple of this step, in base units. */
  quantityStep: positiveOrNull,
  /** Smallest order value (quantity × price), in quote units. */
  minNotional: positiveOrNull,
});
/** The trading rules of one market. */
export type MarketRules = z.infer<typeof MarketRulesSchema>;

/** Builds the canonical `BASE-QUOTE` symbol. */
export function symbolOf(base: string, quote: string): string {
  return `${base}-${quote}`;
}
