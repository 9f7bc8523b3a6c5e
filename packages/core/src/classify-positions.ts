import type { ClassifiedPosition, PlannerSettings, PositionCategory, ReadableAccountSnapshot } from '@forced-cleanup/contract';
import { assetSet, hasAsset } from './asset-sets.js';
import { stuckReason } from './market-minimums.js';
import { openOrdersByAsset } from './open-orders-by-asset.js';
import { NO_ORDERS } from './plan-entries.js';
import { compareStrings } from './ordering.js';
import { pnlPercent } from './pnl-and-outcome.js';
import { finiteOrNull, isValidPrice } from './valid-numbers.js';

/**
 * Classifies every position of one readable account (SPEC "Classification"), sorted by asset. The first
 * matching category wins:
 *
 * 1. `protected` — the asset is on `settings.protect[owner]` (any case);
 * 2. `unpriced` — `priceUsd` is not a finite number > 0;
 * 3. `stuck` — {@link stuckReason} of the whole quantity is non-null (no market, rounds to 0, below a
 *    minimum). Stuck comes before dust: the SPEC defines stuck as "dust or a cap candidate that cannot be
 *    sold", so an unsellable dust position is stuck, not dust;
 * 4. `dust` — `0 < usdValue < dustThresholdUsd` (strict: a value equal to the threshold is not dust);
 * 5. `counted` — everything else.
 *
 * Holdings that are not positions — quantity not > 0, or a cash asset — are left out. The account's id
 * and owner are authoritative for every position. Non-finite `priceUsd`/`entryPrice` values are copied as
 * null so the result always fits the contract's schema.
 */
export function classifyPositions(account: ReadableAccountSnapshot, settings: PlannerSettings): ClassifiedPosition[] {
  return classifyAccountPositions(account, settings, assetSet(settings.cashAssets), protectedAssetsOf(settings, account.owner));
}

/** The upper-cased set of an owner's protected assets (any case in the settings). */
export function protectedAssetsOf(settings: PlannerSettings, owner: string): ReadonlySet<string> {
  const list = protectListOf(settings, owner);
  // Most owners protect nothing: one shared empty set rather than one per owner.
  return list === undefined || list.length === 0 ? NOTHING_PROTECTED : assetSet(list);
}

const NOTHING_PROTECTED: ReadonlySet<string> = new Set();

/**
 * {@link classifyPositions} with the cash and protected asset sets given (as built by `assetSet` and
 * {@link protectedAssetsOf}): the planner builds them once per plan and per owner, not once per account.
 */
export function classifyAccountPositions(
  account: ReadableAccountSnapshot,
  settings: PlannerSettings,
  cash: ReadonlySet<string>,
  protectedAssets: ReadonlySet<string>,
): ClassifiedPosition[] {
  const ordersByAsset = openOrdersByAsset(account.openOrders);
  const threshold = settings.dustThresholdUsd;
  // Snapshots from buildAccountSnapshot are sorted already: copy and sort only when one is not.
  const holdings = isSortedByAsset(account.holdings) ? account.holdings : account.holdings.slice().sort((a, b) => compareStrings(a.asset, b.asset));
  // Sized for every holding (cash and empty ones are cut off at the end): growing it would copy it twice.
  const positions = new Array<ClassifiedPosition>(holdings.length);
  let count = 0;
  for (const holding of holdings) {
    if (!(holding.quantity > 0) || hasAsset(cash, holding.asset)) continue;
    const price = isValidPrice(holding.priceUsd) ? holding.priceUsd : null;
    const entryPrice = finiteOrNull(holding.entryPrice);
    const usdValue = price === null ? null : holding.quantity * price;
    let category: PositionCategory;
    let stuck: string | null = null;
    if (hasAsset(protectedAssets, holding.asset)) category = 'protected';
    else if (price === null) category = 'unpriced';
    else if ((stuck = stuckReason(holding.quantity, price, holding.market)) !== null) category = 'stuck';
    else if (usdValue !== null && usdValue > 0 && usdValue < threshold) category = 'dust';
    else category = 'counted';
    const orders = ordersByAsset.get(holding.asset);
    positions[count++] = {
      accountId: account.accountId,
      owner: account.owner,
      asset: holding.asset,
      quantity: holding.quantity,
      free: holding.free,
      symbol: holding.symbol,
      priceUsd: finiteOrNull(holding.priceUsd),
      market: holding.market,
      entryPrice,
      openedAt: holding.openedAt,
      category,
      usdValue,
      pnlPct: pnlPercent(price, entryPrice),
      stuckReason: stuck,
      // The groups are built afresh by this call and each asset is taken once (a repeated asset is
      // refused by the planner), so a group can be handed over without a copy.
      openOrders: orders === undefined ? NO_ORDERS : (orders as ClassifiedPosition['openOrders']),
    };
  }
  positions.length = count;
  return positions;
}

function isSortedByAsset(holdings: readonly { readonly asset: string }[]): boolean {
  for (let i = 1; i < holdings.length; i++) {
    if (compareStrings(holdings[i - 1]!.asset, holdings[i]!.asset) > 0) return false;
  }
  return true;
}

function protectListOf(settings: PlannerSettings, owner: string): readonly string[] | undefined {
  return Object.hasOwn(settings.protect, owner) ? settings.protect[owner] : undefined;
}
