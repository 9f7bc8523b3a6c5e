import { PLATFORM_OWNER, type OwnerId } from '@forced-cleanup/contract';

/**
 * The orderings every output of the planner is sorted by. Plain code-unit comparison, never
 * `localeCompare`: the order of a plan must not depend on the machine's locale.
 */

/** Compares two strings by UTF-16 code units (`<`), as `Array.prototype.sort` does by default. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Owner order of every report: `platform` first, then users by id. */
export function compareOwners(a: OwnerId, b: OwnerId): number {
  if (a === b) return 0;
  if (a === PLATFORM_OWNER) return -1;
  if (b === PLATFORM_OWNER) return 1;
  return compareStrings(a, b);
}
