import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { planCleanup, type TrackedPositionInfo } from '@forced-cleanup/core';
import {
  cleanupError,
  type AccountConfig,
  type AccountSnapshot,
  type ActionReport,
  type BrokerLogger,
  type CleanupEvent,
  type CleanupEventListener,
  type ErrorData,
  type OpenOrderPolicy,
  type OwnerReport,
  type Plan,
  type PlannerSettings,
  type PortfolioSnapshot,
  type Recovery,
  type RetrySettings,
  type RunReport,
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_RETRY_SETTINGS,
} from '@forced-cleanup/contract';
import { initialActionReport } from './action-report.js';
import { buildRunReport } from './build-run-report.js';
import { executePlan } from './execute-plan.js';
import { connectAccount, type ConnectedAccount } from './connect-account.js';
import { Journal } from './journal.js';
import { recoverInterruptedRuns } from './recover-interrupted-runs.js';
import { resilientConnection } from './resilient-connection.js';
import { acquireRunLock, type RunLock } from './run-lock.js';
import { readAccount } from './read-account.js';
import { plannedOwnerRows, reconcile, reconciledOwnerRows } from './reconcile.js';
import { runBounded } from './run-bounded.js';
import { createSecretReader } from './secret-reader.js';

/** Everything a cleanup run needs. The engine reads no flag, file or environment variable by itself. */
export interface CleanupOptions {
  /** The accounts to process. */
  readonly accounts: readonly AccountConfig[];
  /** Dust threshold, caps, cash assets, protect lists. */
  readonly settings: PlannerSettings;
  /** The resolved open-order policy. */
  readonly policy: OpenOrderPolicy;
  /** A dry run: `execute()` is refused, so nothing can be cancelled or sold. */
  readonly dryRun?: boolean;
  /** A startup run (every CLI invocation; the bot hook's first run). Nuclear mode cancels only then. */
  readonly startup: boolean;
  /** Accounts processed at once. */
  readonly concurrency: number;
  /** Where brokers and the engine keep state. */
  readonly stateDir: string;
  /** Directory of the configuration file (relative plugin and credential paths). */
  readonly configDir: string;
  /** Extra directories whose node_modules may hold broker packages (e.g. the CLI's own). */
  readonly pluginSearchDirs?: readonly string[];
  /** Environment for `*Env` credentials. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: BrokerLogger;
  /** Receives every event of the run. A listener that throws never stops the run. */
  readonly onEvent?: CleanupEventListener;
  readonly signal?: AbortSignal;
  /** Run id (part of every client order id). Random when not given. */
  readonly runId?: string;
  /** The clock (injectable for tests). */
  readonly now?: () => Date;
  /** Retries of reads and cancels. */
  readonly retry?: RetrySettings;
  /** Time a broker call may take before it is abandoned as a timeout. */
  readonly callTimeoutMs?: number;
  /** Liquidation guard: `execute()` refuses a plan selling more than this (USD) unless forced. */
  readonly maxSellUsdPerRun?: number;
  /**
   * Entry prices and open times known outside the exchange (a bot's position tracker), per account id then
   * asset. They override what the broker reports, for P&L and age in the ranking.
   */
  readonly positionInfo?: ReadonlyMap<string, ReadonlyMap<string, TrackedPositionInfo>>;
  /** Jitter source for retries, [0, 1) (injectable for tests). */
  readonly random?: () => number;
}

/** A read and planned cleanup, waiting to be executed or reported as a dry run. */
export interface CleanupSession {
  readonly runId: string;
  readonly snapshot: PortfolioSnapshot;
  readonly plan: Plan;
  /** What recovering an interrupted run found before this run read anything (null when nothing to recover). */
  readonly recovery: Recovery | null;
  /** USD value of every sell and conversion the plan makes (what the liquidation guard compares). */
  readonly plannedSellUsd: number;
  /** The report of a dry run: what would happen. Calls nothing on any exchange. */
  dryRunReport(): RunReport;
  /**
   * Executes the plan, re-reads every processed account, and reports. Never throws for an exchange
   * failure; throws `sell_limit_exceeded` (before any call) when the plan sells more than
   * `maxSellUsdPerRun` and `force` is not set.
   */
  execute(options?: { force?: boolean }): Promise<RunReport>;
  /** Closes every broker connection. */
  close(): Promise<void>;
}

const silentLogger: BrokerLogger = { info() {}, warn() {}, error() {} };

/**
 * Takes the run lock (real runs), connects every account, settles what an interrupted run left in flight,
 * reads every account, and plans. Nothing is cancelled or sold until `execute()`.
 */
export async function openCleanup(options: CleanupOptions): Promise<CleanupSession> {
  const clock = options.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const signal = options.signal ?? new AbortController().signal;
  // Every in-flight call of every account listens to the run's signal: hundreds of accounts are normal.
  setMaxListeners(0, signal);
  const runId = options.runId ?? randomUUID();
  const startedAt = now();
  const emit = safeEmitter(options.onEvent);
  const dryRun = options.dryRun ?? false;
  // A dry run reads only: it takes no lock and recovers nothing, so it can watch a real run.
  const lock: RunLock | null = dryRun ? null : acquireRunLock(options.stateDir, startedAt);
  let connected: ConnectedAccount[] = [];
  const closeAll = async () => {
    await Promise.all(connected.map((entry) => entry.connection?.close?.().catch(() => undefined)));
    lock?.release();
  };
  try {
    emit({ type: 'run_started', runId, dryRun, startup: options.startup, mode: options.policy.mode, accountIds: options.accounts.map((a) => a.id) });
    connected = await connectAll(options, emit, signal);
    const connections = new Map(connected.flatMap((entry) => (entry.connection ? [[entry.account.id, entry.connection] as const] : [])));
    const { recovery, blocked } = dryRun
      ? { recovery: null, blocked: new Map<string, ErrorData>() }
      : await recoverInterruptedRuns(options.stateDir, connections, runId, now, signal);
    if (recovery) emit({ type: 'recovered', recovery });

    const readAll = async (entries: readonly ConnectedAccount[], announce: boolean): Promise<PortfolioSnapshot> => {
      const accounts = await runBounded(entries, options.concurrency, async (entry) => {
        const unsettled = blocked.get(entry.account.id);
        if (unsettled) {
          const snapshot: AccountSnapshot = { readable: false, accountId: entry.account.id, owner: entry.account.owner, broker: entry.account.broker, error: unsettled };
          if (announce) emitRead(emit, snapshot);
          return snapshot;
        }
        if (announce) emit({ type: 'account_reading', accountId: entry.account.id });
        const snapshot = await readAccount(entry, options.settings.cashAssets, signal, options.positionInfo?.get(entry.account.id));
        if (announce) emitRead(emit, snapshot);
        return snapshot;
      });
      return { takenAt: now(), accounts };
    };

    const snapshot = await readAll(connected, true);
    const plan = planCleanup(snapshot, options.settings, options.policy, { startup: options.startup });
    emit({ type: 'plan_made', plan });
    const plannedSellUsd = plan.actions.reduce((sum, action) => sum + action.usdValue, 0);
    let used = false;
    const report = (results: ActionReport[], owners: OwnerReport[], isDry: boolean) =>
      buildRunReport({ runId, dryRun: isDry, startedAt, finishedAt: now(), plan, snapshot, results, owners, recovery });

    return {
      runId,
      snapshot,
      plan,
      recovery,
      plannedSellUsd,
      dryRunReport() {
        for (const action of plan.actions) {
          for (const order of action.ordersToCancel) {
            emit({ type: 'order_cancelling', actionId: action.id, accountId: action.accountId, order, dryRun: true });
          }
        }
        const results = plan.actions.map((action) => initialActionReport(action, 'planned'));
        const owners = plannedOwnerRows(plan, results);
        const dry = report(results, owners, true);
        emit({ type: 'reconciled', owners });
        emit({ type: 'run_finished', report: dry });
        return dry;
      },
      async execute(executeOptions = {}) {
        if (dryRun) throw new Error('a dry-run session never executes');
        if (used) throw new Error('a cleanup session executes once');
        used = true;
        if (options.maxSellUsdPerRun !== undefined && plannedSellUsd > options.maxSellUsdPerRun && !executeOptions.force) {
          throw cleanupError(
            'sell_limit_exceeded',
            `the plan sells $${plannedSellUsd.toFixed(2)}, more than maxSellUsdPerRun $${options.maxSellUsdPerRun.toFixed(2)}: nothing was traded (force it to proceed)`,
          );
        }
        const journal = Journal.create(options.stateDir, runId, startedAt);
        const results = await executePlan(plan, connected, { runId, emit, concurrency: options.concurrency, signal, journal, now });
        await journal.end(now());
        const processed = new Set(snapshot.accounts.filter((a) => a.readable).map((a) => a.accountId));
        const reread = await readAll(connected.filter((entry) => processed.has(entry.account.id)), false);
        const reconciliation = reconcile(plan, results, reread, options.settings);
        const owners = reconciledOwnerRows(plan, results, reconciliation);
        emit({ type: 'reconciled', owners });
        const real = report(results, owners, false);
        emit({ type: 'run_finished', report: real });
        return real;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Connects every account (bounded), each through the rate limit, timeouts and retries of its key. */
async function connectAll(options: CleanupOptions, emit: (event: CleanupEvent) => void, signal: AbortSignal): Promise<ConnectedAccount[]> {
  const env = options.env ?? {};
  const context = {
    stateDir: options.stateDir,
    configDir: options.configDir,
    env,
    logger: options.logger ?? silentLogger,
    secrets: createSecretReader(env, options.configDir),
  };
  const resolution = { configDir: options.configDir, searchDirs: options.pluginSearchDirs ?? [] };
  const connected = await runBounded(options.accounts, options.concurrency, async (account): Promise<ConnectedAccount> => {
    const entry = await connectAccount(account, context, resolution, signal);
    if (!entry.connection) return entry;
    const policy = {
      accountId: account.id,
      retry: options.retry ?? DEFAULT_RETRY_SETTINGS,
      callTimeoutMs: options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
      emit,
      ...(options.random ? { random: options.random } : {}),
    };
    return { account, connection: resilientConnection(entry.connection, policy), error: null };
  });
  // A configuration error (unknown broker, bad broker options) stops the run before anything is read:
  // nothing is traded on the strength of bad input. Credentials and network failures stay per account.
  const misconfigured = connected.filter((entry) => entry.error?.code === 'invalid_config');
  if (misconfigured.length > 0) {
    await Promise.all(connected.map((entry) => entry.connection?.close?.().catch(() => undefined)));
    const lines = misconfigured.map((entry) => `accounts[${entry.account.id}]: ${entry.error?.message ?? ''}`);
    throw cleanupError('invalid_config', lines.join('\n'));
  }
  return connected;
}

/** Opens, runs (dry or real) and closes: the one-call form. */
export async function runCleanup(options: CleanupOptions & { readonly dryRun: boolean; readonly force?: boolean }): Promise<RunReport> {
  const session = await openCleanup(options);
  try {
    return options.dryRun ? session.dryRunReport() : await session.execute({ force: options.force ?? false });
  } finally {
    await session.close();
  }
}

function emitRead(emit: (event: CleanupEvent) => void, snapshot: AccountSnapshot): void {
  if (snapshot.readable) {
    emit({ type: 'account_read', accountId: snapshot.accountId, owner: snapshot.owner, positions: snapshot.holdings.length, openOrders: snapshot.openOrders.length });
  } else {
    emit({ type: 'account_unreadable', accountId: snapshot.accountId, owner: snapshot.owner, error: snapshot.error });
  }
}

function safeEmitter(listener: CleanupEventListener | undefined): (event: CleanupEvent) => void {
  return (event) => {
    if (!listener) return;
    try {
      listener(event);
    } catch {
      // A listener's failure is the listener's: it never stops a run.
    }
  };
}
