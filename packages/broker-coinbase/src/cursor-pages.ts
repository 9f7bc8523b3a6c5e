import { malformed, type CoinbaseOperation } from './errors.js';

/*
 * Coinbase lists accounts 250 and orders 25 to a page (the library's defaults), with `has_next` and an
 * opaque `cursor`. Stopping after the first page hides positions from the cap and open orders from the
 * open-order rules, so every list is read to its end; and because a server that keeps saying `has_next`
 * would otherwise keep us reading forever, a missing or repeated cursor is a malformed answer.
 */

/** One page of a cursor-paged list. */
export interface CursorPage<T> {
  readonly items: readonly T[];
  readonly hasNext: boolean;
  /** The cursor of the next page (empty on the last page). */
  readonly cursor: string;
}

/** More pages than any real account has (250 000 accounts or 25 000 orders): beyond, the server is looping. */
export const MAX_PAGES = 1_000;

/**
 * Fetches page after page (`null` cursor first), handing each to `visit`, until the last page or until
 * `visit` returns true (found what it looked for). Rejects with `malformed_response` when the server says
 * there is a next page but gives no new cursor.
 */
export async function visitCursorPages<T>(
  operation: CoinbaseOperation,
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
  visit: (items: readonly T[]) => boolean,
): Promise<void> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const current = await fetchPage(cursor);
    if (visit(current.items) || !current.hasNext) return;
    if (current.cursor === '') throw malformed(operation, `page ${page} says has_next but gives no cursor`);
    if (seen.has(current.cursor)) throw malformed(operation, `page ${page} repeats an earlier cursor`);
    seen.add(current.cursor);
    cursor = current.cursor;
  }
  throw malformed(operation, `more than ${MAX_PAGES} pages`);
}

/** Every item of a cursor-paged list, first page to last. */
export async function readAllCursorPages<T>(operation: CoinbaseOperation, fetchPage: (cursor: string | null) => Promise<CursorPage<T>>): Promise<T[]> {
  const all: T[] = [];
  await visitCursorPages(operation, fetchPage, (items) => {
    all.push(...items);
    return false;
  });
  return all;
}
