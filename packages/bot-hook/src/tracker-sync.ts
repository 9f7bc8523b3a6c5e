import { toErrorData, type CleanupEvent, type PlannedAction } from '@forced-cleanup/contract';
import type { HookOwnEvent } from './hook-events.js';
import type { ForcedCloseBase, PositionTracker } from './position-tracker.js';

/**
 * Tells the bot's tracker about every forced close of one run, from the engine's events: PENDING when
 * the sell is about to be placed, CONFIRMED with outcome and proceeds when it filled, or "not done" when
 * a PENDING close failed or was skipped. Calls are queued so the tracker sees them one at a time and in
 * order even when its methods are async; a failing call is reported and the queue goes on.
 */
export class TrackerSync {
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();

  /**
   * @param tracker the bot's tracker
   * @param runId the run whose closes are reported
   * @param report where a failing tracker call is reported
   */
  constructor(
    private readonly tracker: PositionTracker,
    private readonly runId: string,
    private readonly report: (event: HookOwnEvent) => void,
  ) {}

  /** Feeds one engine event; only the close events matter. */
  handle(event: CleanupEvent): void {
    switch (event.type) {
      case 'position_closing': {
        this.pending.add(event.action.id);
        const close = { ...this.base(event.action, event.clientOrderId), profitStatus: 'PENDING' as const };
        if (this.tracker.onClosePending) this.enqueue('onClosePending', () => this.tracker.onClosePending?.(close));
        return;
      }
      case 'position_closed': {
        this.pending.delete(event.action.id);
        const { result } = event;
        const close = {
          ...this.base(event.action, result.clientOrderId),
          profitStatus: 'CONFIRMED' as const,
          previousProfitStatus: 'PENDING' as const,
          outcome: event.outcome,
          pnlPct: result.pnlPct,
          proceedsUsd: result.proceedsUsd,
          filledQuantity: result.filledQuantity,
          averagePrice: result.averagePrice,
          partial: result.partial,
          orderId: result.orderId,
        };
        this.enqueue('onCloseConfirmed', () => this.tracker.onCloseConfirmed(close));
        return;
      }
      case 'action_failed':
      case 'action_skipped': {
        if (!this.pending.delete(event.action.id)) return;
        const { result } = event;
        const close = {
          ...this.base(event.action, result.clientOrderId),
          profitStatus: 'OPEN' as const,
          status: event.type === 'action_failed' ? ('failed' as const) : ('skipped' as const),
          statusReason: result.statusReason ?? (event.type === 'action_failed' ? event.error.code : event.reason),
          error: result.error,
        };
        if (this.tracker.onCloseNotDone) this.enqueue('onCloseNotDone', () => this.tracker.onCloseNotDone?.(close));
        return;
      }
      default:
        return;
    }
  }

  /** Resolves once every queued tracker call has settled. Never rejects. */
  flush(): Promise<void> {
    return this.queue;
  }

  private base(action: PlannedAction, clientOrderId: string | null): ForcedCloseBase {
    return {
      runId: this.runId,
      accountId: action.accountId,
      owner: action.owner,
      asset: action.asset,
      symbol: action.symbol,
      reason: action.reason,
      rank: action.rank,
      usdValue: action.usdValue,
      clientOrderId,
    };
  }

  private enqueue(call: string, run: () => unknown): void {
    this.queue = this.queue.then(async () => {
      try {
        await run();
      } catch (error) {
        this.report({ type: 'tracker_failed', call, error: toErrorData(error) });
      }
    });
  }
}
