import type { OpenOrderPolicy } from '@forced-cleanup/contract';
import { parseCancelConditions } from './parse-cancel-conditions.js';

/** The three settings that decide the open-order mode, from whichever source won (flags, env, config). */
export interface OpenOrderSettings {
  /** `--include-open-orders` / `FORCED_CLEANUP_CANCEL_OPEN_ORDERS` / `cancelOpenOrders`. */
  readonly cancelOpenOrders: boolean;
  /** `--startup-only` / `FORCED_CLEANUP_STARTUP_ONLY` / `startupOnly`. */
  readonly startupOnly: boolean;
  /** `--cancel-if` / `FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF` / `cancelConditions`. */
  readonly cancelConditions: string | null | undefined;
}

/**
 * Resolves the open-order policy (SPEC "Open orders", precedence):
 * conditions given → `selective`; else `cancelOpenOrders` with `startupOnly` → `nuclear`;
 * else `cancelOpenOrders` → `always`; else `conservative` (`startupOnly` alone changes nothing).
 *
 * Only `null`, `undefined` and the empty string count as "no conditions" (an empty environment variable
 * is the usual way to unset one). Any other text is parsed, so whitespace-only or malformed text throws
 * `invalid_config` instead of quietly falling back to another mode.
 */
export function resolveOpenOrderPolicy(input: OpenOrderSettings): OpenOrderPolicy {
  const text = input.cancelConditions;
  if (text !== null && text !== undefined && text !== '') {
    return { mode: 'selective', conditions: parseCancelConditions(text), conditionsText: text.trim() };
  }
  if (input.cancelOpenOrders && input.startupOnly) return { mode: 'nuclear', conditions: [], conditionsText: null };
  if (input.cancelOpenOrders) return { mode: 'always', conditions: [], conditionsText: null };
  return { mode: 'conservative', conditions: [], conditionsText: null };
}
