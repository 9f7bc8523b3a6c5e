import type { ActionReport, CleanupEvent, Plan } from '@forced-cleanup/contract';
import { failed, initialActionReport } from './action-report.js';
import { clientOrderIdFor } from './client-order-id.js';
import { closePosition } from './close-position.js';
import type { ConnectedAccount } from './connect-account.js';
import type { Journal } from './journal.js';
import { runBounded } from './run-bounded.js';

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
 * Executes the plan: accounts concurrently (bounded), and within an account its dust closes then its cap
 * closes, one at a time. Returns one report per planned action, in the plan's order; an account failing
 * never stops the others.
 */
export async function executePlan(plan: Plan, connected: readonly ConnectedAccount[], context: ExecutionContext): Promise<ActionReport[]> {
  const positions = new Map(plan.positions.map((position) => [`${position.accountId}:${position.asset}`, position]));
  const byAccount = new Map<string, Plan['actions']>();
  for (const action of plan.actions) byAccount.set(action.accountId, [...(byAccount.get(action.accountId) ?? []), action]);
  const resultById = new Map<string, ActionReport>();
  const work = connected.filter((entry) => byAccount.has(entry.account.id));
  await runBounded(work, context.concurrency, async (entry) => {
    for (const action of byAccount.get(entry.account.id) ?? []) {
      const position = positions.get(action.id);
      if (!entry.connection || !position) continue;
      const clientOrderId = clientOrderIdFor(context.runId, action.accountId, action.asset, `${action.kind}:${action.reason}`);
      const result = await closePosition(action, {
        connection: entry.connection,
        clientOrderId,
        position,
        emit: context.emit,
        signal: context.signal,
        journal: context.journal,
        now: context.now,
      });
      resultById.set(action.id, result);
    }
  });
  return plan.actions.map(
    (action) =>
      resultById.get(action.id) ??
      failed(initialActionReport(action, 'failed'), { code: 'unknown', message: 'the account had no connection', retryable: false }),
  );
}
