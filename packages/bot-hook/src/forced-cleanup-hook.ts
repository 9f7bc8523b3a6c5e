import { toErrorData, type ErrorData } from '@forced-cleanup/contract';
import { readForEntryGate, runCleanupOnce } from './cleanup-run.js';
import { EntryGateCache, type EntryGateDecision } from './entry-gate-cache.js';
import { EventHub, type HookEvent, type HookEventListener, type RunOutcome, type RunTrigger } from './hook-events.js';
import { logEvent, safeLogger } from './hook-logger.js';
import { applyRunOverrides, resolveHookOptions, type ForcedCleanupOptions, type RunOverrides, type RunSettings } from './hook-options.js';

/** What a trading bot holds: the cleanup's whole surface. No method ever throws or rejects into the bot. */
export interface ForcedCleanupHook {
  /**
   * The startup cleanup: call once at bot start, before trading (await it so the bot trades on a clean
   * account). It is the process's startup run — the only run in which nuclear mode cancels open orders.
   * A second call resolves `skipped` (`startup_done`).
   */
  onStartup(): Promise<RunOutcome>;
  /**
   * Call every bot cycle with its number (1, 2, 3…). Runs a cleanup when `cycle` is a multiple of
   * `intervalCycles` (else resolves `not_due` at once). A due cycle arriving while a run is in progress is
   * skipped (event `cycle_skipped`), never queued. Await it to run cleanups inline, or don't: it never rejects.
   */
  onCycle(cycle: number): Promise<RunOutcome>;
  /**
   * The preventive cap for `owner` (`platform` or `user:<id>`): may it open one more position? From a
   * snapshot no older than `entryGateMaxAgeMs`; a fresh snapshot answers from memory (a settled promise),
   * a stale one is re-read first (read-only, no lock). Unknown counts block (see {@link EntryGateDecision}).
   */
  canOpenPosition(owner: string): Promise<EntryGateDecision>;
  /**
   * Tell the gate the bot just opened a position for `owner`, so it counts at once — until the next read
   * of the accounts, which sees it on the exchange. Call it after every entry the gate allowed.
   */
  notePositionOpened(owner: string): void;
  /** A cleanup now, optionally with different settings for this run only (e.g. `{ dryRun: true }`). */
  runNow(overrides?: RunOverrides): Promise<RunOutcome>;
  /**
   * Aborts a running cleanup (through its AbortSignal: calls in flight are abandoned, unfinished closes are
   * recorded failed and settled by the next run's journal recovery), waits for it to end, and releases
   * the run lock. Later calls resolve `skipped` (`closed`); entries are blocked.
   */
  close(): Promise<void>;
  /** Subscribes to every event (the engine's and the hook's own); returns the unsubscribe function. */
  on(listener: HookEventListener): () => void;
  /** True while a cleanup run is in progress. */
  readonly running: boolean;
}

/**
 * Creates the hook. Every option is validated here, synchronously: a bad value throws `invalid_config`
 * naming it (`forced-cleanup: maxPositions: expected a whole number ≥ 0, got -1`) — at bot startup,
 * before any trading. Nothing is read or traded until `onStartup`, `onCycle`, `runNow` or
 * `canOpenPosition` is called.
 */
export function createForcedCleanup(options: ForcedCleanupOptions): ForcedCleanupHook {
  const resolved = resolveHookOptions(options, process.cwd(), process.env);
  const logger = safeLogger(resolved.logger);
  const hub = new EventHub((error) => logger.error(`forced cleanup: an event listener threw (ignored): ${toErrorData(error).message}`));
  const emit = (event: HookEvent): void => {
    logEvent(logger, event);
    hub.emit(event);
  };
  const controller = new AbortController();
  const nowMs = () => Date.now();
  const configuredOwners = new Set<string>(resolved.accounts.map((account) => account.owner));
  const gate = new EntryGateCache({
    maxAgeMs: resolved.entryGateMaxAgeMs,
    settings: resolved.settings,
    configuredOwners,
    read: () => readForEntryGate(resolved, controller.signal),
    emit,
    nowMs,
  });

  let inFlight: Promise<RunOutcome> | null = null;
  let startupCalled = false;
  let startupConsumed = false;
  let closing: Promise<void> | null = null;
  const warnedOwners = new Set<string>();

  function trigger(kind: RunTrigger, cycle: number | null, overrides?: RunOverrides): Promise<RunOutcome> {
    if (closing) return Promise.resolve({ status: 'skipped', trigger: kind, cycle, reason: 'closed' });
    if (inFlight) {
      if (kind === 'cycle' && cycle !== null) emit({ type: 'cycle_skipped', cycle, reason: 'run_in_progress' });
      return Promise.resolve({ status: 'skipped', trigger: kind, cycle, reason: 'run_in_progress' });
    }
    let run: RunSettings;
    try {
      run = applyRunOverrides(resolved, overrides);
    } catch (error) {
      return Promise.resolve(failure(kind, cycle, toErrorData(error)));
    }
    // SPEC: the first run after the process starts is the startup run. A dry run previews it without
    // using it up, so a preview before onStartup() does not rob the real startup run of nuclear mode.
    const startup = !startupConsumed;
    if (!run.dryRun) startupConsumed = true;
    emit({ type: 'run_triggered', trigger: kind, cycle, startup, dryRun: run.dryRun });
    const running = runCleanupOnce({ options: resolved, run, startup, trigger: kind, cycle, signal: controller.signal, logger, emit, gate })
      .catch((error: unknown) => failure(kind, cycle, toErrorData(error)))
      .finally(() => {
        inFlight = null;
      });
    inFlight = running;
    return running;
  }

  function failure(kind: RunTrigger, cycle: number | null, error: ErrorData): RunOutcome {
    emit({ type: 'run_failed', trigger: kind, cycle, error });
    return { status: 'failed', trigger: kind, cycle, error };
  }

  return {
    onStartup() {
      if (startupCalled) return Promise.resolve({ status: 'skipped', trigger: 'startup', cycle: null, reason: 'startup_done' });
      startupCalled = true;
      return trigger('startup', null);
    },
    onCycle(cycle) {
      if (!Number.isSafeInteger(cycle) || cycle < 0) {
        logger.warn(`forced cleanup: onCycle(${String(cycle)}) ignored: expected the cycle number, a whole number ≥ 0`);
        return Promise.resolve({ status: 'not_due', trigger: 'cycle', cycle });
      }
      const interval = resolved.intervalCycles;
      if (interval === 0 || cycle === 0 || cycle % interval !== 0) return Promise.resolve({ status: 'not_due', trigger: 'cycle', cycle });
      return trigger('cycle', cycle);
    },
    canOpenPosition(owner) {
      if (closing) return Promise.resolve(Object.freeze({ allowed: false, counted: null, cap: 0, freeSlots: 0, asOf: null }));
      if (!configuredOwners.has(owner) && !warnedOwners.has(owner)) {
        warnedOwners.add(owner);
        logger.warn(`forced cleanup: canOpenPosition("${owner}"): no configured account belongs to this owner, so its count is unknown and entries are blocked`);
      }
      return gate.canOpenPosition(owner);
    },
    notePositionOpened(owner) {
      if (!closing) gate.noteEntry(owner);
    },
    runNow(overrides) {
      return trigger('manual', null, overrides);
    },
    close() {
      closing ??= (async () => {
        controller.abort();
        await inFlight;
        await gate.settle();
      })();
      return closing;
    },
    on(listener) {
      return hub.on(listener);
    },
    get running() {
      return inFlight !== null;
    },
  };
}
