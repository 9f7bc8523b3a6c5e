import type { ClassifiedPosition, OpenOrderPolicy, PlannedAction, SkippedPosition } from '@forced-cleanup/contract';
import { openOrdersSkipDetail, shouldCancelOpenOrders, type EffectiveMode } from './open-order-decision.js';
import { plannedAction, skippedPosition } from './plan-entries.js';
import { rankCapCandidates } from './rank-cap-candidates.js';

/** How open orders are treated in this run. */
export interface OpenOrderContext {
  readonly policy: OpenOrderPolicy;
  readonly mode: EffectiveMode;
  readonly startup: boolean;
}

/** What enforcing one owner's cap decided. */
export interface CapEnforcement {
  /** Cap closes, in rank order. */
  readonly closes: PlannedAction[];
  /** Positions passed over because their open orders are kept (`open_orders`, would close for `cap`). */
  readonly skipped: SkippedPosition[];
  /** How many more closes the cap needed than the ranking could give: 0 when the cap is met. */
  readonly shortfall: number;
}

/**
 * Enforces one owner's cap over its counted positions (SPEC "Plan" 2 and 5). When there are more than
 * `cap`, walks the cap ranking and takes positions until the excess is closed. A position whose open
 * orders the mode keeps is skipped and the next-ranked one taken instead, so the cap is still met where
 * possible; `shortfall` says by how much it is not. `rank` is the place in the full ranking, skipped
 * places included, so a rank always means the same position.
 */
export function enforceOwnerCap(
  counted: readonly ClassifiedPosition[],
  cap: number,
  context: OpenOrderContext,
): CapEnforcement {
  const closes: PlannedAction[] = [];
  const skipped: SkippedPosition[] = [];
  const excess = counted.length - cap;
  if (excess <= 0) return { closes, skipped, shortfall: 0 };
  // One context for all of the owner's cap closes: they all carry the same figures.
  const capContext = Object.freeze({ counted: counted.length, cap });
  const ranking = rankCapCandidates(counted);
  for (let index = 0; index < ranking.length && closes.length < excess; index++) {
    const position = ranking[index]!;
    const orders = position.openOrders;
    if (orders.length === 0) {
      closes.push(plannedAction(position, 'sell', 'cap', index + 1, orders, capContext));
    } else if (shouldCancelOpenOrders(context.mode, context.policy.conditions, position.usdValue as number, true)) {
      closes.push(plannedAction(position, 'sell', 'cap', index + 1, orders, capContext));
    } else {
      const detail = openOrdersSkipDetail(orders, context.policy);
      skipped.push(skippedPosition(position, 'open_orders', detail, 'cap'));
    }
  }
  return { closes, skipped, shortfall: excess - closes.length };
}
