import type {
  ConfirmedForcedClose,
  PendingForcedClose,
  PositionTracker,
  TrackedPosition,
  UnfinishedForcedClose,
} from '@forced-cleanup/bot-hook';
import type { Outcome } from '@forced-cleanup/contract';

/** One position the bot opened, with its profit status (PENDING while a forced close is under way). */
export interface BotPosition {
  readonly accountId: string;
  readonly asset: string;
  readonly entryPrice: number | null;
  readonly openedAt: string | null;
  profitStatus: 'OPEN' | 'PENDING';
}

/** The bot's statistics: forced exits count in them like the bot's own exits. */
export interface BotStatistics {
  readonly outcomes: Record<Outcome, number>;
  /** USD received from forced closes. */
  proceedsUsd: number;
}

/**
 * The example bot's position tracker: what it opened, at what price and when. It gives the hook entry
 * prices and open times (for P&L and age in the cleanup's ranking) and takes every forced close back:
 * PENDING → CONFIRMED with the outcome counted in the bot's statistics, or back to OPEN when the close
 * did not happen. A partial fill leaves the rest of the position tracked.
 */
export class BotPositionTracker implements PositionTracker {
  private readonly open = new Map<string, BotPosition>();
  /** Every confirmed forced close, in the order the hook reported them. */
  readonly confirmed: ConfirmedForcedClose[] = [];
  /** Every close announced PENDING. */
  readonly pending: PendingForcedClose[] = [];
  /** Every close announced PENDING that did not happen. */
  readonly notDone: UnfinishedForcedClose[] = [];
  /** Entry prices of every position ever tracked, kept after it closed (for checking outcomes). */
  readonly entryPrices = new Map<string, number | null>();
  readonly statistics: BotStatistics = { outcomes: { WIN: 0, LOSS: 0, BREAKEVEN: 0, UNKNOWN: 0 }, proceedsUsd: 0 };

  /** Starts tracking a position the bot opened (or adopted). */
  track(position: { accountId: string; asset: string; entryPrice: number | null; openedAt: string | null }): void {
    const key = keyOf(position.accountId, position.asset);
    this.open.set(key, { ...position, profitStatus: 'OPEN' });
    this.entryPrices.set(key, position.entryPrice);
  }

  /** The tracked position, if any. */
  get(accountId: string, asset: string): BotPosition | undefined {
    return this.open.get(keyOf(accountId, asset));
  }

  /** Assets tracked in one account. */
  assetsOf(accountId: string): Set<string> {
    return new Set([...this.open.values()].filter((position) => position.accountId === accountId).map((position) => position.asset));
  }

  /** Every tracked position. */
  openPositions(): TrackedPosition[] {
    return [...this.open.values()].map(({ accountId, asset, entryPrice, openedAt }) => ({ accountId, asset, entryPrice, openedAt }));
  }

  /** A forced close is about to be placed. */
  onClosePending(close: PendingForcedClose): void {
    this.pending.push(close);
    const position = this.get(close.accountId, close.asset);
    if (position) position.profitStatus = 'PENDING';
  }

  /** A forced close filled: PENDING → CONFIRMED, counted in the statistics. */
  onCloseConfirmed(close: ConfirmedForcedClose): void {
    this.confirmed.push(close);
    this.statistics.outcomes[close.outcome] += 1;
    this.statistics.proceedsUsd += close.proceedsUsd;
    const key = keyOf(close.accountId, close.asset);
    if (close.partial) {
      const position = this.open.get(key);
      if (position) position.profitStatus = 'OPEN';
    } else {
      this.open.delete(key);
    }
  }

  /** A close announced PENDING did not happen: the position is open again. */
  onCloseNotDone(close: UnfinishedForcedClose): void {
    this.notDone.push(close);
    const position = this.get(close.accountId, close.asset);
    if (position) position.profitStatus = 'OPEN';
  }
}

function keyOf(accountId: string, asset: string): string {
  return `${accountId}:${asset}`;
}
