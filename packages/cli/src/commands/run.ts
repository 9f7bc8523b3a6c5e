import { fileURLToPath } from 'node:url';
import { openCleanup, type CleanupSession } from '@forced-cleanup/engine';
import type { RunReport } from '@forced-cleanup/contract';
import { CliError } from '../cli-errors.js';
import { loadConfiguration } from '../load-configuration.js';
import type { Flags } from '../parse-flags.js';
import { confirmOnTerminal } from '../prompt-confirm.js';
import { loadEnvironment, readEnvironmentSettings } from '../read-environment.js';
import { createProgressPrinter } from '../render/progress-printer.js';
import { renderFinalSummary, renderHeader, renderOwnerSections } from '../render/render-report.js';
import { resolveRunSettings } from '../resolve-run-settings.js';

/** The streams and surroundings of one CLI invocation (the process's, or a test's). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdin is a terminal a person can answer the prompt on. */
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** This package's directory: built-in brokers are resolved from its dependencies. */
const CLI_PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `forced-cleanup run`: read, plan, show, confirm, execute, reconcile, report. Every CLI invocation is a
 * startup run. Returns the exit code: 0 done or declined, 1 an action failed or an account was unreadable.
 */
export async function runCommand(flags: Flags, io: CliIo): Promise<number> {
  const env = loadEnvironment(io.cwd, io.env);
  const environment = readEnvironmentSettings(env);
  const loaded = await loadConfiguration(flags, io.cwd);
  const { settings, policy } = resolveRunSettings(flags, environment, loaded.config);
  // Human text goes to stdout, or to stderr when stdout carries the JSON document.
  const human = flags.json ? io.stderr : io.stdout;
  const say = (lines: string[]) => human.write(lines.join('\n') + '\n');
  const streamProgress = !flags.json && !flags.dryRun;

  const session = await openCleanup({
    accounts: loaded.config.accounts,
    settings,
    policy,
    dryRun: flags.dryRun,
    startup: true,
    concurrency: loaded.config.concurrency,
    stateDir: loaded.stateDir,
    configDir: loaded.configDir,
    pluginSearchDirs: [CLI_PACKAGE_DIR],
    env,
    onEvent: streamProgress ? createProgressPrinter((text) => io.stdout.write(text), settings.dustThresholdUsd) : undefined,
  });
  try {
    const quiet = flags.json && (flags.dryRun || flags.yes);
    if (!quiet) say(renderHeader(session.snapshot, session.plan, policy, flags.dryRun));
    if (!flags.dryRun && flags.state === undefined && flags.demo && !quiet) say([`   State: ${loaded.stateDir}`]);

    if (flags.dryRun) return finish(session.dryRunReport());
    if (!flags.yes && session.plan.actions.length > 0) {
      const preview = session.dryRunReport();
      say(renderOwnerSections(session.plan, null, preview.owners, false));
      say(['', `About to close ${session.plan.actions.length} position(s) and cancel ${preview.summary.openOrdersCancelled} open order(s).`]);
      if (!io.interactive) {
        throw new CliError('NoTerminal', 'refusing to trade without confirmation: there is no terminal to ask on, and neither --yes nor --dry-run was given');
      }
      if (!(await confirmOnTerminal(io.stdin, human))) {
        say(['Declined: nothing was traded.']);
        return 0;
      }
    }
    return finish(await session.execute());
  } finally {
    await session.close();
  }

  function finish(report: RunReport): number {
    if (flags.json) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      say(renderOwnerSections(session.plan, report.dryRun ? null : report.actions, report.owners, report.dryRun, report.dryRun));
      say(renderFinalSummary(report));
    }
    return exitCodeOf(report);
  }
}

/** 1 when any action failed or any account was unreadable; 0 otherwise. */
export function exitCodeOf(report: RunReport): number {
  const unreadable = report.accounts.some((account) => account.state === 'unreadable');
  return report.summary.failed > 0 || unreadable ? 1 : 0;
}

export type { CleanupSession };
