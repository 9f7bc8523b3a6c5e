import type { ActionReport, OpenOrderPolicy, OwnerReport, Plan, PortfolioSnapshot, Recovery, RunReport } from '@forced-cleanup/contract';
import { actionBlock } from './action-block.js';
import { RULE, THIN_RULE, ownerLabel, ownerShortName, plural, usd } from './format.js';

/** The run's opening lines: trigger, settings, and each account scanned. `dustOnly` for the dust command. */
export function renderHeader(snapshot: PortfolioSnapshot, plan: Plan, policy: OpenOrderPolicy, dryRun: boolean, dustOnly = false): string[] {
  const lines = [
    `🧹 ${dustOnly ? 'DUST' : 'FORCED'} CLEANUP TRIGGERED: ${plan.startup ? 'STARTUP' : 'PERIODIC'}${dryRun ? ' — DRY RUN (nothing will be traded)' : ''}`,
  ];
  if (dustOnly) lines.push(`   Dust only: positions worth less than ${usd(plan.dustThresholdUsd)} are closed; no position cap is enforced`);
  const mode = policy.mode.toUpperCase() + (policy.conditionsText ? ` (${policy.conditionsText})` : '');
  lines.push(`   Dust threshold: ${usd(plan.dustThresholdUsd)} · Open orders: ${mode}`);
  for (const account of snapshot.accounts) {
    lines.push(`🔍 Scanning account: ${account.accountId}`);
    if (account.readable) {
      lines.push(`   Initial positions: ${account.holdings.length}`);
      if (account.openOrders.length > 0) lines.push(`   Open orders: ${account.openOrders.length}`);
    } else {
      lines.push(`   ❌ UNREADABLE (${account.error.code}): ${account.error.message}`);
    }
  }
  return lines;
}

/**
 * One section per owner, in the seed's shape: counts, dust blocks, cap blocks, what was left alone, and
 * the owner's summary. `results` null renders the plan as a preview. `withBlocks` false leaves the close
 * blocks out (after a real run they were already printed as each close ended).
 */
export function renderOwnerSections(
  plan: Plan,
  results: readonly ActionReport[] | null,
  owners: readonly OwnerReport[],
  dryRun: boolean,
  withBlocks = true,
  freeSlotsKnown: (owner: string) => boolean = () => true,
): string[] {
  const resultById = new Map(results?.map((result) => [result.id, result]) ?? []);
  const lines: string[] = [];
  for (const owner of plan.owners) {
    const row = owners.find((candidate) => candidate.owner === owner.owner);
    const actions = plan.actions.filter((action) => action.owner === owner.owner);
    const dust = actions.filter((action) => action.reason === 'dust');
    const cap = actions.filter((action) => action.reason === 'cap');
    const block = (action: (typeof actions)[number]) =>
      withBlocks ? ['', ...actionBlock(action, resultById.get(action.id) ?? null, plan.dustThresholdUsd, dryRun)] : [];
    lines.push('', RULE, `${owner.owner === 'platform' ? '🏢' : '👤'} ${ownerLabel(owner.owner)}`, THIN_RULE);
    lines.push(`   📊 Active Positions: ${owner.initial} (across ${plural(owner.accountIds.length, 'account')})`);
    lines.push(`   🧹 Found ${plural(dust.length, 'dust position')} to close`);
    for (const action of dust) lines.push(...block(action));
    lines.push('', `   📊 Counted positions (dust, stuck, unpriced and protected excluded): ${owner.counted} · cap ${owner.cap}`);
    if (!owner.capEnforced) lines.push(`   ⚠️  ${owner.note ?? 'cap not enforced this run'}`);
    else if (owner.counted > owner.cap) lines.push(`   🔒 Position cap exceeded: ${owner.counted}/${owner.cap}`);
    for (const action of cap) lines.push(...block(action));
    const skipped = plan.skipped.filter((entry) => entry.owner === owner.owner);
    if (skipped.length > 0) {
      lines.push('', `   ⏭️  Left alone: ${skipped.length}`);
      for (const entry of skipped) {
        lines.push(`      [${entry.reason.toUpperCase()}] ${entry.symbol ?? entry.asset ?? entry.accountId} (${entry.accountId}): ${entry.detail}`);
      }
    }
    if (row?.note && row.note !== owner.note) lines.push(`   ⚠️  ${row.note}`);
    for (const difference of row?.differences ?? []) {
      lines.push(`   ⚠️  [RECONCILE] ${difference.asset} (${difference.accountId}): ${difference.detail}`);
    }
    if (row) {
      lines.push('', `   ${owner.owner === 'platform' ? '🏢' : '👤'} ${ownerShortName(owner.owner)} SUMMARY${dryRun ? ' (dry run)' : ''}:`);
      lines.push(`      Initial: ${plural(row.initial, 'position')}`);
      lines.push(`      Dust closed: ${row.dustClosed}`);
      lines.push(`      Cap excess closed: ${row.capClosed}`);
      lines.push(`      Final: ${plural(row.final, 'position')}${row.final !== row.expectedFinal ? ` (plan expected ${row.expectedFinal})` : ''}`);
      if (freeSlotsKnown(owner.owner)) lines.push(`      Free slots under the cap of ${row.cap}: ${Math.max(0, row.cap - row.final)}`);
    }
  }
  return lines;
}

/** The FINAL SUMMARY with every figure of the seed, open orders cancelled included. */
export function renderFinalSummary(report: RunReport): string[] {
  const { summary } = report;
  const would = report.dryRun ? ' (would be)' : '';
  const counts = new Map<string, number>();
  for (const entry of report.skipped) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  const lines = [
    '',
    `📊 FINAL SUMMARY${report.dryRun ? ' — DRY RUN: nothing was traded' : ''}`,
    `   Accounts processed: ${summary.accountsProcessed}`,
    `   Initial total positions: ${summary.initialPositions}`,
    `   Dust positions closed${would}: ${summary.dustClosed}`,
    `   Cap excess closed${would}: ${summary.capExcessClosed}`,
    `   Final total positions${would}: ${summary.finalPositions}`,
    `   Total reduced by${would}: ${summary.reducedBy}`,
    `   Open orders cancelled${would}: ${summary.openOrdersCancelled}`,
  ];
  if (!report.dryRun) lines.push(`   Failed: ${summary.failed}`);
  const skippedActions = report.actions.filter((action) => action.status === 'skipped').length;
  if (skippedActions > 0) lines.push(`   Skipped at execution: ${skippedActions}`);
  if (counts.size > 0) lines.push(`   Left alone: ${[...counts].map(([reason, n]) => `${n} ${reason}`).join(', ')}`);
  const unreadable = report.accounts.filter((account) => account.state === 'unreadable');
  if (unreadable.length > 0) lines.push(`   ❌ Unreadable accounts: ${unreadable.map((account) => account.accountId).join(', ')}`);
  return lines;
}

/** What recovering an interrupted run settled before this run read anything (the journal's work). */
export function renderRecovery(recovery: Recovery): string[] {
  const lines = [`♻️  Recovered the interrupted run ${recovery.interruptedRunId} (${recovery.interruptedAt}): ${plural(recovery.intents.length, 'unfinished step')}`];
  for (const intent of recovery.intents) {
    lines.push(`   [RECOVERED] ${intent.operation} ${intent.asset} (${intent.accountId}): ${intent.found} — ${intent.detail}`);
  }
  return lines;
}
