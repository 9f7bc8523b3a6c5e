import type { ClassifiedPosition } from '@forced-cleanup/contract';
import { compareStrings } from './ordering.js';
import { parseTimestamp } from './parse-timestamp.js';

/**
 * The sort keys of one candidate, computed once: ranking thousands of positions must not re-parse a
 * timestamp on every comparison.
 */
interface RankKeys {
  readonly position: ClassifiedPosition;
  /** USD value; a missing one (only possible for a position that is not counted) sorts last. */
  readonly value: number;
  /** P&L %, unknown taken as 0 (SPEC). */
  readonly pnl: number;
  /** Opening time in ms; unknown is +Infinity, which sorts after every known time. */
  readonly openedAt: number;
}

function keysOf(position: ClassifiedPosition): RankKeys {
  const value = position.usdValue;
  const pnl = position.pnlPct;
  const openedAt = parseTimestamp(position.openedAt);
  return {
    position,
    value: value === null || Number.isNaN(value) ? Infinity : value,
    pnl: pnl === null || Number.isNaN(pnl) ? 0 : pnl,
    openedAt: openedAt ?? Infinity,
  };
}

function compareKeys(a: RankKeys, b: RankKeys): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  if (a.pnl !== b.pnl) return a.pnl < b.pnl ? -1 : 1;
  // Oldest first = opening time ascending; unknown (+Infinity) after known; two unknowns tie.
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? -1 : 1;
  return (
    compareStrings(a.position.accountId, b.position.accountId) || compareStrings(a.position.asset, b.position.asset)
  );
}

/**
 * The cap ranking (SPEC "Plan" 2): negative when `a` is closed before `b`. By USD value ascending, then
 * P&L % ascending (unknown counts as 0), then age descending — oldest first, unknown or unparseable
 * `openedAt` after every known one — then accountId, then asset (code-unit order, never locale order),
 * so a dry run and the real run pick the same positions.
 */
export function compareCapCandidates(a: ClassifiedPosition, b: ClassifiedPosition): number {
  return compareKeys(keysOf(a), keysOf(b));
}

/**
 * The positions in cap-ranking order (a new array; index 0 is rank 1, the first to close). Equivalent to
 * sorting with {@link compareCapCandidates}, with each position's keys computed once.
 */
export function rankCapCandidates(positions: readonly ClassifiedPosition[]): ClassifiedPosition[] {
  const keyed = positions.map(keysOf);
  keyed.sort(compareKeys);
  return keyed.map((keys) => keys.position);
}
