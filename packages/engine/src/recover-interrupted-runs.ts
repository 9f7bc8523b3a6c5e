import { toErrorData, type BrokerConnection, type ErrorData, type RecoveredIntent, type Recovery } from '@forced-cleanup/contract';
import { findInterruptedRuns, markRecovered, type IntentRecord, type InterruptedRun, type ResultRecord } from './journal.js';
import { checkBrokerOutput } from './validate-broker-output.js';

/** What recovery settled, and the accounts it could not settle (they must not trade this run). */
export interface RecoveryOutcome {
  readonly recovery: Recovery | null;
  /** Accounts with an order of the interrupted run in an unknown or open state: not traded this run. */
  readonly blocked: ReadonlyMap<string, ErrorData>;
}

type Settled = { intent: RecoveredIntent; result: Omit<ResultRecord, 't' | 'seq' | 'at'> | null; blocks: boolean };

/**
 * Before anything else, settles every intent of an interrupted run that has no result, by asking the
 * exchange — never by repeating the call: a sell is looked up by its client order id (filled, or never
 * placed), a cancel by whether the order is still open. An account whose order cannot be settled (lookup
 * failed, or the order is still open) is blocked for this run, so nothing can be sold twice.
 */
export async function recoverInterruptedRuns(
  stateDir: string,
  connections: ReadonlyMap<string, BrokerConnection>,
  runId: string,
  now: () => string,
  signal: AbortSignal,
): Promise<RecoveryOutcome> {
  const runs = findInterruptedRuns(stateDir);
  if (runs.length === 0) return { recovery: null, blocked: new Map() };
  const intents: RecoveredIntent[] = [];
  const blocked = new Map<string, ErrorData>();
  for (const run of runs) {
    const results: Array<{ seq: number; record: Omit<ResultRecord, 't' | 'seq' | 'at'> }> = [];
    let complete = true;
    for (const pending of run.pending) {
      const settled = await settle(pending, connections.get(pending.accountId), signal);
      intents.push(settled.intent);
      if (settled.result) results.push({ seq: pending.seq, record: settled.result });
      else complete = false;
      if (settled.blocks) {
        blocked.set(pending.accountId, {
          code: 'unknown',
          message: `an order of the interrupted run ${run.runId} is unsettled (${settled.intent.detail}); this account is not traded until it is`,
          retryable: true,
        });
      }
    }
    if (complete) markRecovered(run, results, runId, now());
  }
  const latest = runs[runs.length - 1] as InterruptedRun;
  return { recovery: { interruptedRunId: latest.runId, interruptedAt: latest.startedAt, intents }, blocked };
}

async function settle(intent: IntentRecord, connection: BrokerConnection | undefined, signal: AbortSignal): Promise<Settled> {
  const base = {
    accountId: intent.accountId,
    asset: intent.asset,
    operation: intent.op,
    clientOrderId: intent.clientOrderId,
    orderId: intent.orderId,
  };
  if (!connection) {
    return { intent: { ...base, found: 'unresolved', detail: 'the account is not configured or could not be connected' }, result: null, blocks: intent.op === 'sell' };
  }
  try {
    if (intent.op === 'cancel') {
      const open = checkBrokerOutput('openOrders', await connection.fetchOpenOrders(signal), intent.accountId);
      const still = open.some((order) => order.id === intent.orderId);
      return {
        intent: { ...base, found: still ? 'still_open' : 'cancelled', detail: still ? 'the order is still open' : 'the order is gone' },
        result: { outcome: still ? 'failed' : 'done', orderId: intent.orderId, filledQuantity: null, error: null },
        blocks: false,
      };
    }
    if (intent.clientOrderId === null || intent.symbol === null) {
      return { intent: { ...base, found: 'unresolved', detail: 'a conversion cannot be looked up; its asset is re-read like any other' }, result: { outcome: 'unknown', orderId: null, filledQuantity: null, error: null }, blocks: false };
    }
    const lookup = { clientOrderId: intent.clientOrderId, symbol: intent.symbol };
    const order = checkBrokerOutput('orderOrNull', await connection.lookupOrder(lookup, signal), intent.accountId);
    if (order === null || (order.filledQuantity === 0 && (order.status === 'cancelled' || order.status === 'rejected'))) {
      return {
        intent: { ...base, found: 'not_placed', detail: 'the exchange has no fill for this client order id: nothing was sold' },
        result: { outcome: 'failed', orderId: order?.orderId ?? null, filledQuantity: 0, error: null },
        blocks: false,
      };
    }
    if (order.status === 'open') {
      return { intent: { ...base, orderId: order.orderId, found: 'open', detail: `order ${order.orderId} is still open` }, result: null, blocks: true };
    }
    const partial = order.filledQuantity < order.requestedQuantity;
    return {
      intent: {
        ...base,
        orderId: order.orderId,
        found: partial ? 'partially_filled' : 'filled',
        detail: `sold ${order.filledQuantity} of ${order.requestedQuantity} at ${order.averagePrice ?? 'n/a'}`,
      },
      result: { outcome: 'done', orderId: order.orderId, filledQuantity: order.filledQuantity, error: null },
      blocks: false,
    };
  } catch (error) {
    const data = toErrorData(error);
    return { intent: { ...base, found: 'unresolved', detail: `lookup failed: ${data.message}` }, result: null, blocks: true };
  }
}
