import type { RunReport } from '@forced-cleanup/contract';
import { CliError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import type { Flags } from '../command-line/parse-command-line.js';
import { presentPlan, presentReport } from '../planning-scope.js';
import { confirmOnTerminal } from '../prompt-confirm.js';
import { renderFinalSummary, renderHeader, renderOwnerSections, renderRecovery } from '../render/render-report.js';
import { actionBlock } from '../render/action-block.js';
import { usd } from '../render/format.js';
import { openReadSession } from './open-read-session.js';

/**
 * `forced-cleanup run` and `forced-cleanup dust`: read, plan, show, confirm, execute, reconcile, report.
 * `dust` is a run without cap enforcement (see planning-scope.ts). Every CLI invocation is a startup run.
 * Returns the exit code: 0 done or declined, 1 an action failed or an account was unreadable.
 */
export async function cleanupCommand(flags: Flags, io: CliIo): Promise<number> {
  const dustOnly = flags.command === 'dust';
  const { session, scope, selection, loaded, policy, progress, output, listen } = await openReadSession(flags, io, { dustOnly, dryRun: flags.dryRun });
  // Close blocks are printed as each close ends (a slow run is watched close by close); --quiet keeps
  // only the failures, --json none (the document has them).
  listen((event) => {
    if (flags.json) return;
    if (event.type !== 'position_closed' && event.type !== 'action_failed' && event.type !== 'action_skipped') return;
    if (flags.quiet && event.type !== 'action_failed') return;
    output.say(['', ...actionBlock(event.action, event.result, session.plan.dustThresholdUsd, false)]);
  });
  const plan = presentPlan(session.plan, scope);
  const unreadableOwners = new Set(session.snapshot.accounts.filter((account) => !account.readable).map((account) => account.owner));
  const freeSlotsKnown = (owner: string) => !unreadableOwners.has(owner) && !selection.partialOwners.has(owner);
  // With --json and nothing to ask, stdout carries the document alone and stderr only errors.
  const silent = flags.quiet || (flags.json && (flags.dryRun || flags.yes));
  try {
    progress.pause();
    if (!silent) {
      if (session.recovery) output.say(renderRecovery(session.recovery));
      output.say(renderHeader(session.snapshot, plan, policy, flags.dryRun, dustOnly));
      if (selection.description) output.say([`   Selected: ${selection.description} → ${selection.accounts.length} of ${loaded.config.accounts.length} accounts`]);
      for (const [owner, reason] of scope.uncapped) {
        if (!dustOnly) output.say([`   ⚠️  ${owner}: ${reason.reason}`]);
      }
      if (!flags.dryRun && flags.state === undefined && flags.demo) output.say([`   State: ${loaded.stateDir}`]);
    }

    const limit = loaded.config.maxSellUsdPerRun;
    const overLimit = limit !== undefined && session.plannedSellUsd > limit;
    const guard = `the plan sells ${usd(session.plannedSellUsd)}, more than maxSellUsdPerRun ${usd(limit ?? 0)}`;
    if (flags.dryRun) {
      if (overLimit && !silent) output.say([`   ⚠️  ${guard}: a real run will refuse it unless --force is given`]);
      return finish(presentReport(session.dryRunReport(), scope));
    }
    if (overLimit && !flags.force) {
      // The liquidation guard: show what would have been sold, then refuse before any call.
      const preview = presentReport(session.dryRunReport(), scope);
      if (!flags.quiet && !flags.json) output.say(renderOwnerSections(plan, null, preview.owners, false, true, freeSlotsKnown));
      throw new CliError('SellLimitExceeded', `${guard}: nothing was traded`);
    }
    if (!flags.yes && plan.actions.length > 0) {
      const preview = presentReport(session.dryRunReport(), scope);
      if (!flags.quiet) output.say(renderOwnerSections(plan, null, preview.owners, false, true, freeSlotsKnown));
      output.say(['', `About to close ${plan.actions.length} position(s) and cancel ${preview.summary.openOrdersCancelled} open order(s).`]);
      if (!io.interactive) {
        throw new CliError('NoTerminal', 'refusing to trade without confirmation: there is no terminal to ask on, and neither --yes nor --dry-run was given');
      }
      if (!(await confirmOnTerminal(io.stdin, output.stream))) {
        output.say(['Declined: nothing was traded.']);
        return 0;
      }
    }
    progress.executing();
    const report = presentReport(await session.execute({ force: flags.force }), scope);
    progress.stop();
    return finish(report);
  } finally {
    progress.stop();
    await session.close();
  }

  function finish(report: RunReport): number {
    progress.stop();
    if (flags.json) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      if (!flags.quiet) output.say(renderOwnerSections(plan, report.dryRun ? null : report.actions, report.owners, report.dryRun, report.dryRun, freeSlotsKnown));
      output.say(renderFinalSummary(report));
    }
    return exitCodeOf(report);
  }
}

/** 1 when any action failed or any account was unreadable; 0 otherwise. */
export function exitCodeOf(report: RunReport): number {
  const unreadable = report.accounts.some((account) => account.state === 'unreadable');
  return report.summary.failed > 0 || unreadable ? 1 : 0;
}
