/**
 * Sorting the many short lists of a plan (an owner's accounts, its skipped positions, its cap ranking, an
 * asset's open orders). `Array.prototype.sort` allocates its working state on every call — about a
 * kilobyte, more than a short list holds — and a plan of a million positions sorts tens of thousands of
 * lists. Up to {@link SHORT_LIST} items this sorts in place by binary insertion, which is what the engine's
 * own TimSort does for runs this short, without the allocation; longer lists go to `Array.prototype.sort`.
 * Both are stable, so the order is the same either way.
 */

/** Lists up to this long are sorted here (TimSort's own minimum run length). */
const SHORT_LIST = 32;

/** Sorts `items` in place, stably, by `compare`, and returns it. */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  const length = items.length;
  if (length > SHORT_LIST) return items.sort(compare);
  for (let i = 1; i < length; i++) {
    const item = items[i]!;
    // The first place whose item sorts after `item`: inserting there keeps equal items in their order.
    let low = 0;
    let high = i;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, items[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    for (let j = i; j > low; j--) items[j] = items[j - 1]!;
    items[low] = item;
  }
  return items;
}
