import type { OpenOrder } from '@forced-cleanup/contract';
import { compareStrings } from './ordering.js';
import { sortInPlace } from './sort-small.js';

/** An account's open orders grouped by base asset: `get(asset)` is the asset's orders, or undefined. */
export interface OrderGroups {
  get(asset: string): readonly OpenOrder[] | undefined;
}

/** Up to this many orders, groups are found by a scan: cheaper than building a hash map per account. */
const SCAN_LIMIT = 8;

/** Groups found by scanning a short list of (base, orders) pairs. */
class ScannedGroups implements OrderGroups {
  constructor(
    private readonly bases: readonly string[],
    private readonly groups: readonly OpenOrder[][],
  ) {}

  get(asset: string): readonly OpenOrder[] | undefined {
    const index = this.bases.indexOf(asset);
    return index < 0 ? undefined : this.groups[index];
  }
}

const NO_GROUPS: OrderGroups = new ScannedGroups([], []);

/**
 * Groups an account's open orders by the asset they trade as **base** (SPEC: a position has open orders
 * when an open order of its account is on a market whose base is its asset). Each group is sorted by
 * order id, then symbol, so a plan never depends on the order a broker listed its orders in. Every call
 * builds fresh groups: a caller may hand a group on without copying it.
 */
export function openOrdersByAsset(orders: readonly OpenOrder[]): OrderGroups {
  // The planner asks once per account: most accounts have no or few orders, for which a hash map per
  // account costs more than it saves.
  if (orders.length === 0) return NO_GROUPS;
  let groups: OrderGroups;
  const lists: OpenOrder[][] = [];
  if (orders.length <= SCAN_LIMIT) {
    const bases: string[] = [];
    for (const order of orders) {
      const index = bases.indexOf(order.base);
      if (index < 0) {
        bases.push(order.base);
        lists.push([order]);
      } else {
        lists[index]!.push(order);
      }
    }
    groups = new ScannedGroups(bases, lists);
  } else {
    const map = new Map<string, OpenOrder[]>();
    for (const order of orders) {
      const group = map.get(order.base);
      if (group === undefined) {
        const fresh = [order];
        map.set(order.base, fresh);
        lists.push(fresh);
      } else {
        group.push(order);
      }
    }
    groups = map;
  }
  for (const list of lists) {
    if (list.length > 1) sortInPlace(list, compareOrders);
  }
  return groups;
}

function compareOrders(a: OpenOrder, b: OpenOrder): number {
  return compareStrings(a.id, b.id) || compareStrings(a.symbol, b.symbol);
}
