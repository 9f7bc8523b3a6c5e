import { classifyPositions } from '@forced-cleanup/core';
import type {
  ActionReport,
  ClassifiedPosition,
  OwnerReport,
  Plan,
  PlannerSettings,
  PortfolioSnapshot,
  ReconciliationDifference,
} from '@forced-cleanup/contract';

/** What the final re-read found, per owner. */
export interface Reconciliation {
  /** Counted positions per owner after the run (readable accounts only). */
  readonly finalByOwner: ReadonlyMap<string, number>;
  /** Differences from what the plan expected, per owner. */
  readonly differencesByOwner: ReadonlyMap<string, ReconciliationDifference[]>;
  /** Accounts that could not be re-read, per owner. */
  readonly unreadableByOwner: ReadonlyMap<string, string[]>;
}

/**
 * Final reconciliation: compares the re-read of every processed account with what the plan expected —
 * a close reported done whose holding is still there to sell, a position expected to stay counted that is
 * gone or no longer counts.
 */
export function reconcile(plan: Plan, results: readonly ActionReport[], reread: PortfolioSnapshot, settings: PlannerSettings): Reconciliation {
  const after = new Map<string, ClassifiedPosition>();
  const finalByOwner = new Map<string, number>();
  const unreadableByOwner = new Map<string, string[]>();
  const rereadAccounts = new Set<string>();
  for (const account of reread.accounts) {
    if (!account.readable) {
      unreadableByOwner.set(account.owner, [...(unreadableByOwner.get(account.owner) ?? []), account.accountId]);
      continue;
    }
    rereadAccounts.add(account.accountId);
    for (const position of classifyPositions(account, settings)) {
      after.set(`${position.accountId}:${position.asset}`, position);
      if (position.category === 'counted') finalByOwner.set(position.owner, (finalByOwner.get(position.owner) ?? 0) + 1);
    }
  }

  const differencesByOwner = new Map<string, ReconciliationDifference[]>();
  const add = (owner: string, difference: ReconciliationDifference) =>
    differencesByOwner.set(owner, [...(differencesByOwner.get(owner) ?? []), difference]);

  const closedIds = new Set<string>();
  for (const result of results) {
    if (result.status !== 'closed') continue;
    closedIds.add(result.id);
    if (!rereadAccounts.has(result.accountId)) continue;
    const still = after.get(result.id);
    if (still && (still.category === 'counted' || still.category === 'dust')) {
      add(result.owner, {
        accountId: result.accountId,
        asset: result.asset,
        expected: 'closed',
        found: still.category,
        detail: `reported closed, but ${still.quantity} ${still.asset} worth $${(still.usdValue ?? 0).toFixed(2)} is still held and sellable`,
      });
    }
  }
  const capClosing = new Set(plan.actions.filter((action) => action.reason === 'cap').map((action) => action.id));
  for (const position of plan.positions) {
    const id = `${position.accountId}:${position.asset}`;
    if (position.category !== 'counted' || capClosing.has(id) || closedIds.has(id) || !rereadAccounts.has(position.accountId)) continue;
    const now = after.get(id);
    if (now?.category === 'counted') continue;
    add(position.owner, {
      accountId: position.accountId,
      asset: position.asset,
      expected: 'counted',
      found: now?.category ?? 'absent',
      detail: now ? `expected to stay a counted position, now ${now.category}` : 'expected to stay a counted position, no longer held',
    });
  }
  return { finalByOwner, differencesByOwner, unreadableByOwner };
}

/** Owner rows for a run that traded nothing (dry run): `final` is what the plan leaves. */
export function plannedOwnerRows(plan: Plan, results: readonly ActionReport[]): OwnerReport[] {
  return plan.owners.map((owner) => ({
    owner: owner.owner,
    cap: owner.cap,
    initial: owner.initial,
    dustClosed: count(results, owner.owner, 'dust', 'planned'),
    capClosed: count(results, owner.owner, 'cap', 'planned'),
    final: owner.expectedFinal,
    expectedFinal: owner.expectedFinal,
    capEnforced: owner.capEnforced,
    note: owner.note,
    differences: [],
  }));
}

/** Owner rows after a real run: closes that happened, and `final` from the re-read. */
export function reconciledOwnerRows(plan: Plan, results: readonly ActionReport[], reconciliation: Reconciliation): OwnerReport[] {
  return plan.owners.map((owner) => {
    const unreadable = reconciliation.unreadableByOwner.get(owner.owner) ?? [];
    const notes = [owner.note, unreadable.length ? `final re-read failed for ${unreadable.join(', ')}` : null].filter(Boolean);
    return {
      owner: owner.owner,
      cap: owner.cap,
      initial: owner.initial,
      dustClosed: count(results, owner.owner, 'dust', 'closed'),
      capClosed: count(results, owner.owner, 'cap', 'closed'),
      final: reconciliation.finalByOwner.get(owner.owner) ?? 0,
      expectedFinal: owner.expectedFinal,
      capEnforced: owner.capEnforced,
      note: notes.length ? notes.join('; ') : null,
      differences: reconciliation.differencesByOwner.get(owner.owner) ?? [],
    };
  });
}

function count(results: readonly ActionReport[], owner: string, reason: 'dust' | 'cap', status: ActionReport['status']): number {
  let n = 0;
  for (const result of results) if (result.owner === owner && result.reason === reason && result.status === status) n++;
  return n;
}
