import { toErrorData, type ActionReport, type BrokerConnection, type ClassifiedPosition, type CleanupEvent, type Plan, type PlannedAction } from '@forced-cleanup/contract';
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

/**
 * Executes the plan: accounts concurrently (bounded); within an account, SPEC "Execution" in order —
 * cancel the chosen open orders and confirm they are gone, re-read the free balances once, then sell each
 * position (dust closes first, then cap closes, the plan's order). Returns one report per planned action,
 * in the plan's order; an account failing never stops the others.
 */
export async function executePlan(plan: Plan, connected: readonly ConnectedAccount[], context: ExecutionContext): Promise<ActionReport[]> {
  const positions = new Map(plan.positions.map((position) => [`${position.accountId}:${position.asset}`, position]));
  const byAccount = new Map<string, PlannedAction[]>();
  for (const action of plan.actions) byAccount.set(action.accountId, [...(byAccount.get(action.accountId) ?? []), action]);
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
  for (const action of actions) {
    if (conversions.includes(action)) continue;
    const done = cancelled.get(action.id) ?? [];
    const failure = failures.get(action.id);
    const position = positions.get(action.id);
    if (failure || !position) {
      const error = failure ?? { code: 'unknown' as const, message: 'the position is not in the plan', retryable: false };
      results.push(emitResult(action, { ...failed(initialActionReport(action, 'failed'), error), ordersCancelled: done }, context.emit));
      continue;
    }
    const clientOrderId = clientOrderIdFor(runId, action.accountId, action.asset, `${action.kind}:${action.reason}`);
    results.push(await sellPosition(action, free.get(action.asset) ?? 0, done, { ...context, clientOrderId, position }));
  }
  const order = new Map(actions.map((action, index) => [action.id, index]));
  return results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
