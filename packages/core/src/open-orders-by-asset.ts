import type { OpenOrder } from '@forced-cleanup/contract';
import { compareStrings } from './ordering.js';

/**
 * Groups an account's open orders by the asset they trade as **base** (SPEC: a position has open orders
 * when an open order of its account is on a market whose base is its asset). Each group is sorted by
 * order id, then symbol, so a plan never depends on the order a broker listed its orders in.
 */
export function openOrdersByAsset(orders: readonly OpenOrder[]): ReadonlyMap<string, readonly OpenOrder[]> {
  const groups = new Map<string, OpenOrder[]>();
  for (const order of orders) {
    const group = groups.get(order.base);
    if (group === undefined) groups.set(order.base, [order]);
    else group.push(order);
  }
  for (const group of groups.values()) {
    if (group.length > 1) group.sort(compareOrders);
  }
  return groups;
}

function compareOrders(a: OpenOrder, b: OpenOrder): number {
  return compareStrings(a.id, b.id) || compareStrings(a.symbol, b.symbol);
}
