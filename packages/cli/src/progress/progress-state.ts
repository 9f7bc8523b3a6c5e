import type { CleanupEvent } from '@forced-cleanup/contract';

/** Where one account stands in the run. */
export interface AccountProgress {
  readonly accountId: string;
  state: 'waiting' | 'reading' | 'read' | 'unreadable' | 'executing' | 'done';
  positions: number;
  openOrders: number;
  /** Closes planned in this account. */
  total: number;
  /** Closes ended so far (closed, failed or skipped). */
  ended: number;
  failed: number;
  skipped: number;
  /** What it is doing right now, e.g. `selling SHIB-USD`; null when idle. */
  activity: string | null;
  /** The error of an unreadable account. */
  error: string | null;
}

/** The whole run, as the progress display shows it. */
export interface ProgressState {
  phase: 'starting' | 'reading' | 'planned' | 'executing' | 'reconciling' | 'done';
  readonly accounts: Map<string, AccountProgress>;
  /** Closes planned over every account. */
  totalActions: number;
  endedActions: number;
}

/** An empty state, before `run_started`. */
export function initialProgressState(): ProgressState {
  return { phase: 'starting', accounts: new Map(), totalActions: 0, endedActions: 0 };
}

function account(state: ProgressState, accountId: string): AccountProgress {
  let entry = state.accounts.get(accountId);
  if (!entry) {
    entry = { accountId, state: 'waiting', positions: 0, openOrders: 0, total: 0, ended: 0, failed: 0, skipped: 0, activity: null, error: null };
    state.accounts.set(accountId, entry);
  }
  return entry;
}

/**
 * Folds one engine event into the state (mutating it: events arrive one at a time, in order). Events
 * this version does not know are ignored, so a newer engine never breaks the display.
 */
export function applyProgressEvent(state: ProgressState, event: CleanupEvent): void {
  switch (event.type) {
    case 'run_started':
      state.phase = 'reading';
      for (const id of event.accountIds) account(state, id);
      return;
    case 'account_reading':
      account(state, event.accountId).state = 'reading';
      return;
    case 'account_read': {
      const entry = account(state, event.accountId);
      Object.assign(entry, { state: 'read', positions: event.positions, openOrders: event.openOrders, activity: null });
      return;
    }
    case 'account_unreadable':
      Object.assign(account(state, event.accountId), { state: 'unreadable', error: `${event.error.code}: ${event.error.message}`, activity: null });
      return;
    case 'plan_made':
      state.phase = 'planned';
      for (const action of event.plan.actions) account(state, action.accountId).total++;
      state.totalActions = event.plan.actions.length;
      return;
    case 'order_cancelling':
      if (!event.dryRun) startActivity(state, event.accountId, `cancelling order ${event.order.id} on ${event.order.symbol}`);
      return;
    case 'position_closing':
      startActivity(state, event.action.accountId, `${event.action.kind === 'convert' ? 'converting' : 'selling'} ${event.action.symbol ?? event.action.asset}`);
      return;
    case 'position_closed':
    case 'action_failed':
    case 'action_skipped': {
      startActivity(state, event.action.accountId, null);
      const entry = account(state, event.action.accountId);
      entry.ended++;
      if (event.type === 'action_failed') entry.failed++;
      if (event.type === 'action_skipped') entry.skipped++;
      if (entry.ended >= entry.total) entry.state = 'done';
      state.endedActions++;
      if (state.endedActions >= state.totalActions) state.phase = 'reconciling';
      return;
    }
    case 'reconciled':
      state.phase = 'done';
      return;
    default:
      return;
  }
}

/** Marks the execution phase started (the engine has no event for it: `execute()` is the signal). */
export function startExecution(state: ProgressState): void {
  state.phase = state.totalActions === 0 ? 'reconciling' : 'executing';
  for (const entry of state.accounts.values()) {
    if (entry.state === 'read') entry.state = entry.total > 0 ? 'executing' : 'done';
  }
}

function startActivity(state: ProgressState, accountId: string, activity: string | null): void {
  const entry = account(state, accountId);
  if (entry.state === 'read') entry.state = 'executing';
  entry.activity = activity;
}
