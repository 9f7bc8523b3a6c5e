import { z } from 'zod';
import { parseCancelConditions } from '@forced-cleanup/core';
import { cleanupError } from '@forced-cleanup/contract';
import { MESSAGE_PREFIX } from './describe-option-issues.js';

/**
 * The environment variables the hook reads: the seed's three mode variables, the CLI's two planner
 * variables, and two of the hook's own (the seed's `DRY_RUN` and `CLEANUP_INTERVAL` settings).
 */
export const HOOK_ENV = {
  cancelOpenOrders: 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS',
  startupOnly: 'FORCED_CLEANUP_STARTUP_ONLY',
  cancelConditions: 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF',
  dustThresholdUsd: 'FORCED_CLEANUP_DUST_THRESHOLD_USD',
  maxPositions: 'FORCED_CLEANUP_MAX_POSITIONS',
  dryRun: 'FORCED_CLEANUP_DRY_RUN',
  intervalCycles: 'FORCED_CLEANUP_INTERVAL_CYCLES',
} as const;

/** The options the environment sets: only the keys whose variable is set (mode keys travel together). */
export interface EnvOptions {
  cancelOpenOrders?: boolean;
  startupOnly?: boolean;
  cancelConditions?: string | undefined;
  dustThresholdUsd?: number;
  maxPositions?: number;
  dryRun?: boolean;
  intervalCycles?: number;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

const booleanText = z
  .string()
  .transform((text) => text.trim().toLowerCase())
  .refine((text) => TRUE.includes(text) || FALSE.includes(text), { error: 'expected true or false (or 1/0, yes/no, on/off)' })
  .transform((text) => TRUE.includes(text));
const usdText = z
  .string()
  .trim()
  .regex(/^(\d+(\.\d*)?|\.\d+)$/, { error: 'expected an amount in USD ≥ 0 such as 1 or 0.50' })
  .transform(Number)
  .refine(Number.isFinite, { error: 'expected a finite amount in USD' });
const countText = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, { error: 'expected a whole number ≥ 0 such as 8' })
  .transform(Number);
const conditionsText = z.string().superRefine((text, ctx) => {
  try {
    parseCancelConditions(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const parsers = {
  cancelOpenOrders: booleanText,
  startupOnly: booleanText,
  cancelConditions: conditionsText,
  dustThresholdUsd: usdText,
  maxPositions: countText,
  dryRun: booleanText,
  intervalCycles: countText,
} as const satisfies Record<keyof typeof HOOK_ENV, z.ZodType>;

const MODE_KEYS = ['cancelOpenOrders', 'startupOnly', 'cancelConditions'] as const;

/**
 * Reads the FORCED_CLEANUP_* variables into hook options: `createForcedCleanup({ accounts,
 * ...optionsFromEnv(process.env) })`. A variable that is unset or blank is not read. A malformed one
 * throws `invalid_config` naming it, e.g. `forced-cleanup: FORCED_CLEANUP_MAX_POSITIONS: expected a
 * whole number ≥ 0 such as 8, got "-1"` — at bot startup, before trading; every bad variable is listed.
 *
 * The open-order mode's three settings travel together, as in the CLI: when any mode variable is set,
 * the result carries all three (unset ones false/undefined), so spreading it over the bot's own options
 * lets the environment alone decide the mode instead of mixing two sources into a mode neither meant.
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): EnvOptions {
  const result: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, name] of Object.entries(HOOK_ENV) as [keyof typeof HOOK_ENV, string][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = parsers[key].safeParse(raw);
    if (parsed.success) {
      result[key] = parsed.data;
    } else {
      const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
      for (const issue of parsed.error.issues) problems.push(`${MESSAGE_PREFIX} ${name}: ${issue.message}, got ${shown}`);
    }
  }
  if (problems.length > 0) throw cleanupError('invalid_config', problems.join('\n'));
  if (MODE_KEYS.some((key) => key in result)) {
    result['cancelOpenOrders'] ??= false;
    result['startupOnly'] ??= false;
    if (!('cancelConditions' in result)) result['cancelConditions'] = undefined;
  }
  return result as EnvOptions;
}
