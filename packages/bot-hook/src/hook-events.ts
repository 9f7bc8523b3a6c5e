import type { CleanupEvent, ErrorData, RunReport } from '@forced-cleanup/contract';
import type { TrackerReport } from './tracker-report.js';

/** What started a run: `onStartup()`, `onCycle(n)`, or `runNow()`. */
export type RunTrigger = 'startup' | 'cycle' | 'manual';

/** The hook's own events, beside the engine's. */
export type HookOwnEvent =
  /** A run is about to start. `startup` is true for the process's first real run (nuclear mode cancels only then). */
  | { type: 'run_triggered'; trigger: RunTrigger; cycle: number | null; startup: boolean; dryRun: boolean }
  /** A due cycle arrived while a run was in progress: it was skipped, never queued (runs never overlap). */
  | { type: 'cycle_skipped'; cycle: number; reason: 'run_in_progress' }
  /** A run could not start or finish (lock held, bad tracker data, bad overrides…): nothing reached the bot. */
  | { type: 'run_failed'; trigger: RunTrigger; cycle: number | null; error: ErrorData }
  /** Tracker and exchange compared at the start of a run. */
  | { type: 'tracker_report'; report: TrackerReport }
  /** A tracker method threw or rejected; the run went on. */
  | { type: 'tracker_failed'; call: string; error: ErrorData }
  /** The entry gate read the accounts again (`unknownOwners`: owners with an unreadable account, blocked). */
  | { type: 'entry_gate_refreshed'; takenAt: string; unknownOwners: string[] }
  /** The entry gate could not read the accounts: every owner is blocked until the next refresh. */
  | { type: 'entry_gate_refresh_failed'; error: ErrorData };

/** Everything `hook.on(listener)` receives: the engine's events of each run, and the hook's own. */
export type HookEvent = CleanupEvent | HookOwnEvent;

/** Receives hook events. A listener that throws is ignored (and logged once): it never reaches a run. */
export type HookEventListener = (event: HookEvent) => void;

/** How a run (or a cycle) ended, as `onStartup`, `onCycle` and `runNow` resolve. They never reject. */
export type RunOutcome =
  /** The run read, planned and (unless dry) executed. Failed closes are in `report.actions`. */
  | { status: 'completed'; trigger: RunTrigger; cycle: number | null; report: RunReport; trackerReport: TrackerReport | null }
  /** The run could not start or finish; `error` says why (also a `run_failed` event and an error log). */
  | { status: 'failed'; trigger: RunTrigger; cycle: number | null; error: ErrorData }
  /** No run: another was in progress, the startup run already happened, or the hook is closed. */
  | { status: 'skipped'; trigger: RunTrigger; cycle: number | null; reason: 'run_in_progress' | 'startup_done' | 'closed' }
  /** `onCycle(n)` for a cycle that is not a multiple of `intervalCycles`. */
  | { status: 'not_due'; trigger: 'cycle'; cycle: number };

/** Fan-out of events to listeners, each isolated: a throwing listener never stops the others or a run. */
export class EventHub {
  private readonly listeners = new Set<HookEventListener>();
  private warned = false;

  /** @param onListenerError told (once) when a listener throws */
  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Adds a listener; returns its unsubscribe function. */
  on(listener: HookEventListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry: HookEventListener = (event) => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Delivers one event to every listener, in subscription order. */
  emit(event: HookEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        if (!this.warned) {
          this.warned = true;
          this.onListenerError(error);
        }
      }
    }
  }
}
