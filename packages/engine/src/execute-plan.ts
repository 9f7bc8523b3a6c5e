import {
  toErrorData,
  type ActionReport,
  type BrokerConnection,
  type ClassifiedPosition,
  type CleanupEvent,
  type Plan,
  type PlannedAction,
  type RateLimit,
} from '@forced-cleanup/contract';
import { failed, initialActionReport } from './action-report.js';
import { cancelAndConfirm } from './cancel-and-confirm.js';
import { convertDust } from './convert-dust.js';
import { clientOrderIdFor } from './client-order-id.js';
import { emitResult, sellPosition, type AccountCloseContext } from './close-position.js';
import type { ConnectedAccount } from './connect-account.js';
import type { Journal } from './journal.js';
import { runBounded } from './run-bounded.js';
import { checkBrokerOutput } from './validate-broker-output.js';

/** What executing a plan needs besides the plan and the connections. */
export interface ExecutionContext {
  readonly runId: string;
  readonly emit: (event: CleanupEvent) => void;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly journal: Journal;
  readonly now: () => string;
}

/** The round trip a sell pipeline is sized to cover: slower exchanges are paced by their rate anyway. */
const ASSUMED_ROUND_TRIP_MS = 250;
/** Never more sells of one account in flight than this, however generous the key's budget. */
const MAX_SELLS_IN_FLIGHT = 8;

/**
 * How many sells of one account are in flight at once: as many as the key's rate allows in one round trip
 * (`requestsPerSecond × 250 ms`), at least 1 and at most 8. A key allowing one request every few seconds
 * (Kraken's starter tier) sells one at a time; Coinbase's 30 a second keeps 8 in flight, so that a latency
 * of 50 ms per request does not make an account slower than its rate limit.
 */
export function sellsInFlight(rateLimit: RateLimit): number {
  const perRoundTrip = Math.ceil((rateLimit.requestsPerSecond * ASSUMED_ROUND_TRIP_MS) / 1000);
  return Number.isFinite(perRoundTrip) ? Math.max(1, Math.min(MAX_SELLS_IN_FLIGHT, perRoundTrip)) : 1;
}

/**
 * Executes the plan: accounts concurrently (bounded); within an account, SPEC "Execution" in order —
 * cancel the chosen open orders and confirm they are gone, re-read the free balances once, then sell each
 * position (dust closes first, then cap closes, the plan's order). Returns one report per planned action,
 * in the plan's order; an account failing never stops the others.
 *
 * An account's sells are pipelined ({@link sellsInFlight}): they start in the plan's order, and every call
 * waits its turn in the key's rate limit, which serves callers in arrival order — so the sells are handed
 * to the broker in the plan's order, dust before cap, while earlier ones and their confirmations are still
 * on the wire (docs/performance.md). Each sell is still journalled before it is placed, and placed once.
 */
export async function executePlan(plan: Plan, connected: readonly ConnectedAccount[], context: ExecutionContext): Promise<ActionReport[]> {
  const positions = new Map(plan.positions.map((position) => [`${position.accountId}:${position.asset}`, position]));
  const byAccount = new Map<string, PlannedAction[]>();
  for (const action of plan.actions) {
    const list = byAccount.get(action.accountId);
    if (list === undefined) byAccount.set(action.accountId, [action]);
    else list.push(action);
  }
  const resultById = new Map<string, ActionReport>();
  const work = connected.filter((entry) => byAccount.has(entry.account.id) && entry.connection);
  await runBounded(work, context.concurrency, async (entry) => {
    const results = await closeAccount(byAccount.get(entry.account.id) ?? [], positions, {
      connection: entry.connection as BrokerConnection,
      emit: context.emit,
      signal: context.signal,
      journal: context.journal,
      now: context.now,
    }, context.runId);
    for (const result of results) resultById.set(result.id, result);
  });
  return plan.actions.map(
    (action) =>
      resultById.get(action.id) ??
      failed(initialActionReport(action, 'failed'), { code: 'unknown', message: 'the account had no connection', retryable: false }),
  );
}

async function closeAccount(
  actions: readonly PlannedAction[],
  positions: ReadonlyMap<string, ClassifiedPosition>,
  context: AccountCloseContext,
  runId: string,
): Promise<ActionReport[]> {
  for (const action of actions) {
    const clientOrderId = clientOrderIdFor(runId, action.accountId, action.asset, `${action.kind}:${action.reason}`);
    context.emit({ type: 'position_closing', action, profitStatus: 'PENDING', clientOrderId });
  }
  const { cancelled, failures } = await cancelAndConfirm(actions, context);
  const toSell = actions.filter((action) => !failures.has(action.id));
  let free = new Map<string, number>();
  if (toSell.length > 0) {
    try {
      const balances = checkBrokerOutput('balances', await context.connection.fetchBalances(context.signal), actions[0]?.accountId ?? '');
      free = new Map(balances.map((balance) => [balance.asset, balance.free]));
    } catch (error) {
      for (const action of toSell) failures.set(action.id, toErrorData(error));
    }
  }
  const results: ActionReport[] = [];
  const conversions = actions.filter((action) => action.kind === 'convert' && !failures.has(action.id) && positions.has(action.id));
  for (const result of await convertDust(conversions, cancelled, context)) results.push(result);
  const converting = new Set(conversions);
  const sells = actions.filter((action) => !converting.has(action));
  const sold = await runBounded(sells, sellsInFlight(context.connection.rateLimit), async (action) => {
    const done = cancelled.get(action.id) ?? [];
    const failure = failures.get(action.id);
    const position = positions.get(action.id);
    if (failure || !position) {
      const error = failure ?? { code: 'unknown' as const, message: 'the position is not in the plan', retryable: false };
      return emitResult(action, { ...failed(initialActionReport(action, 'failed'), error), ordersCancelled: done }, context.emit);
    }
    const clientOrderId = clientOrderIdFor(runId, action.accountId, action.asset, `${action.kind}:${action.reason}`);
    return sellPosition(action, free.get(action.asset) ?? 0, done, { ...context, clientOrderId, position });
  });
  for (const result of sold) results.push(result);
  const order = new Map(actions.map((action, index) => [action.id, index]));
  return results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
