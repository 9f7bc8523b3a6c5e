import { capForOwner } from '@forced-cleanup/core';
import type { OwnerPlan, OwnerReport, Plan, PlannerSettings, RunReport } from '@forced-cleanup/contract';
import type { AccountSelection } from './account-selection.js';

/**
 * A cap so high that no owner ever exceeds it: how the CLI plans without cap enforcement (the `dust`
 * command, and owners only partly selected with `--account`) without any change to the planner.
 */
export const UNLIMITED_CAP = Number.MAX_SAFE_INTEGER;

/** Why an owner's cap is not enforced in this run, and the cap it would have had. */
export interface UncappedOwner {
  readonly cap: number;
  readonly reason: string;
}

/** The settings the planner gets, and the owners planned without a cap. */
export interface PlanningScope {
  readonly settings: PlannerSettings;
  /** Owner → its configured cap and why it is not enforced. Every owner for `dust`. */
  readonly uncapped: ReadonlyMap<string, UncappedOwner>;
  /** True for `dust`: no owner's cap is enforced. */
  readonly dustOnly: boolean;
}

/**
 * `run` enforces every owner's cap, except for owners only partly selected with `--account`;
 * `dust` enforces none (every cap unlimited, per-owner overrides ignored), and closes dust only.
 */
export function planningScope(settings: PlannerSettings, selection: AccountSelection, dustOnly: boolean): PlanningScope {
  const uncapped = new Map<string, UncappedOwner>();
  const owners = new Set(selection.accounts.map((account) => account.owner));
  for (const owner of owners) {
    const cap = capForOwner(owner, settings);
    const partial = selection.partialOwners.get(owner);
    if (dustOnly) uncapped.set(owner, { cap, reason: 'cap not enforced: the dust command closes dust only' });
    else if (partial) {
      uncapped.set(owner, {
        cap,
        reason: `cap not enforced: --account selected ${partial.selected} of its ${partial.total} accounts, and a cap is never enforced on a partial view`,
      });
    }
  }
  if (dustOnly) return { settings: { ...settings, maxPositions: UNLIMITED_CAP, maxPositionsByOwner: {} }, uncapped, dustOnly };
  const overrides: Record<string, number> = { ...settings.maxPositionsByOwner };
  for (const owner of uncapped.keys()) overrides[owner] = UNLIMITED_CAP;
  return { settings: { ...settings, maxPositionsByOwner: overrides }, uncapped, dustOnly };
}

/** The plan's owner rows as people should read them: an uncapped owner shows its real cap, not enforced. */
export function presentPlan(plan: Plan, scope: PlanningScope): Plan {
  return { ...plan, owners: plan.owners.map((owner) => presentOwner(owner, scope)) };
}

/** The report with the same correction: `capEnforced: false`, the configured `cap`, and a `note` saying why. */
export function presentReport(report: RunReport, scope: PlanningScope): RunReport {
  return { ...report, owners: report.owners.map((owner) => presentOwner(owner, scope)) };
}

function presentOwner<T extends OwnerPlan | OwnerReport>(row: T, scope: PlanningScope): T {
  const uncapped = scope.uncapped.get(row.owner);
  if (!uncapped) return row;
  const note = [uncapped.reason, row.note].filter((text) => text !== null).join('; ');
  return { ...row, cap: uncapped.cap, capEnforced: false, note };
}
