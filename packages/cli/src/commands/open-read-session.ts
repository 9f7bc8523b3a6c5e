import { fileURLToPath } from 'node:url';
import { openCleanup, type CleanupSession } from '@forced-cleanup/engine';
import type { CleanupEvent, OpenOrderPolicy, PlannerSettings } from '@forced-cleanup/contract';
import { selectAccounts, type AccountSelection } from '../account-selection.js';
import type { CliIo } from '../cli-io.js';
import type { Flags } from '../command-line/parse-command-line.js';
import { loadConfiguration, type LoadedConfiguration } from '../load-configuration.js';
import { createHumanOutput, type HumanOutput } from '../output/human-output.js';
import { planningScope, type PlanningScope } from '../planning-scope.js';
import { createProgressReporter, type ProgressReporter } from '../progress/progress-reporter.js';
import { loadEnvironment, readEnvironmentSettings } from '../read-environment.js';
import { resolveRunSettings } from '../resolve-run-settings.js';

/** This package's directory: built-in brokers are resolved from its dependencies. */
const CLI_PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** A read and planned session with everything a command needs around it. */
export interface ReadSession {
  readonly session: CleanupSession;
  readonly loaded: LoadedConfiguration;
  /** The settings as resolved from flags, environment and config (the planner got `scope.settings`). */
  readonly settings: PlannerSettings;
  readonly policy: OpenOrderPolicy;
  readonly selection: AccountSelection;
  readonly scope: PlanningScope;
  readonly progress: ProgressReporter;
  readonly output: HumanOutput;
  /** Adds a listener of the session's later events (execution). */
  listen(listener: (event: CleanupEvent) => void): void;
}

/**
 * What `run`, `dust` and `analyze` share: environment, configuration, settings (flags > environment >
 * config), the account filters, the progress display, then the engine's session, which connects, reads
 * every selected account and plans. Nothing is cancelled or sold here.
 */
export async function openReadSession(flags: Flags, io: CliIo, options: { dustOnly: boolean; dryRun: boolean }): Promise<ReadSession> {
  const env = loadEnvironment(io.cwd, io.env);
  const environment = readEnvironmentSettings(env);
  const loaded = await loadConfiguration(flags, io.cwd, environment.demoLatencyMs);
  const { settings, policy } = resolveRunSettings(flags, environment, loaded.config);
  const selection = selectAccounts(loaded.config.accounts, flags.owners, flags.accounts);
  const scope = planningScope(settings, selection, options.dustOnly);
  const progress = await createProgressReporter(io, flags);
  const output = createHumanOutput(io, flags, progress);
  const listeners: Array<(event: CleanupEvent) => void> = [(event) => progress.onEvent(event)];
  try {
    const session = await openCleanup({
      accounts: selection.accounts,
      settings: scope.settings,
      policy,
      dryRun: options.dryRun,
      startup: true,
      concurrency: loaded.config.concurrency,
      retry: loaded.config.retry,
      callTimeoutMs: loaded.config.callTimeoutMs,
      ...(loaded.config.maxSellUsdPerRun === undefined ? {} : { maxSellUsdPerRun: loaded.config.maxSellUsdPerRun }),
      stateDir: loaded.stateDir,
      configDir: loaded.configDir,
      pluginSearchDirs: [CLI_PACKAGE_DIR],
      env,
      onEvent: (event) => {
        for (const listener of listeners) listener(event);
      },
    });
    return { session, loaded, settings, policy, selection, scope, progress, output, listen: (listener) => void listeners.push(listener) };
  } catch (error) {
    progress.stop();
    throw error;
  }
}
