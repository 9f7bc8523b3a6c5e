import { cleanupError, type MarketRules } from '@forced-cleanup/contract';
import { classNamesOf } from './errors.js';

/*
 * ccxt does not enforce an exchange's minimums: `createOrder` sends an order below `limits.amount.min` or
 * `limits.cost.min`, and the exchange's refusal comes back in as many wordings as there are exchanges. So
 * the sell is sized and checked here before anything is sent, and a sell that cannot be placed is
 * `below_minimum` — the position is stuck, never retried in a loop. ccxt's `amountToPrecision` rounds
 * down to the step and throws InvalidOrder when nothing is left: that is stuck too.
 */

/** Relative float noise tolerated at a minimum (a quantity "equal" to it on paper may miss it by 1e-16). */
const RELATIVE_TOLERANCE = 1e-9;

/** What sizing a sell needs. */
export interface SellSizingInput {
  /** The quantity asked for, base units. */
  readonly quantity: number;
  /** The market's rules. */
  readonly rules: MarketRules;
  /** ccxt's rounding of a quantity to the market's step (`exchange.amountToPrecision`), as a decimal string. */
  readonly roundToStep: (quantity: number) => string;
  /** The market's last price in quote units, or null when it has none (the notional is then left to the exchange). */
  readonly price: number | null;
}

function belowMinimum(symbol: string, detail: string): Error {
  return cleanupError('below_minimum', `${symbol}: ${detail}; the position is stuck`);
}

/** True when `a` is less than `b` by more than float noise. */
function clearlyLess(a: number, b: number): boolean {
  return a < b - RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The quantity to send: `quantity` rounded down to the market's step. Rejects with `below_minimum` when
 * it rounds to nothing, or is below the minimum quantity, or (with a price) below the minimum notional.
 */
export function sizeSell(input: SellSizingInput): number {
  const { quantity, rules, price } = input;
  if (!(Number.isFinite(quantity) && quantity > 0)) throw cleanupError('invalid_order', `${rules.symbol}: cannot sell a quantity of ${quantity}`);
  let rounded: string;
  try {
    rounded = input.roundToStep(quantity);
  } catch (error) {
    if (!classNamesOf(error).includes('InvalidOrder')) throw error;
    throw belowMinimum(rules.symbol, `${quantity} rounds down to 0 at the market's quantity step ${rules.quantityStep ?? '(unknown)'}`);
  }
  const amount = Number(rounded);
  if (!(Number.isFinite(amount) && amount > 0)) {
    throw belowMinimum(rules.symbol, `${quantity} rounds down to 0 at the market's quantity step ${rules.quantityStep ?? '(unknown)'}`);
  }
  if (rules.minQuantity !== null && clearlyLess(amount, rules.minQuantity)) {
    throw belowMinimum(rules.symbol, `${amount} ${rules.base} is below the minimum quantity ${rules.minQuantity}`);
  }
  if (rules.minNotional !== null && price !== null && clearlyLess(amount * price, rules.minNotional)) {
    throw belowMinimum(rules.symbol, `${amount} ${rules.base} at ${price} is worth ${amount * price} ${rules.quote}, below the minimum notional ${rules.minNotional} ${rules.quote}`);
  }
  return amount;
}
