import type { ClassifiedPosition } from '@forced-cleanup/contract';
import { compareStrings } from './ordering.js';
import { parseTimestamp } from './parse-timestamp.js';
import { sortInPlace } from './sort-small.js';

/*
 * The cap ranking (SPEC "Plan" 2). Each position's sort keys are computed once into typed arrays and an
 * index array is sorted: ranking an owner's thousands of positions must not re-parse a timestamp, nor
 * allocate a key object, on every comparison.
 */

/** USD value; a missing one (only possible for a position that is not counted) sorts last. */
function valueKey(position: ClassifiedPosition): number {
  const value = position.usdValue;
  return value === null || Number.isNaN(value) ? Infinity : value;
}

/** P&L %, unknown taken as 0 (SPEC). */
function pnlKey(position: ClassifiedPosition): number {
  const pnl = position.pnlPct;
  return pnl === null || Number.isNaN(pnl) ? 0 : pnl;
}

/** Opening time in ms; unknown or unparseable is +Infinity, which sorts after every known time. */
function openedAtKey(position: ClassifiedPosition): number {
  return parseTimestamp(position.openedAt) ?? Infinity;
}

function compareByKeys(
  valueA: number,
  valueB: number,
  pnlA: number,
  pnlB: number,
  openedA: number,
  openedB: number,
  a: ClassifiedPosition,
  b: ClassifiedPosition,
): number {
  if (valueA !== valueB) return valueA < valueB ? -1 : 1;
  if (pnlA !== pnlB) return pnlA < pnlB ? -1 : 1;
  // Oldest first = opening time ascending; unknown (+Infinity) after known; two unknowns tie.
  if (openedA !== openedB) return openedA < openedB ? -1 : 1;
  return compareStrings(a.accountId, b.accountId) || compareStrings(a.asset, b.asset);
}

/**
 * Negative when `a` is closed before `b` under the cap ranking: USD value ascending, then P&L % ascending
 * (unknown counts as 0), then age descending — oldest first, unknown or unparseable `openedAt` after every
 * known one — then accountId, then asset (code-unit order, never locale order), so a dry run and the real
 * run pick the same positions.
 */
export function compareCapCandidates(a: ClassifiedPosition, b: ClassifiedPosition): number {
  return compareByKeys(valueKey(a), valueKey(b), pnlKey(a), pnlKey(b), openedAtKey(a), openedAtKey(b), a, b);
}

/*
 * Scratch key arrays, reused from one ranking to the next and grown when an owner has more positions: a
 * plan ranks every owner, and three fresh typed arrays per owner (each with its own off-heap buffer) cost
 * more than the ranking of a typical owner's few dozen positions. Ranking is synchronous, so one set is
 * never used by two rankings at once.
 */
let values = new Float64Array(64);
let pnls = new Float64Array(64);
let opened = new Float64Array(64);

function ensureScratch(count: number): void {
  if (values.length >= count) return;
  const size = Math.max(count, values.length * 2);
  values = new Float64Array(size);
  pnls = new Float64Array(size);
  opened = new Float64Array(size);
}

/** Marks an opening time not parsed yet (a parsed one is a number of ms or +Infinity, never NaN). */
const NOT_PARSED = Number.NaN;

/**
 * The positions in cap-ranking order (a new array; index 0 is rank 1, the first to close). Equivalent to
 * sorting with {@link compareCapCandidates}. Opening times are parsed only when two positions tie on value
 * and P&L — rare with real prices — since parsing every timestamp would cost more than the sort itself.
 */
export function rankCapCandidates(positions: readonly ClassifiedPosition[]): ClassifiedPosition[] {
  const count = positions.length;
  ensureScratch(count);
  const order = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const position = positions[i]!;
    values[i] = valueKey(position);
    pnls[i] = pnlKey(position);
    opened[i] = NOT_PARSED;
    order[i] = i;
  }
  const openedAt = (i: number): number => {
    let key = opened[i]!;
    if (key !== key) opened[i] = key = openedAtKey(positions[i]!);
    return key;
  };
  sortInPlace(order, (a, b) => {
    const valueA = values[a]!;
    const valueB = values[b]!;
    if (valueA !== valueB) return valueA < valueB ? -1 : 1;
    const pnlA = pnls[a]!;
    const pnlB = pnls[b]!;
    if (pnlA !== pnlB) return pnlA < pnlB ? -1 : 1;
    return compareByKeys(valueA, valueB, pnlA, pnlB, openedAt(a), openedAt(b), positions[a]!, positions[b]!);
  });
  const ranked = new Array<ClassifiedPosition>(count);
  for (let i = 0; i < count; i++) ranked[i] = positions[order[i]!]!;
  return ranked;
}
