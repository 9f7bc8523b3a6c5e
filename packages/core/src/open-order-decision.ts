import type { CancelCondition, OpenOrder, OpenOrderPolicy, Plan } from '@forced-cleanup/contract';
import { formatDecimal } from './decimal-steps.js';

/** The mode that acts in one run: `nuclear` is resolved to `always` or `conservative`. */
export type EffectiveMode = Plan['effectiveMode'];

/** `nuclear` acts as `always` in a startup run and as `conservative` in every periodic run (SPEC). */
export function effectiveModeOf(policy: OpenOrderPolicy, startup: boolean): EffectiveMode {
  if (policy.mode === 'nuclear') return startup ? 'always' : 'conservative';
  return policy.mode;
}

/**
 * Whether the open orders of a position selected for closing are cancelled (true) or the position is
 * left alone (false). In `selective` mode a `usd_value` condition compares the position's USD value and
 * `rank>max_positions` holds exactly for positions chosen by the cap ranking (never for dust).
 */
export function shouldCancelOpenOrders(
  mode: EffectiveMode,
  conditions: readonly CancelCondition[],
  usdValue: number,
  chosenByCapRanking: boolean,
): boolean {
  if (mode === 'always') return true;
  if (mode === 'conservative') return false;
  for (const condition of conditions) {
    if (conditionHolds(condition, usdValue, chosenByCapRanking)) return true;
  }
  return false;
}

/** Whether one selective condition holds for a position. */
export function conditionHolds(condition: CancelCondition, usdValue: number, chosenByCapRanking: boolean): boolean {
  if (condition.field === 'rank') return chosenByCapRanking;
  switch (condition.op) {
    case '<':
      return usdValue < condition.value;
    case '<=':
      return usdValue <= condition.value;
    case '>':
      return usdValue > condition.value;
    case '>=':
      return usdValue >= condition.value;
  }
}

/** A condition written back in the grammar's form (`usd_value<=0.5`, `rank>max_positions`). */
export function formatCondition(condition: CancelCondition): string {
  return condition.field === 'rank' ? 'rank>max_positions' : `usd_value${condition.op}${formatDecimal(condition.value)}`;
}

/** The conditions as the user wrote them, else as parsed. */
export function conditionsTextOf(policy: OpenOrderPolicy): string {
  return policy.conditionsText ?? policy.conditions.map(formatCondition).join(',');
}

/** How the mode is named in notes: `conservative mode`, `nuclear mode, periodic run`, `selective mode: …`. */
export function describeMode(policy: OpenOrderPolicy, startup: boolean): string {
  if (policy.mode === 'nuclear') return `nuclear mode, ${startup ? 'startup' : 'periodic'} run`;
  if (policy.mode === 'selective') return `selective mode: ${conditionsTextOf(policy)}`;
  return `${policy.mode} mode`;
}

/** At most this many order ids are listed in one detail; the rest are counted. */
const LISTED_ORDER_IDS = 5;

/**
 * The detail of an `open_orders` skip: which orders, and why the mode kept them, e.g.
 * `1 open order (abc123); conservative mode never cancels`. Nuclear mode only keeps orders in a periodic run.
 */
export function openOrdersSkipDetail(orders: readonly OpenOrder[], policy: OpenOrderPolicy): string {
  const ids = orders.slice(0, LISTED_ORDER_IDS).map((order) => order.id);
  if (orders.length > LISTED_ORDER_IDS) ids.push(`and ${orders.length - LISTED_ORDER_IDS} more`);
  const count = `${orders.length} open order${orders.length === 1 ? '' : 's'} (${ids.join(', ')})`;
  if (policy.mode === 'nuclear') return `${count}; nuclear mode cancels only in a startup run, and this is a periodic run`;
  if (policy.mode === 'selective') return `${count}; no cancel condition holds (${conditionsTextOf(policy)})`;
  return `${count}; conservative mode never cancels`;
}
