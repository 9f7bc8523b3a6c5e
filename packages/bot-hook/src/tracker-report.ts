import type { OwnerId, Plan, PortfolioSnapshot, PositionCategory } from '@forced-cleanup/contract';
import type { TrackedPositions } from './position-tracker.js';

/** A position the tracker has that the exchange does not. */
export interface PhantomPosition {
  readonly accountId: string;
  readonly asset: string;
  /** `not_held`: the account was read and holds none of it; `unknown_account`: no such account is configured. */
  readonly reason: 'not_held' | 'unknown_account';
}

/** A holding the exchange has that the tracker does not (bought by hand, or lost on a restart). */
export interface UntrackedHolding {
  readonly accountId: string;
  readonly owner: OwnerId;
  readonly asset: string;
  readonly symbol: string | null;
  /** How the run classified it (a `protected` holding is the user's, not the bot's, and is listed too). */
  readonly category: PositionCategory;
  /** USD value; null when unpriced. */
  readonly usdValue: number | null;
}

/** Tracker and exchange compared at the start of a run (before anything was closed). */
export interface TrackerReport {
  readonly runId: string;
  /** Tracked but not held. */
  readonly phantom: readonly PhantomPosition[];
  /** Held but not tracked. */
  readonly untracked: readonly UntrackedHolding[];
  /** Accounts that could not be read: their tracked positions could not be checked either way. */
  readonly uncheckedAccounts: readonly string[];
}

const byPlace = (a: { accountId: string; asset: string }, b: { accountId: string; asset: string }) =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0;

/**
 * Compares the tracker's positions with what the run read. Identity is (account, asset), as everywhere:
 * the same asset held on two exchanges is two positions, and tracking one of them does not track the
 * other. Cash is never a holding, so a tracked cash asset is a phantom. An unreadable account proves
 * nothing, so its positions are neither phantom nor untracked; it is listed as unchecked.
 */
export function compareWithTracker(runId: string, snapshot: PortfolioSnapshot, plan: Plan, tracked: TrackedPositions): TrackerReport {
  const held = new Map<string, Set<string>>();
  const uncheckedAccounts: string[] = [];
  for (const account of snapshot.accounts) {
    if (account.readable) held.set(account.accountId, new Set(account.holdings.map((holding) => holding.asset)));
    else uncheckedAccounts.push(account.accountId);
  }
  const configured = new Set(snapshot.accounts.map((account) => account.accountId));

  const phantom: PhantomPosition[] = [];
  for (const [accountId, assets] of tracked) {
    const holdings = held.get(accountId);
    for (const asset of assets.keys()) {
      if (!configured.has(accountId)) phantom.push({ accountId, asset, reason: 'unknown_account' });
      else if (holdings && !holdings.has(asset)) phantom.push({ accountId, asset, reason: 'not_held' });
    }
  }

  const untracked: UntrackedHolding[] = plan.positions
    .filter((position) => !tracked.get(position.accountId)?.has(position.asset))
    .map((position) => ({
      accountId: position.accountId,
      owner: position.owner,
      asset: position.asset,
      symbol: position.symbol,
      category: position.category,
      usdValue: position.usdValue,
    }));

  return { runId, phantom: phantom.sort(byPlace), untracked: untracked.sort(byPlace), uncheckedAccounts: uncheckedAccounts.sort() };
}
