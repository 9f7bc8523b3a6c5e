import { describe, expect, it } from 'vitest';
import type { CleanupEvent } from '@forced-cleanup/contract';
import type { RequestRecord } from '@forced-cleanup/exchange-sim';
import { countRequests, phaseCounts, phaseMarker, totalOf } from '../src/request-tally.js';

function record(kind: RequestRecord['kind']): RequestRecord {
  return { at: '2025-01-01T00:00:00.000Z', exchange: 'coinbase', method: 'GET', path: '/x', kind, status: 200, apiKey: 'k' };
}

describe('request tally', () => {
  it('counts requests by kind within a range', () => {
    const records = [record('other'), record('read'), record('read'), record('order_placing'), record('cancelling')];
    expect(countRequests(records)).toEqual({ read: 2, orderPlacing: 1, cancelling: 1, other: 1 });
    expect(countRequests(records, 1, 3)).toEqual({ read: 2, orderPlacing: 0, cancelling: 0, other: 0 });
    expect(totalOf(countRequests(records))).toBe(5);
  });

  it('splits a run into reading, execution and reconciliation by the engine\'s events', () => {
    const records: RequestRecord[] = [];
    const marker = phaseMarker(records);
    const action = { accountId: 'a' } as unknown as Extract<CleanupEvent, { type: 'position_closed' }>['action'];
    records.push(record('read'), record('read'));
    marker.listener({ type: 'plan_made' } as CleanupEvent);
    records.push(record('cancelling'), record('read'), record('order_placing'));
    marker.listener({ type: 'position_closed', action } as CleanupEvent);
    records.push(record('order_placing'), record('read'));
    marker.listener({ type: 'action_failed', action } as CleanupEvent);
    records.push(record('read'), record('read'), record('read'));
    const phases = phaseCounts(records, marker.marks());
    expect(phases.read).toEqual({ read: 2, orderPlacing: 0, cancelling: 0, other: 0 });
    expect(phases.execute).toEqual({ read: 2, orderPlacing: 2, cancelling: 1, other: 0 });
    expect(phases.reconcile).toEqual({ read: 3, orderPlacing: 0, cancelling: 0, other: 0 });
  });

  it('puts everything in the read phase of a run that never planned (a dry run that failed early)', () => {
    const records = [record('read'), record('other')];
    const phases = phaseCounts(records, { planned: null, executed: null });
    expect(totalOf(phases.read)).toBe(2);
    expect(totalOf(phases.execute) + totalOf(phases.reconcile)).toBe(0);
  });
});
