/**
 * @forced-cleanup/bot-hook — what a trading bot imports: the forced cleanup at startup and every N cycles,
 * the position-cap entry gate, and position-tracker sync. A thin shell over the engine: no cleanup logic
 * of its own, and nothing it does ever throws into the bot's loop.
 */
export { createForcedCleanup, type ForcedCleanupHook } from './forced-cleanup-hook.js';
export {
  DEFAULT_ENTRY_GATE_MAX_AGE_MS,
  DEFAULT_INTERVAL_CYCLES,
  DEFAULT_STATE_DIR,
  type ForcedCleanupOptions,
  type RunOverrides,
} from './hook-options.js';
export { optionsFromEnv, HOOK_ENV, type EnvOptions } from './options-from-env.js';
export type { EntryGateDecision } from './entry-gate-cache.js';
export type { HookEvent, HookOwnEvent, HookEventListener, RunOutcome, RunTrigger } from './hook-events.js';
export type {
  PositionTracker,
  TrackedPosition,
  ForcedCloseBase,
  PendingForcedClose,
  ConfirmedForcedClose,
  UnfinishedForcedClose,
} from './position-tracker.js';
export type { TrackerReport, PhantomPosition, UntrackedHolding } from './tracker-report.js';
