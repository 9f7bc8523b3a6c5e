import type { Outcome } from '@forced-cleanup/contract';
import { isValidPrice } from './valid-numbers.js';

/**
 * P&L in percent: (price − entry) / entry × 100, not rounded (2.5 means +2.5 %).
 * Null when either price is not a finite number > 0: an unknown P&L must never pass for breakeven.
 */
export function pnlPercent(price: number | null, entryPrice: number | null): number | null {
  if (!isValidPrice(price) || !isValidPrice(entryPrice)) return null;
  return ((price - entryPrice) / entryPrice) * 100;
}

/** The outcome of a close at this P&L: `WIN` > 0, `LOSS` < 0, `BREAKEVEN` = 0, `UNKNOWN` without one. */
export function outcomeOf(pnlPct: number | null): Outcome {
  if (pnlPct === null || Number.isNaN(pnlPct)) return 'UNKNOWN';
  if (pnlPct > 0) return 'WIN';
  if (pnlPct < 0) return 'LOSS';
  return 'BREAKEVEN';
}
