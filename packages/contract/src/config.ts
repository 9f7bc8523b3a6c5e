import { z } from 'zod';
import { OwnerIdSchema, OwnerInputSchema } from './owner.js';

/** Keys that would hold a credential written inline; refused so that no config file holds a secret. */
export const INLINE_SECRET_KEYS = [
  'apiKey',
  'apiSecret',
  'secret',
  'passphrase',
  'password',
  'privateKey',
  'token',
  'jwt',
] as const;

/**
 * One account: one API key on one exchange. Keys beyond `id`, `owner` and `broker` are the broker's own
 * options (e.g. `paper:`, `exchange:`, `baseUrl:`), validated by the broker plugin itself.
 * Credentials are named, never written: `apiKeyEnv`/`apiSecretEnv` (environment variables) or
 * `apiKeyFile`/`apiSecretFile` (files).
 */
export const AccountConfigSchema = z
  .looseObject({
    /** Unique account id, e.g. `platform_coinbase`, `user_user_123_kraken`. Used in file names. */
    id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'an account id has letters, digits, _ . - only'),
    /** Who the account belongs to: `platform`, `user:<id>` or `{ user: <id> }`. */
    owner: OwnerInputSchema,
    /** The broker plugin: a built-in name (`paper`, `ccxt`, `coinbase`, `kraken`), a package name, or a module path. */
    broker: z.string().min(1),
  })
  .superRefine((account, ctx) => {
    for (const key of INLINE_SECRET_KEYS) {
      if (key in account) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `a secret must not be written in the config file: name it with ${key}Env (an environment variable) or ${key}File (a file) instead`,
        });
      }
    }
  });
/** One account, as configured (owner canonicalised). */
export type AccountConfig = z.infer<typeof AccountConfigSchema>;

/** The default cash assets: never positions. */
export const DEFAULT_CASH_ASSETS = ['USD', 'USDC', 'USDT', 'EUR'] as const;
/** Default dust threshold in USD: positions worth strictly less are dust. */
export const DEFAULT_DUST_THRESHOLD_USD = 1;
/** Default position cap per owner. */
export const DEFAULT_MAX_POSITIONS = 8;
/**
 * Default number of accounts processed at once. Accounts are separate API keys, so this bounds only this
 * process's sockets, memory and CPU, never an exchange's budget (each key has its own rate limit).
 */
export const DEFAULT_CONCURRENCY = 32;

const nonNegativeInt = z.number().int().nonnegative();

/** Default time a broker call may take before it is abandoned as a timeout. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/**
 * Retries of reads and cancels: exponential backoff with full jitter (`baseDelayMs × 2^attempt`, capped at
 * `maxDelayMs`), a `Retry-After` from the exchange honoured, and at most `maxAttempts` attempts or
 * `maxTotalMs` spent waiting, whichever comes first.
 */
export const RetrySettingsSchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).default(4),
  baseDelayMs: z.number().int().min(0).max(60_000).default(250),
  maxDelayMs: z.number().int().min(0).max(300_000).default(5_000),
  maxTotalMs: z.number().int().min(0).max(900_000).default(20_000),
});
/** Retry settings. */
export type RetrySettings = z.output<typeof RetrySettingsSchema>;
/** The default retry settings. */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 5_000, maxTotalMs: 20_000 };

/**
 * The whole configuration file (YAML or JSON). Unknown keys are errors: a misspelt option must never
 * silently fall back to a default when money is at stake.
 */
export const CleanupConfigSchema = z
  .strictObject({
    /** Positions worth strictly less than this (USD) are dust. Default 1.0. */
    dustThresholdUsd: z.number().nonnegative().default(DEFAULT_DUST_THRESHOLD_USD),
    /** Position cap for every owner. Default 8. */
    maxPositions: nonNegativeInt.default(DEFAULT_MAX_POSITIONS),
    /** Per-owner caps, e.g. `{ platform: 20, "user:user_123": 5 }`. */
    maxPositionsByOwner: z.record(OwnerIdSchema, nonNegativeInt).default({}),
    /** Assets that are cash, never positions. Default USD, USDC, USDT, EUR. */
    cashAssets: z.array(z.string().min(1)).default([...DEFAULT_CASH_ASSETS]),
    /** Per-owner assets never touched and not counted, e.g. `{ "user:user_123": [ETH] }`. */
    protect: z.record(OwnerIdSchema, z.array(z.string().min(1))).default({}),
    /** Cancel open orders of positions being closed (mode `always`, or `nuclear` with `startupOnly`). */
    cancelOpenOrders: z.boolean().default(false),
    /** With `cancelOpenOrders`: cancel only in startup runs (mode `nuclear`). */
    startupOnly: z.boolean().default(false),
    /** Selective mode conditions, e.g. `usd_value<1.0,rank>max_positions`. */
    cancelConditions: z.string().min(1).optional(),
    /** How many accounts are processed at once. */
    concurrency: z.number().int().min(1).max(1024).default(DEFAULT_CONCURRENCY),
    /** Liquidation guard: a plan selling more than this (USD) in one run is refused unless forced. */
    maxSellUsdPerRun: z.number().positive().optional(),
    /** Retries of reads and cancels on retryable errors (order placement is never retried blindly). */
    retry: RetrySettingsSchema.default(DEFAULT_RETRY_SETTINGS),
    /** A broker call that has not answered after this long is abandoned as a timeout. */
    callTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_CALL_TIMEOUT_MS),
    /** The accounts to clean up. */
    accounts: z.array(AccountConfigSchema).min(1, 'at least one account is needed'),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.accounts.forEach((account, index) => {
      if (seen.has(account.id)) {
        ctx.addIssue({ code: 'custom', path: ['accounts', index, 'id'], message: `duplicate account id "${account.id}"` });
      }
      seen.add(account.id);
    });
  });

/** The configuration file as written (defaults optional). */
export type CleanupConfigInput = z.input<typeof CleanupConfigSchema>;
/** The configuration after parsing: defaults applied, owners canonical. */
export type CleanupConfig = z.output<typeof CleanupConfigSchema>;

/** The planner's settings: the configuration without accounts, with the open-order policy resolved. */
export interface PlannerSettings {
  /** Positions worth strictly less (USD) are dust. */
  readonly dustThresholdUsd: number;
  /** Cap for owners without an override. */
  readonly maxPositions: number;
  /** Per-owner cap overrides. */
  readonly maxPositionsByOwner: Readonly<Record<string, number>>;
  /** Cash assets, never positions. */
  readonly cashAssets: readonly string[];
  /** Per-owner protected assets. */
  readonly protect: Readonly<Record<string, readonly string[]>>;
}
