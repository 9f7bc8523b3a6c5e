import type { AccountReport, ActionReport, OwnerReport, Plan, PortfolioSnapshot, Recovery, RunReport } from '@forced-cleanup/contract';

/** The parts a run report is assembled from. */
export interface RunReportParts {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly plan: Plan;
  readonly snapshot: PortfolioSnapshot;
  readonly results: readonly ActionReport[];
  readonly owners: readonly OwnerReport[];
  readonly recovery: Recovery | null;
}

/** Assembles the run report and its totals (SPEC "Precise definitions"). */
export function buildRunReport(parts: RunReportParts): RunReport {
  const { plan, results, owners, snapshot } = parts;
  const accounts: AccountReport[] = snapshot.accounts.map((account) => {
    if (!account.readable) {
      return { accountId: account.accountId, owner: account.owner, broker: account.broker, state: 'unreadable', error: account.error };
    }
    const failure = results.find((result) => result.accountId === account.accountId && result.status === 'failed');
    return {
      accountId: account.accountId,
      owner: account.owner,
      broker: account.broker,
      state: failure ? 'partial_failure' : 'ok',
      error: failure?.error ?? null,
    };
  });
  const done = parts.dryRun ? 'planned' : 'closed';
  const dustClosed = results.filter((r) => r.reason === 'dust' && r.status === done).length;
  const capExcessClosed = results.filter((r) => r.reason === 'cap' && r.status === done).length;
  const openOrdersCancelled = results.reduce(
    (sum, r) => sum + (parts.dryRun ? r.ordersToCancel.length : r.ordersCancelled.length),
    0,
  );
  return {
    runId: parts.runId,
    dryRun: parts.dryRun,
    mode: plan.mode,
    startup: plan.startup,
    startedAt: parts.startedAt,
    finishedAt: parts.finishedAt,
    owners: [...owners],
    actions: [...results],
    skipped: plan.skipped,
    accounts,
    summary: {
      accountsProcessed: snapshot.accounts.filter((account) => account.readable).length,
      initialPositions: owners.reduce((sum, owner) => sum + owner.initial, 0),
      dustClosed,
      capExcessClosed,
      finalPositions: owners.reduce((sum, owner) => sum + owner.final, 0),
      reducedBy: dustClosed + capExcessClosed,
      openOrdersCancelled,
      failed: results.filter((r) => r.status === 'failed').length,
    },
    recovery: parts.recovery,
  };
}
