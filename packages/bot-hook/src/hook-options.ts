import { resolve } from 'node:path';
import { z } from 'zod';
import { parseCancelConditions, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import {
  AccountConfigSchema,
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CASH_ASSETS,
  DEFAULT_CONCURRENCY,
  DEFAULT_DUST_THRESHOLD_USD,
  DEFAULT_MAX_POSITIONS,
  DEFAULT_RETRY_SETTINGS,
  OwnerIdSchema,
  RetrySettingsSchema,
  type AccountConfig,
  type BrokerLogger,
  type OpenOrderPolicy,
  type PlannerSettings,
  type RetrySettings,
} from '@forced-cleanup/contract';
import { optionsError } from './describe-option-issues.js';
import { isPositionTracker, type PositionTracker } from './position-tracker.js';

/** Cleanup runs every this many cycles unless told otherwise (the seed's "every 20 cycles"). */
export const DEFAULT_INTERVAL_CYCLES = 20;
/** The entry gate answers from a snapshot at most this old unless told otherwise. */
export const DEFAULT_ENTRY_GATE_MAX_AGE_MS = 60_000;
/** The state directory, relative to the working directory, unless told otherwise (the CLI's default too). */
export const DEFAULT_STATE_DIR = '.forced-cleanup';

const WHOLE = 'expected a whole number ≥ 0';
const USD = 'expected an amount in USD ≥ 0 such as 1 or 0.50';
const BOOLEAN = 'expected true or false';

const wholeNumber = () => z.number({ error: WHOLE }).int({ error: WHOLE }).min(0, { error: WHOLE });
const flag = () => z.boolean({ error: BOOLEAN });
const usdAmount = () => z.number({ error: USD }).min(0, { error: USD });

/** The settings a `runNow(overrides)` may change for one run: the planner's and the open-order mode. */
const overridableShape = {
  /** Positions worth strictly less (USD) are dust. */
  dustThresholdUsd: usdAmount(),
  /** Cap of counted positions per owner, across all of the owner's accounts. */
  maxPositions: wholeNumber(),
  /** Preview only: nothing is cancelled or sold. */
  dryRun: flag(),
  /** Cancel open orders of positions being closed (`always`, or `nuclear` with `startupOnly`). */
  cancelOpenOrders: flag(),
  /** With `cancelOpenOrders`: cancel only in the startup run (`nuclear`). */
  startupOnly: flag(),
  /** Selective mode: cancel iff a condition holds, e.g. `usd_value<1.0,rank>max_positions`. Parsed here. */
  cancelConditions: z
    .string({ error: 'expected cancel conditions such as usd_value<1.0,rank>max_positions' })
    .superRefine(checkConditions)
    .nullable(),
};

const loggerSchema = z.custom<BrokerLogger>(
  (value) =>
    value !== null &&
    typeof value === 'object' &&
    ['info', 'warn', 'error'].every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
  { error: 'expected an object with info, warn and error methods (pino-style)' },
);

const trackerSchema = z.custom<PositionTracker>(isPositionTracker, {
  error: 'expected an object with openPositions() and onCloseConfirmed(close) (onClosePending and onCloseNotDone optional)',
});

const HookOptionsSchema = z
  .strictObject({
    /** The accounts, exactly as the config file's `accounts` (secrets named, never inline). */
    accounts: z.array(AccountConfigSchema, { error: 'expected a list of accounts' }).min(1, { error: 'at least one account is needed' }),
    dustThresholdUsd: overridableShape.dustThresholdUsd.default(DEFAULT_DUST_THRESHOLD_USD),
    maxPositions: overridableShape.maxPositions.default(DEFAULT_MAX_POSITIONS),
    maxPositionsByOwner: z.record(OwnerIdSchema, wholeNumber()).default({}),
    cashAssets: z.array(z.string().min(1), { error: 'expected a list of assets' }).default([...DEFAULT_CASH_ASSETS]),
    protect: z.record(OwnerIdSchema, z.array(z.string().min(1))).default({}),
    dryRun: overridableShape.dryRun.default(false),
    cancelOpenOrders: overridableShape.cancelOpenOrders.default(false),
    startupOnly: overridableShape.startupOnly.default(false),
    cancelConditions: overridableShape.cancelConditions.optional(),
    /** Run every this many cycles (`onCycle(n)` with n a multiple). 0: at startup only. */
    intervalCycles: wholeNumber().default(DEFAULT_INTERVAL_CYCLES),
    /** `canOpenPosition` answers from a snapshot at most this old (ms); older, it reads the accounts again. */
    entryGateMaxAgeMs: wholeNumber().default(DEFAULT_ENTRY_GATE_MAX_AGE_MS),
    concurrency: z.number().int().min(1).max(64).default(DEFAULT_CONCURRENCY),
    maxSellUsdPerRun: z.number().positive().optional(),
    retry: RetrySettingsSchema.default(DEFAULT_RETRY_SETTINGS),
    callTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_CALL_TIMEOUT_MS),
    stateDir: z.string({ error: 'expected a directory path' }).min(1, { error: 'expected a directory path' }).optional(),
    configDir: z.string({ error: 'expected a directory path' }).min(1, { error: 'expected a directory path' }).optional(),
    pluginSearchDirs: z.array(z.string().min(1)).default([]),
    env: z.record(z.string(), z.string().optional()).optional(),
    logger: loggerSchema.optional(),
    tracker: trackerSchema.optional(),
  })
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.accounts.forEach((account, index) => {
      if (seen.has(account.id)) ctx.addIssue({ code: 'custom', path: ['accounts', index, 'id'], message: `duplicate account id "${account.id}"` });
      seen.add(account.id);
    });
  });

/** The options of `createForcedCleanup`, as a bot writes them (everything but `accounts` optional). */
export type ForcedCleanupOptions = z.input<typeof HookOptionsSchema>;

const RunOverridesSchema = z
  .strictObject({
    dustThresholdUsd: overridableShape.dustThresholdUsd.optional(),
    maxPositions: overridableShape.maxPositions.optional(),
    dryRun: overridableShape.dryRun.optional(),
    cancelOpenOrders: overridableShape.cancelOpenOrders.optional(),
    startupOnly: overridableShape.startupOnly.optional(),
    cancelConditions: overridableShape.cancelConditions.optional(),
    /** Pass the liquidation guard (`maxSellUsdPerRun`) for this run. */
    force: flag().optional(),
  });

/** What `runNow(overrides)` may change for one run. Mode keys given here alone decide the mode. */
export type RunOverrides = z.input<typeof RunOverridesSchema>;

/** Everything the hook runs with, validated, defaults applied. */
export interface ResolvedHookOptions {
  readonly accounts: readonly AccountConfig[];
  readonly settings: PlannerSettings;
  readonly policy: OpenOrderPolicy;
  readonly dryRun: boolean;
  readonly intervalCycles: number;
  readonly entryGateMaxAgeMs: number;
  readonly concurrency: number;
  readonly maxSellUsdPerRun: number | undefined;
  readonly retry: RetrySettings;
  readonly callTimeoutMs: number;
  readonly stateDir: string;
  readonly configDir: string;
  readonly pluginSearchDirs: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: BrokerLogger | null;
  readonly tracker: PositionTracker | null;
}

/** What one run uses after `runNow` overrides. */
export interface RunSettings {
  readonly settings: PlannerSettings;
  readonly policy: OpenOrderPolicy;
  readonly dryRun: boolean;
  readonly force: boolean;
}

/**
 * Validates every option (zod) and resolves them, synchronously: a bad value throws `invalid_config`
 * naming it — at bot startup, before any trading — e.g. `forced-cleanup: maxPositions: expected a whole
 * number ≥ 0, got -1`. The cancel conditions are parsed here too, so a malformed one never waits for
 * the first run to surface.
 */
export function resolveHookOptions(input: unknown, cwd: string, processEnv: Readonly<Record<string, string | undefined>>): ResolvedHookOptions {
  const parsed = HookOptionsSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw optionsError(parsed.error, input);
  const options = parsed.data;
  const configDir = resolve(cwd, options.configDir ?? '.');
  return {
    accounts: options.accounts,
    settings: {
      dustThresholdUsd: options.dustThresholdUsd,
      maxPositions: options.maxPositions,
      maxPositionsByOwner: options.maxPositionsByOwner,
      cashAssets: options.cashAssets.map((asset) => asset.toUpperCase()),
      protect: options.protect,
    },
    policy: resolveOpenOrderPolicy({
      cancelOpenOrders: options.cancelOpenOrders,
      startupOnly: options.startupOnly,
      cancelConditions: options.cancelConditions,
    }),
    dryRun: options.dryRun,
    intervalCycles: options.intervalCycles,
    entryGateMaxAgeMs: options.entryGateMaxAgeMs,
    concurrency: options.concurrency,
    maxSellUsdPerRun: options.maxSellUsdPerRun,
    retry: options.retry,
    callTimeoutMs: options.callTimeoutMs,
    stateDir: resolve(cwd, options.stateDir ?? DEFAULT_STATE_DIR),
    configDir,
    pluginSearchDirs: options.pluginSearchDirs.map((dir) => resolve(cwd, dir)),
    env: options.env ?? processEnv,
    logger: options.logger ?? null,
    tracker: options.tracker ?? null,
  };
}

/**
 * Applies `runNow` overrides to the hook's settings. As with the CLI's flags, if any mode key is given
 * the overrides alone decide the mode. Throws `invalid_config` naming a bad override.
 */
export function applyRunOverrides(base: ResolvedHookOptions, input: unknown): RunSettings {
  const parsed = RunOverridesSchema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success) throw optionsError(parsed.error, input, 'runNow');
  const overrides = parsed.data;
  const modeGiven = overrides.cancelOpenOrders !== undefined || overrides.startupOnly !== undefined || overrides.cancelConditions !== undefined;
  return {
    settings: {
      ...base.settings,
      dustThresholdUsd: overrides.dustThresholdUsd ?? base.settings.dustThresholdUsd,
      maxPositions: overrides.maxPositions ?? base.settings.maxPositions,
    },
    policy: modeGiven
      ? resolveOpenOrderPolicy({
          cancelOpenOrders: overrides.cancelOpenOrders ?? false,
          startupOnly: overrides.startupOnly ?? false,
          cancelConditions: overrides.cancelConditions,
        })
      : base.policy,
    dryRun: overrides.dryRun ?? base.dryRun,
    force: overrides.force ?? false,
  };
}

/** The grammar check of the cancel conditions (the empty string means none, as in the environment). */
function checkConditions(text: string, ctx: z.RefinementCtx): void {
  if (text === '') return;
  try {
    parseCancelConditions(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
}
