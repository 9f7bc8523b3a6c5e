import type { ClassifiedPosition, OwnerId, PlannerSettings } from '@forced-cleanup/contract';
import { capForOwner } from './cap-for-owner.js';

/** Whether an owner may open one more position. */
export interface EntryDecision {
  /** `counted < cap`. */
  readonly allowed: boolean;
  /** The owner's positions that count toward its cap (dust, stuck, unpriced and protected do not). */
  readonly counted: number;
  /** The owner's cap. */
  readonly cap: number;
  /** `max(0, cap − counted)`. */
  readonly freeSlots: number;
}

/** The position-cap gate a bot asks before every entry. */
export interface EntryGate {
  /** The decision for one owner; O(1), allocation-free after the owner's first call. */
  canOpenPosition(owner: OwnerId): EntryDecision;
}

/**
 * Builds the entry gate from classified positions (SPEC "Bot hook": counted positions < cap, dust not
 * counted). Counts are taken once here, and each owner's decision is computed once and frozen, because
 * the bot asks before every entry of every cycle. Owners without positions have 0 counted.
 */
export function createEntryGate(positions: readonly ClassifiedPosition[], settings: PlannerSettings): EntryGate {
  const counts = new Map<OwnerId, number>();
  for (const position of positions) {
    if (position.category === 'counted') counts.set(position.owner, (counts.get(position.owner) ?? 0) + 1);
  }
  const decisions = new Map<OwnerId, EntryDecision>();
  return {
    canOpenPosition(owner: OwnerId): EntryDecision {
      let decision = decisions.get(owner);
      if (decision === undefined) {
        const counted = counts.get(owner) ?? 0;
        const cap = capForOwner(owner, settings);
        decision = Object.freeze({ allowed: counted < cap, counted, cap, freeSlots: Math.max(0, cap - counted) });
        decisions.set(owner, decision);
      }
      return decision;
    },
  };
}
