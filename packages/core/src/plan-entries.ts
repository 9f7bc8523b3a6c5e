import type {
  ClassifiedPosition,
  CloseReason,
  OpenOrder,
  PlannedAction,
  SkippedPosition,
  SkipReason,
} from '@forced-cleanup/contract';
import { outcomeOf } from './pnl-and-outcome.js';

/**
 * Builders of the two kinds of plan entries, so every action and every skip has the same shape (one
 * hidden class, every field set) however it was decided.
 */

/**
 * The one empty order list every position without open orders (and every close cancelling nothing) shares.
 * A plan of a million positions would otherwise hold a million empty arrays; frozen, so that a consumer
 * that tried to add to one would fail loudly instead of changing every position's list.
 */
export const NO_ORDERS: OpenOrder[] = Object.freeze([]) as unknown as OpenOrder[];

/** The owner's counted positions before cleanup and its cap, carried by cap closes. */
export interface CapContext {
  readonly counted: number;
  readonly cap: number;
}

/**
 * A planned close of a priced position. `rank` is its 1-based place in the owner's cap ranking (null for
 * dust); `ordersToCancel` is empty for a position without open orders or whose orders are kept.
 * `capContext` is stored as given: the caller passes one frozen object per owner, not one per close.
 */
export function plannedAction(
  position: ClassifiedPosition,
  kind: PlannedAction['kind'],
  reason: CloseReason,
  rank: number | null,
  ordersToCancel: readonly OpenOrder[],
  capContext: CapContext | null,
): PlannedAction {
  return {
    id: `${position.accountId}:${position.asset}`,
    kind,
    accountId: position.accountId,
    owner: position.owner,
    asset: position.asset,
    symbol: position.symbol,
    reason,
    quantity: position.quantity,
    // Only priced positions are ever closed, so both are finite numbers > 0 here.
    priceUsd: position.priceUsd as number,
    usdValue: position.usdValue as number,
    pnlPct: position.pnlPct,
    rank,
    outcome: outcomeOf(position.pnlPct),
    ordersToCancel: ordersToCancel.length === 0 ? NO_ORDERS : ordersToCancel.slice(),
    capContext: capContext as PlannedAction['capContext'],
  };
}

/** A position the planner leaves alone; `wouldClose` says what it would have been closed for. */
export function skippedPosition(
  position: ClassifiedPosition,
  reason: SkipReason,
  detail: string,
  wouldClose: CloseReason | null,
): SkippedPosition {
  return {
    accountId: position.accountId,
    owner: position.owner,
    asset: position.asset,
    symbol: position.symbol,
    reason,
    detail,
    usdValue: position.usdValue,
    wouldClose,
  };
}
