import {
  cleanupError,
  type AccountSnapshot,
  type ClassifiedPosition,
  type OpenOrderPolicy,
  type OwnerId,
  type OwnerPlan,
  type Plan,
  type PlannedAction,
  type PlannerSettings,
  type PortfolioSnapshot,
  type SkippedPosition,
} from '@forced-cleanup/contract';
import { capForOwner } from './cap-for-owner.js';
import { assetSet } from './asset-sets.js';
import { classifyAccountPositions, protectedAssetsOf } from './classify-positions.js';
import { enforceOwnerCap, type OpenOrderContext } from './enforce-owner-cap.js';
import { describeMode, effectiveModeOf, openOrdersSkipDetail, shouldCancelOpenOrders } from './open-order-decision.js';
import { compareOwners, compareStrings } from './ordering.js';
import { plannedAction, skippedPosition } from './plan-entries.js';
import { sortInPlace } from './sort-small.js';
import { protectedDetail, stuckDetail, unpricedDetail, unreadableDetail } from './skip-details.js';

/** Options of one planning run. */
export interface PlanOptions {
  /** A startup run (every CLI run; the bot hook's first run). Decides what `nuclear` does. */
  readonly startup: boolean;
}

/** One owner's positions as they are planned. */
interface OwnerWork {
  readonly dust: PlannedAction[];
  readonly skipped: SkippedPosition[];
  readonly counted: ClassifiedPosition[];
  initial: number;
  dustCloses: number;
}

/**
 * The plan (SPEC "Plan"): a pure function of a snapshot, the settings and the open-order policy.
 *
 * - Every dust position is closed (`sell`, reason `dust`), subject to the open-order mode.
 * - Stuck positions worth less than the dust threshold are converted (`convert`, reason `dust`) when their
 *   account's broker can convert dust; every other stuck position is skipped (`stuck`).
 * - Protected and unpriced positions are skipped; an unreadable account is skipped as a whole and its
 *   owner's cap is not enforced (its total is unknown), while dust in its readable accounts is still closed.
 * - Per owner, across its accounts, counted positions above the owner's cap are closed in cap-ranking
 *   order, passing over positions whose open orders the mode keeps.
 *
 * The result does not depend on the order of accounts, holdings or orders in the snapshot: owners are
 * sorted platform first then by id; actions are all dust closes (owner, account, asset) then all cap closes
 * (owner, rank); skipped entries by (owner, account, asset); positions by (account, asset).
 *
 * Throws `invalid_config` when two accounts share an id and `malformed_response` when one account lists an
 * asset twice: either would make one position appear twice in the plan.
 */
export function planCleanup(
  snapshot: PortfolioSnapshot,
  settings: PlannerSettings,
  policy: OpenOrderPolicy,
  options: PlanOptions,
): Plan {
  const context: OpenOrderContext = { policy, mode: effectiveModeOf(policy, options.startup), startup: options.startup };
  const accountsByOwner = groupAccountsByOwner(snapshot.accounts);
  const owners = [...accountsByOwner.keys()].sort(compareOwners);
  const ownerPlans: OwnerPlan[] = [];
  const dustActions: PlannedAction[] = [];
  const capActions: PlannedAction[] = [];
  const skipped: SkippedPosition[] = [];
  const positionsByAccount: { accountId: string; positions: ClassifiedPosition[] }[] = [];
  const cash = assetSet(settings.cashAssets);

  for (const owner of owners) {
    const accounts = accountsByOwner.get(owner)!;
    sortInPlace(accounts, compareAccountIds);
    const cap = capForOwner(owner, settings);
    const work: OwnerWork = { dust: dustActions, skipped: [], counted: [], initial: 0, dustCloses: 0 };
    const unreadable: string[] = [];
    const protectedAssets = protectedAssetsOf(settings, owner);
    for (const account of accounts) {
      if (!account.readable) {
        unreadable.push(`account ${account.accountId} could not be read (${account.error.message})`);
        work.skipped.push({
          accountId: account.accountId,
          owner,
          asset: null,
          symbol: null,
          reason: 'account_unreadable',
          detail: unreadableDetail(account.error),
          usdValue: null,
          wouldClose: null,
        });
        continue;
      }
      const positions = classifyAccountPositions(account, settings, cash, protectedAssets);
      assertUniqueAssets(account.accountId, positions);
      positionsByAccount.push({ accountId: account.accountId, positions });
      planAccount(positions, settings, account.capabilities.dustConversion, context, work);
    }

    const capEnforced = unreadable.length === 0;
    const notes: string[] = [];
    let capCloses = 0;
    if (capEnforced) {
      const enforcement = enforceOwnerCap(work.counted, cap, context);
      capCloses = enforcement.closes.length;
      for (const action of enforcement.closes) capActions.push(action);
      if (enforcement.skipped.length > 0) {
        for (const entry of enforcement.skipped) work.skipped.push(entry);
        // Cap skips come in rank order; the report lists skips by account and asset.
        sortInPlace(work.skipped, compareSkipped);
      }
      if (enforcement.shortfall > 0) {
        const kept = enforcement.skipped.length;
        notes.push(
          `cap not met: ${kept} position${kept === 1 ? '' : 's'} with open orders ${kept === 1 ? 'was' : 'were'} kept ` +
            `(${describeMode(policy, options.startup)}), so ${work.counted.length - capCloses} remain for a cap of ${cap}`,
        );
      }
    } else {
      notes.push(`cap not enforced: ${unreadable.join('; ')}`);
    }
    for (const entry of work.skipped) skipped.push(entry);

    ownerPlans.push({
      owner,
      cap,
      capEnforced,
      accountIds: accounts.map((account) => account.accountId),
      initial: work.initial,
      counted: work.counted.length,
      dustCloses: work.dustCloses,
      capCloses,
      expectedFinal: work.counted.length - capCloses,
      note: notes.length === 0 ? null : notes.join('; '),
    });
  }

  return {
    mode: policy.mode,
    effectiveMode: context.mode,
    conditions: policy.conditions.slice(),
    startup: options.startup,
    dustThresholdUsd: settings.dustThresholdUsd,
    owners: ownerPlans,
    actions: dustActions.concat(capActions),
    skipped,
    positions: allPositionsByAccount(positionsByAccount),
  };
}

/**
 * Sorts one readable account's classified positions into the owner's work: dust closes and conversions,
 * skips, and the counted positions the cap is enforced over.
 */
function planAccount(
  positions: readonly ClassifiedPosition[],
  settings: PlannerSettings,
  canConvertDust: boolean,
  context: OpenOrderContext,
  work: OwnerWork,
): void {
  for (const position of positions) {
    switch (position.category) {
      case 'protected':
        work.skipped.push(skippedPosition(position, 'protected', protectedDetail(position), null));
        continue;
      case 'unpriced':
        work.skipped.push(skippedPosition(position, 'unpriced', unpricedDetail(position), null));
        break;
      case 'stuck':
        if (!canConvertDust) {
          work.skipped.push(skippedPosition(position, 'stuck', stuckDetail(position, 'unsupported'), null));
        } else if ((position.usdValue as number) < settings.dustThresholdUsd) {
          closeDust(position, 'convert', context, work);
        } else {
          work.skipped.push(skippedPosition(position, 'stuck', stuckDetail(position, 'not_dust'), null));
        }
        break;
      case 'dust':
        closeDust(position, 'sell', context, work);
        break;
      case 'counted':
        work.counted.push(position);
        break;
    }
    // Everything but protected positions counts in `initial` (dust, unpriced and stuck included).
    work.initial++;
  }
}

/** Closes (or converts) a dust position, unless the mode keeps its open orders. */
function closeDust(position: ClassifiedPosition, kind: PlannedAction['kind'], context: OpenOrderContext, work: OwnerWork): void {
  const orders = position.openOrders;
  if (orders.length === 0 || shouldCancelOpenOrders(context.mode, context.policy.conditions, position.usdValue as number, false)) {
    work.dust.push(plannedAction(position, kind, 'dust', null, orders, null));
    work.dustCloses++;
    return;
  }
  work.skipped.push(skippedPosition(position, 'open_orders', openOrdersSkipDetail(orders, context.policy), 'dust'));
}

function groupAccountsByOwner(accounts: readonly AccountSnapshot[]): Map<OwnerId, AccountSnapshot[]> {
  const byOwner = new Map<OwnerId, AccountSnapshot[]>();
  const ids = new Set<string>();
  for (const account of accounts) {
    if (ids.has(account.accountId)) {
      throw cleanupError('invalid_config', `the snapshot holds account ${account.accountId} twice`);
    }
    ids.add(account.accountId);
    const group = byOwner.get(account.owner);
    if (group === undefined) byOwner.set(account.owner, [account]);
    else group.push(account);
  }
  return byOwner;
}

/** Positions come sorted by asset, so a repeated asset sits next to itself. */
function assertUniqueAssets(accountId: string, positions: readonly ClassifiedPosition[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (positions[i]!.asset === positions[i - 1]!.asset) {
      throw cleanupError('malformed_response', `account ${accountId} holds ${positions[i]!.asset} twice in the snapshot`);
    }
  }
}

function compareAccountIds(a: AccountSnapshot, b: AccountSnapshot): number {
  return compareStrings(a.accountId, b.accountId);
}

/** Within one owner: by account, then asset (an unreadable account's entry, asset null, first). */
function compareSkipped(a: SkippedPosition, b: SkippedPosition): number {
  return compareStrings(a.accountId, b.accountId) || compareStrings(a.asset ?? '', b.asset ?? '');
}

function allPositionsByAccount(groups: { accountId: string; positions: ClassifiedPosition[] }[]): ClassifiedPosition[] {
  groups.sort((a, b) => compareStrings(a.accountId, b.accountId));
  let total = 0;
  for (const group of groups) total += group.positions.length;
  // Sized once: growing a million-entry array by pushes copies it over and over.
  const all = new Array<ClassifiedPosition>(total);
  let next = 0;
  for (const group of groups) {
    for (const position of group.positions) all[next++] = position;
  }
  return all;
}
