import type { CleanupEvent } from '@forced-cleanup/contract';
import type { ProgressState } from './progress-state.js';

/** The prefix of every plain progress line, so that a log can be filtered for them. */
export const PROGRESS_PREFIX = '[progress] ';

/** Which lines to give. */
export interface PlainLineKinds {
  /** Reading, each account read, the plan, each account done, reconciled. */
  readonly milestones: boolean;
  /** Every call (`--verbose`): each read starting, each cancel and sell, each result, each retry. */
  readonly details: boolean;
}

/**
 * The progress of a run as plain lines (no terminal: a pipe, a file, a CI log), one event at a time.
 * The live display uses the details alone (`--verbose` on a terminal): it shows the milestones itself.
 * `state` is the state after the event was applied (for "done" tallies).
 */
export function plainProgressLines(event: CleanupEvent, state: ProgressState, kinds: PlainLineKinds): string[] {
  const lines: string[] = [];
  const add = (detail: boolean, line: string) => {
    if (detail ? kinds.details : kinds.milestones) lines.push(PROGRESS_PREFIX + line);
  };
  switch (event.type) {
    case 'run_started':
      add(false, `reading ${event.accountIds.length} account${event.accountIds.length === 1 ? '' : 's'}${event.dryRun ? ' (dry run)' : ''}`);
      break;
    case 'account_reading':
      add(true, `${event.accountId}: reading`);
      break;
    case 'account_read':
      add(false, `${event.accountId}: read, ${event.positions} positions, ${event.openOrders} open orders`);
      break;
    case 'account_unreadable':
      add(false, `${event.accountId}: UNREADABLE (${event.error.code}): ${event.error.message}`);
      break;
    case 'plan_made': {
      const dust = event.plan.actions.filter((action) => action.reason === 'dust').length;
      const orders = event.plan.actions.reduce((sum, action) => sum + action.ordersToCancel.length, 0);
      add(false, `planned ${event.plan.actions.length} closes (${dust} dust, ${event.plan.actions.length - dust} cap), ${orders} open orders to cancel`);
      break;
    }
    case 'order_cancelling':
      add(true, `${event.accountId}: ${event.dryRun ? 'would cancel' : 'cancelling'} order ${event.order.id} on ${event.order.symbol}`);
      break;
    case 'order_cancelled':
      add(true, `${event.accountId}: cancelled order ${event.order.id}`);
      break;
    case 'position_closing':
      add(true, `${event.action.accountId}: ${event.action.kind === 'convert' ? 'converting' : 'selling'} ${event.action.quantity} ${event.action.asset} (${event.action.reason}, client order id ${event.clientOrderId})`);
      break;
    case 'position_closed':
    case 'action_failed':
    case 'action_skipped': {
      const entry = state.accounts.get(event.action.accountId);
      const what = event.action.symbol ?? event.action.asset;
      if (event.type === 'position_closed') add(true, `${event.action.accountId}: closed ${what}: ${event.result.filledQuantity} filled, $${event.result.proceedsUsd.toFixed(2)}, ${event.outcome}`);
      if (event.type === 'action_failed') add(true, `${event.action.accountId}: FAILED ${what} (${event.error.code}): ${event.error.message}`);
      if (event.type === 'action_skipped') add(true, `${event.action.accountId}: skipped ${what} (${event.reason}): ${event.detail}`);
      if (entry && entry.ended === entry.total) {
        add(false, `${entry.accountId}: done ${entry.ended}/${entry.total} (${entry.ended - entry.failed - entry.skipped} closed, ${entry.failed} failed, ${entry.skipped} skipped)`);
      }
      break;
    }
    case 'reconciled':
      if (state.totalActions > 0 && state.phase === 'done' && state.endedActions > 0) add(false, 're-read every account: reconciled');
      break;
    default: {
      // Events of a newer engine (retries, recovery): shown with --verbose, by their type.
      const other = event as { type: string; accountId?: string };
      add(true, `${other.accountId ? `${other.accountId}: ` : ''}${other.type}`);
      break;
    }
  }
  return lines;
}
