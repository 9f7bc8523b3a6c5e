import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openCleanup, type CleanupOptions, type CleanupSession } from '@forced-cleanup/engine';
import { toErrorData, type BrokerLogger, type Plan, type PortfolioSnapshot, type RunReport } from '@forced-cleanup/contract';
import type { EntryGateCache } from './entry-gate-cache.js';
import type { HookEvent, RunOutcome, RunTrigger } from './hook-events.js';
import type { ResolvedHookOptions, RunSettings } from './hook-options.js';
import { readTrackedPositions } from './position-tracker.js';
import { compareWithTracker } from './tracker-report.js';
import { TrackerSync } from './tracker-sync.js';

/**
 * This package's directory: its dependencies include the built-in paper broker, so the engine's loader
 * finds `broker: paper` from here even when the bot itself does not depend on it.
 */
const BOT_HOOK_PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const silentLogger: BrokerLogger = { info() {}, warn() {}, error() {} };

/** The engine options every session of the hook shares. */
export function engineOptions(options: ResolvedHookOptions, logger: BrokerLogger): Omit<CleanupOptions, 'startup' | 'policy' | 'settings'> {
  return {
    accounts: options.accounts,
    concurrency: options.concurrency,
    stateDir: options.stateDir,
    configDir: options.configDir,
    pluginSearchDirs: [...options.pluginSearchDirs, BOT_HOOK_PACKAGE_DIR],
    env: options.env,
    logger,
    retry: options.retry,
    callTimeoutMs: options.callTimeoutMs,
    ...(options.maxSellUsdPerRun !== undefined ? { maxSellUsdPerRun: options.maxSellUsdPerRun } : {}),
  };
}

/**
 * Reads every account without changing anything (a dry-run session: no lock, no order call), for the
 * entry gate. Its engine events are not forwarded: a gate read is not a cleanup run.
 */
export async function readForEntryGate(options: ResolvedHookOptions, signal: AbortSignal): Promise<{ snapshot: PortfolioSnapshot; plan: Plan }> {
  const session = await openCleanup({
    ...engineOptions(options, silentLogger),
    settings: options.settings,
    policy: options.policy,
    dryRun: true,
    startup: false,
    signal,
  });
  try {
    return { snapshot: session.snapshot, plan: session.plan };
  } finally {
    await session.close();
  }
}

/** One run's inputs. */
export interface CleanupRunInput {
  readonly options: ResolvedHookOptions;
  readonly run: RunSettings;
  readonly startup: boolean;
  readonly trigger: RunTrigger;
  readonly cycle: number | null;
  readonly signal: AbortSignal;
  readonly logger: BrokerLogger;
  readonly emit: (event: HookEvent) => void;
  readonly gate: EntryGateCache;
}

/**
 * One cleanup run, start to end: read the tracker, open the engine session (lock, read, plan), compare
 * tracker and exchange, feed the entry gate, execute (or report a dry run), and deliver every close to
 * the tracker before resolving. Never rejects: whatever fails becomes a `failed` outcome and a
 * `run_failed` event. The session is always closed, which releases the lock — also after an abort.
 */
export async function runCleanupOnce(input: CleanupRunInput): Promise<RunOutcome> {
  const { options, run, trigger, cycle, emit } = input;
  const tracker = options.tracker;
  const runId = randomUUID();
  let session: CleanupSession | null = null;
  const sync = tracker ? new TrackerSync(tracker, runId, emit) : null;
  try {
    const tracked = tracker ? await readTrackedPositions(tracker) : null;
    const readMark = input.gate.beginRead();
    session = await openCleanup({
      ...engineOptions(options, input.logger),
      settings: run.settings,
      policy: run.policy,
      dryRun: run.dryRun,
      startup: input.startup,
      runId,
      signal: input.signal,
      ...(tracked ? { positionInfo: tracked } : {}),
      onEvent: (event) => {
        emit(event);
        sync?.handle(event);
      },
    });
    const trackerReport = tracked ? compareWithTracker(runId, session.snapshot, session.plan, tracked) : null;
    if (trackerReport) emit({ type: 'tracker_report', report: trackerReport });
    // Before executing: a cleanup only lowers counts, so until it ends this snapshot errs on the safe side.
    input.gate.update(session.snapshot, session.plan, readMark);
    const report = run.dryRun ? session.dryRunReport() : await session.execute({ force: run.force });
    if (!run.dryRun && changedAccounts(report)) input.gate.invalidate();
    await sync?.flush();
    return { status: 'completed', trigger, cycle, report, trackerReport };
  } catch (error) {
    await sync?.flush();
    const data = toErrorData(error);
    emit({ type: 'run_failed', trigger, cycle, error: data });
    return { status: 'failed', trigger, cycle, error: data };
  } finally {
    await session?.close().catch(() => undefined);
  }
}

/** Whether a real run may have changed what the accounts hold (any close attempted, or a recovery). */
function changedAccounts(report: RunReport): boolean {
  return report.actions.length > 0 || report.recovery !== null;
}
