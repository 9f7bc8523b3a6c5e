import {
  cleanupError,
  type AccountRead,
  type Holding,
  type OwnerId,
  type PlanningCapabilities,
  type ReadableAccountSnapshot,
} from '@forced-cleanup/contract';
import { assetSet, hasAsset } from './asset-sets.js';
import { compareStrings } from './ordering.js';
import { finiteOrNull } from './valid-numbers.js';
import { indexQuoteMarkets } from './select-price-symbols.js';

/** What the bot's position tracker (or a state file) knows about a position, keyed by asset. */
export interface TrackedPositionInfo {
  /** Entry price in USD, when known. */
  readonly entryPrice: number | null;
  /** When the position was opened (ISO 8601), when known. */
  readonly openedAt: string | null;
}

/** The inputs of {@link buildAccountSnapshot}. */
export interface BuildAccountSnapshotInput {
  readonly accountId: string;
  readonly owner: OwnerId;
  /** The broker plugin's name. */
  readonly broker: string;
  /** What the broker returned (already validated against the contract's schemas by the engine). */
  readonly read: AccountRead;
  /** Assets that are cash, never positions (matched case-insensitively). */
  readonly cashAssets: readonly string[];
  readonly capabilities: PlanningCapabilities;
  /** Entry prices and opening times from the bot's tracker, keyed by asset; they win over the broker's. */
  readonly positionInfo?: ReadonlyMap<string, TrackedPositionInfo>;
}

/**
 * Turns one account's raw read into a readable account snapshot: one {@link Holding} per balance with
 * `total > 0` whose asset is not cash, sorted by asset.
 *
 * - `symbol`/`market` come from the asset's USD, USDC or USDT market; `priceUsd` is that market's price
 *   (quote taken 1:1), null when the read has none.
 * - A balance without a market but with `priceAs` is valued through `priceAs`'s quote market and keeps
 *   `symbol` and `market` null, which classification reports as stuck ("no market").
 * - Prices are copied, not judged (classification decides what is unpriced), except that anything that
 *   is not a finite number becomes null: the Holding schema cannot carry it.
 * - `entryPrice`/`openedAt`: the tracker's value when it has one (non-null), else the broker's.
 *
 * Throws `malformed_response` when the read lists the same asset twice: a position is identified by
 * (account, asset), and guessing which balance is right could sell the wrong quantity.
 */
export function buildAccountSnapshot(input: BuildAccountSnapshotInput): ReadableAccountSnapshot {
  const { read, positionInfo } = input;
  const cash = assetSet(input.cashAssets);
  const quoteMarkets = indexQuoteMarkets(read.markets);
  const holdings: Holding[] = [];
  for (const balance of read.balances) {
    if (!(balance.total > 0) || hasAsset(cash, balance.asset)) continue;
    const ownMarket = quoteMarkets.get(balance.asset) ?? null;
    let priceSymbol: string | null = ownMarket?.symbol ?? null;
    if (ownMarket === null && balance.priceAs !== undefined) {
      priceSymbol = quoteMarkets.get(balance.priceAs)?.symbol ?? null;
    }
    const tracked = positionInfo?.get(balance.asset);
    holdings.push({
      accountId: input.accountId,
      owner: input.owner,
      asset: balance.asset,
      quantity: balance.total,
      free: balance.free,
      symbol: ownMarket?.symbol ?? null,
      priceUsd: priceSymbol === null ? null : finiteOrNull(read.prices[priceSymbol]),
      market: ownMarket,
      entryPrice: finiteOrNull(tracked?.entryPrice ?? balance.entryPrice),
      openedAt: tracked?.openedAt ?? balance.openedAt ?? null,
    });
  }
  holdings.sort((a, b) => compareStrings(a.asset, b.asset));
  for (let i = 1; i < holdings.length; i++) {
    const asset = holdings[i]!.asset;
    if (asset === holdings[i - 1]!.asset) {
      throw cleanupError('malformed_response', `account ${input.accountId} reported two balances of ${asset}`);
    }
  }
  return {
    readable: true,
    accountId: input.accountId,
    owner: input.owner,
    broker: input.broker,
    holdings,
    openOrders: [...read.openOrders],
    capabilities: { dustConversion: input.capabilities.dustConversion },
  };
}
