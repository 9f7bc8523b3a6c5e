import type { CleanupEvent } from '@forced-cleanup/contract';
import type { RequestRecord } from '@forced-cleanup/exchange-sim';

/*
 * Counting what a run asked of an exchange, from the sim's request log (every request, with its kind), split
 * into the run's phases by the engine's own events: everything before `plan_made` is connecting and reading;
 * from there to the last close's final event is execution; the rest is the final reconciliation's re-read.
 */

/** Requests of one phase by kind. */
export interface RequestCounts {
  readonly read: number;
  readonly orderPlacing: number;
  readonly cancelling: number;
  /** Unsigned housekeeping, e.g. Coinbase's server time. */
  readonly other: number;
}

/** Counts the records in `[from, to)` by kind. */
export function countRequests(records: readonly RequestRecord[], from = 0, to = records.length): RequestCounts {
  let read = 0;
  let orderPlacing = 0;
  let cancelling = 0;
  let other = 0;
  for (let i = from; i < to; i++) {
    const kind = records[i]!.kind;
    if (kind === 'read') read++;
    else if (kind === 'order_placing') orderPlacing++;
    else if (kind === 'cancelling') cancelling++;
    else other++;
  }
  return { read, orderPlacing, cancelling, other };
}

/** The sum of all kinds. */
export function totalOf(counts: RequestCounts): number {
  return counts.read + counts.orderPlacing + counts.cancelling + counts.other;
}

/** Where in the request log each phase of a run ended. */
export interface PhaseMarks {
  /** Requests logged when the plan was made (connect + recovery + reads). */
  readonly planned: number | null;
  /** Requests logged when the last close reached its final state. */
  readonly executed: number | null;
}

/**
 * An event listener that marks the phases of a run in `records` (a live request log), for one account.
 * `marks()` gives the positions seen so far.
 */
export function phaseMarker(records: readonly RequestRecord[]): { listener: (event: CleanupEvent) => void; marks: () => PhaseMarks } {
  let planned: number | null = null;
  let executed: number | null = null;
  const listener = (event: CleanupEvent): void => {
    if (event.type === 'plan_made') planned = records.length;
    else if (event.type === 'position_closed' || event.type === 'action_failed' || event.type === 'action_skipped') executed = records.length;
  };
  return { listener, marks: () => ({ planned, executed }) };
}

/** The requests of each phase, given the marks (an unmarked phase is empty). */
export function phaseCounts(records: readonly RequestRecord[], marks: PhaseMarks): { read: RequestCounts; execute: RequestCounts; reconcile: RequestCounts } {
  const planned = marks.planned ?? records.length;
  const executed = marks.executed ?? planned;
  return {
    read: countRequests(records, 0, planned),
    execute: countRequests(records, planned, executed),
    reconcile: countRequests(records, executed, records.length),
  };
}
