/**
 * Serialised JSON of list items that rarely change between calls — a market's rules in `exchangeInfo` or
 * `products`, an account's balance in a balance listing — so that a listing re-serialises only the items
 * whose inputs changed. Each item is remembered with the inputs it was rendered from and rendered again
 * whenever any of them differs (compared with `Object.is`), so an answer is always exactly what
 * `JSON.stringify` of the fresh view would give: the state stays live (tests may move a price at any time).
 */

interface Rendered {
  readonly inputs: readonly unknown[];
  readonly json: string;
}

/** How many items one cache keeps before starting over (a bound for states fed endless new names). */
const MAX_ENTRIES = 10_000;

/** One kind of list item (e.g. Binance symbols), keyed by the item's name. */
export class FragmentCache {
  private readonly entries = new Map<string, Rendered>();

  /**
   * The JSON of the item `key` rendered from `inputs`: remembered if the same inputs rendered it last time,
   * else `render()` (which must depend on nothing but `key` and `inputs`) is called and remembered.
   */
  json(key: string, inputs: readonly unknown[], render: () => string): string {
    const known = this.entries.get(key);
    if (known !== undefined && sameInputs(known.inputs, inputs)) return known.json;
    const json = render();
    if (known === undefined && this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { inputs, json });
    return json;
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** `[a,b,…]` from already serialised items. */
export function jsonArray(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}

/** `JSON.stringify(object)` with one more key appended at the end, whose value is already JSON. */
export function jsonWithLastKey(object: Record<string, unknown>, key: string, json: string): string {
  const head = JSON.stringify(object);
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(key)}:${json}}`;
}
