import type { ClassifiedPosition, ErrorData } from '@forced-cleanup/contract';
import { formatDecimal } from './decimal-steps.js';

/**
 * The sentences of the planner's `skipped` list, for people reading a report: each says what the planner
 * saw, so nobody has to guess why a position was left alone.
 */

/** Why a protected position is left alone. */
export function protectedDetail(position: ClassifiedPosition): string {
  return `${position.asset} is on the protect list of ${position.owner}: never touched, not counted`;
}

/** Why an unpriced position cannot be valued: no market, or which price was wrong. */
export function unpricedDetail(position: ClassifiedPosition): string {
  const suffix = 'never dust, never sold, not counted';
  if (position.symbol === null && position.priceUsd === null) {
    return `no USD, USDC or USDT market to price ${position.asset}; ${suffix}`;
  }
  const market = position.symbol ?? `the market ${position.asset} is valued through`;
  const price = position.priceUsd;
  if (price === null) return `no usable price for ${market} (missing or not a finite number); ${suffix}`;
  if (price === 0) return `the price of ${market} is 0; ${suffix}`;
  return `the price of ${market} is negative (${formatDecimal(price)}); ${suffix}`;
}

/** Why a stuck position is not sold (and, when it is not converted either, why not). */
export function stuckDetail(position: ClassifiedPosition, conversion: 'unsupported' | 'not_dust'): string {
  const reason = position.stuckReason ?? 'cannot be sold';
  const why =
    conversion === 'unsupported'
      ? "the broker cannot convert dust"
      : 'dust conversion only takes positions worth less than the dust threshold';
  return `${reason}; ${why}; not counted toward the cap`;
}

/** Why a whole account was skipped. */
export function unreadableDetail(error: ErrorData): string {
  return `account could not be read (${error.code}): ${error.message}`;
}
