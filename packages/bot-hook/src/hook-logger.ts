import type { BrokerLogger } from '@forced-cleanup/contract';
import type { HookEvent } from './hook-events.js';

/** A logger that never throws: a broken logger must not break the bot's loop or a cleanup run. */
export function safeLogger(logger: BrokerLogger | null): BrokerLogger {
  const target = logger ?? consoleLogger;
  const call = (level: keyof BrokerLogger) => (message: string, fields?: Record<string, unknown>) => {
    try {
      target[level](message, fields);
    } catch {
      // nowhere left to report it
    }
  };
  return { info: call('info'), warn: call('warn'), error: call('error') };
}

/** Used when the bot gives no logger: failures must be visible somewhere. */
const consoleLogger: BrokerLogger = {
  info: (message, fields) => console.info(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

const usd = (value: number | null) => (value === null ? 'unpriced' : `$${value.toFixed(2)}`);
const pct = (value: number | null) => (value === null ? 'unknown' : `${value > 0 ? '+' : ''}${value.toFixed(2)}%`);

/**
 * The log lines of a run, in the seed's vocabulary (`[DUST][FORCED]`, `PENDING → CONFIRMED`,
 * `[OPEN_ORDER][CANCELLED]`), one line per event that matters, with the details as fields. Progress
 * events (`account_reading`, `plan_made`…) are left to listeners: a bot's log is not a progress bar.
 */
export function logEvent(logger: BrokerLogger, event: HookEvent): void {
  switch (event.type) {
    case 'run_triggered':
      logger.info(`forced cleanup triggered: ${event.trigger.toUpperCase()}${event.cycle === null ? '' : ` (cycle ${event.cycle})`}`, {
        startup: event.startup,
        dryRun: event.dryRun,
      });
      return;
    case 'account_unreadable':
      logger.warn(`forced cleanup: account ${event.accountId} unreadable: ${event.error.message}`, { accountId: event.accountId, code: event.error.code });
      return;
    case 'recovered':
      logger.warn(`forced cleanup: settled ${event.recovery.intents.length} intent(s) of interrupted run ${event.recovery.interruptedRunId}`);
      return;
    case 'order_cancelled':
      logger.info(`[OPEN_ORDER][CANCELLED] order ${event.order.id} on ${event.order.symbol}`, { accountId: event.accountId });
      return;
    case 'position_closed': {
      const { action, result } = event;
      logger.info(`[${action.reason === 'dust' ? 'DUST' : 'CAP_EXCEEDED'}][FORCED] ${action.symbol ?? action.asset} CLOSED: PROFIT_STATUS = PENDING → CONFIRMED, OUTCOME = ${event.outcome}`, {
        accountId: action.accountId,
        owner: action.owner,
        size: usd(action.usdValue),
        pnl: pct(result.pnlPct),
        proceedsUsd: result.proceedsUsd,
        partial: result.partial,
      });
      return;
    }
    case 'action_failed':
      logger.error(`forced cleanup: closing ${event.action.symbol ?? event.action.asset} in ${event.action.accountId} failed: ${event.error.message}`, {
        code: event.error.code,
      });
      return;
    case 'action_skipped':
      logger.warn(`forced cleanup: ${event.action.symbol ?? event.action.asset} in ${event.action.accountId} not closed (${event.reason}): ${event.detail}`);
      return;
    case 'run_finished': {
      const { summary, dryRun, skipped } = event.report;
      const reasons = [...new Set(skipped.map((entry) => entry.reason))].join(', ');
      const left = skipped.length > 0 ? `, ${skipped.length} left alone (${reasons})` : '';
      logger.info(`forced cleanup complete${dryRun ? ' (dry run)' : ''}: reduced by ${summary.reducedBy}, ${summary.failed} failed${left}`, { ...summary });
      return;
    }
    case 'cycle_skipped':
      logger.warn(`forced cleanup: cycle ${event.cycle} skipped, a run is still in progress`);
      return;
    case 'run_failed':
      logger[event.error.code === 'lock_held' ? 'warn' : 'error'](`forced cleanup run failed: ${event.error.message}`, { code: event.error.code, trigger: event.trigger });
      return;
    case 'tracker_report': {
      const { phantom, untracked } = event.report;
      if (phantom.length === 0 && untracked.length === 0) return;
      logger.warn(`forced cleanup: tracker out of sync: ${phantom.length} phantom, ${untracked.length} untracked`, {
        phantom: phantom.map((p) => `${p.accountId}:${p.asset}`),
        untracked: untracked.map((u) => `${u.accountId}:${u.asset}`),
      });
      return;
    }
    case 'tracker_failed':
      logger.error(`forced cleanup: position tracker ${event.call} failed: ${event.error.message}`);
      return;
    case 'entry_gate_refresh_failed':
      logger.warn(`forced cleanup: entry gate could not read the accounts (entries blocked): ${event.error.message}`);
      return;
    default:
      return;
  }
}
