import { randomUUID } from 'node:crypto';
import { planCleanup } from '@forced-cleanup/core';
import {
  cleanupError,
  type AccountConfig,
  type AccountSnapshot,
  type ActionReport,
  type BrokerLogger,
  type CleanupEvent,
  type CleanupEventListener,
  type OpenOrderPolicy,
  type Plan,
  type PlannerSettings,
  type PortfolioSnapshot,
  type RunReport,
} from '@forced-cleanup/contract';
import { failed, initialActionReport } from './action-report.js';
import { buildRunReport } from './build-run-report.js';
import { clientOrderIdFor } from './client-order-id.js';
import { closePosition } from './close-position.js';
import { connectAccount, type ConnectedAccount } from './connect-account.js';
import { readAccount } from './read-account.js';
import { plannedOwnerRows, reconcile, reconciledOwnerRows } from './reconcile.js';
import { runBounded } from './run-bounded.js';

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
}

/** A read and planned cleanup, waiting to be executed or reported as a dry run. */
export interface CleanupSession {
  readonly runId: string;
  readonly snapshot: PortfolioSnapshot;
  readonly plan: Plan;
  /** The report of a dry run: what would happen. Calls nothing on any exchange. */
  dryRunReport(): RunReport;
  /** Executes the plan, re-reads every processed account, and reports. Never throws for an exchange failure. */
  execute(): Promise<RunReport>;
  /** Closes every broker connection. */
  close(): Promise<void>;
}

const silentLogger: BrokerLogger = { info() {}, warn() {}, error() {} };

/** Connects every account, reads it, and plans. Nothing is cancelled or sold until `execute()`. */
export async function openCleanup(options: CleanupOptions): Promise<CleanupSession> {
  const now = options.now ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  const runId = options.runId ?? randomUUID();
  const startedAt = now().toISOString();
  const emit = safeEmitter(options.onEvent);
  const context = {
    stateDir: options.stateDir,
    configDir: options.configDir,
    env: options.env ?? {},
    logger: options.logger ?? silentLogger,
  };
  const resolution = { configDir: options.configDir, searchDirs: options.pluginSearchDirs ?? [] };

  emit({ type: 'run_started', runId, dryRun: options.dryRun ?? false, startup: options.startup, mode: options.policy.mode, accountIds: options.accounts.map((a) => a.id) });
  const connected = await runBounded(options.accounts, options.concurrency, (account) =>
    connectAccount(account, context, resolution, signal),
  );
  // A configuration error (unknown broker, bad broker options) stops the run before anything is read:
  // nothing is traded on the strength of bad input. Credentials and network failures stay per account.
  const misconfigured = connected.filter((entry) => entry.error?.code === 'invalid_config');
  if (misconfigured.length > 0) {
    await Promise.all(connected.map((entry) => entry.connection?.close?.().catch(() => undefined)));
    const lines = misconfigured.map((entry) => `accounts[${entry.account.id}]: ${entry.error?.message ?? ''}`);
    throw cleanupError('invalid_config', lines.join('\n'));
  }
  const readAll = async (): Promise<PortfolioSnapshot> => {
    const accounts = await runBounded(connected, options.concurrency, async (entry) => {
      emit({ type: 'account_reading', accountId: entry.account.id });
      const snapshot = await readAccount(entry, options.settings.cashAssets, signal);
      emitRead(emit, snapshot);
      return snapshot;
    });
    return { takenAt: now().toISOString(), accounts };
  };

  const snapshot = await readAll();
  const plan = planCleanup(snapshot, options.settings, options.policy, { startup: options.startup });
  emit({ type: 'plan_made', plan });
  let used = false;

  return {
    runId,
    snapshot,
    plan,
    dryRunReport() {
      for (const action of plan.actions) {
        for (const order of action.ordersToCancel) {
          emit({ type: 'order_cancelling', actionId: action.id, accountId: action.accountId, order, dryRun: true });
        }
      }
      const results = plan.actions.map((action) => initialActionReport(action, 'planned'));
      const owners = plannedOwnerRows(plan, results);
      const report = buildRunReport({ runId, dryRun: true, startedAt, finishedAt: now().toISOString(), plan, snapshot, results, owners });
      emit({ type: 'reconciled', owners });
      emit({ type: 'run_finished', report });
      return report;
    },
    async execute() {
      if (options.dryRun) throw new Error('a dry-run session never executes');
      if (used) throw new Error('a cleanup session executes once');
      used = true;
      const results = await executePlan(plan, connected, runId, emit, options.concurrency, signal);
      const processed = new Set(snapshot.accounts.filter((a) => a.readable).map((a) => a.accountId));
      const reread = await readSubset(connected.filter((entry) => processed.has(entry.account.id)));
      const reconciliation = reconcile(plan, results, reread, options.settings);
      const owners = reconciledOwnerRows(plan, results, reconciliation);
      emit({ type: 'reconciled', owners });
      const report = buildRunReport({ runId, dryRun: false, startedAt, finishedAt: now().toISOString(), plan, snapshot, results, owners });
      emit({ type: 'run_finished', report });
      return report;
    },
    async close() {
      await Promise.all(connected.map((entry) => entry.connection?.close?.().catch(() => undefined)));
    },
  };

  async function readSubset(entries: ConnectedAccount[]): Promise<PortfolioSnapshot> {
    const accounts = await runBounded(entries, options.concurrency, (entry) => readAccount(entry, options.settings.cashAssets, signal));
    return { takenAt: now().toISOString(), accounts };
  }
}

/** Opens, runs (dry or real) and closes: the one-call form. */
export async function runCleanup(options: CleanupOptions & { readonly dryRun: boolean }): Promise<RunReport> {
  const session = await openCleanup(options);
  try {
    return options.dryRun ? session.dryRunReport() : await session.execute();
  } finally {
    await session.close();
  }
}

async function executePlan(
  plan: Plan,
  connected: readonly ConnectedAccount[],
  runId: string,
  emit: (event: CleanupEvent) => void,
  concurrency: number,
  signal: AbortSignal,
): Promise<ActionReport[]> {
  const positions = new Map(plan.positions.map((position) => [`${position.accountId}:${position.asset}`, position]));
  const byAccount = new Map<string, typeof plan.actions>();
  for (const action of plan.actions) byAccount.set(action.accountId, [...(byAccount.get(action.accountId) ?? []), action]);
  const resultById = new Map<string, ActionReport>();
  const work = connected.filter((entry) => byAccount.has(entry.account.id));
  await runBounded(work, concurrency, async (entry) => {
    // Within an account, dust closes then cap closes, one at a time (the plan's order).
    for (const action of byAccount.get(entry.account.id) ?? []) {
      const position = positions.get(action.id);
      if (!entry.connection || !position) continue;
      const clientOrderId = clientOrderIdFor(runId, action.accountId, action.asset, `${action.kind}:${action.reason}`);
      resultById.set(action.id, await closePosition(action, { connection: entry.connection, clientOrderId, position, emit, signal }));
    }
  });
  return plan.actions.map(
    (action) =>
      resultById.get(action.id) ??
      failed(initialActionReport(action, 'failed'), { code: 'unknown', message: 'the account had no connection', retryable: false }),
  );
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
