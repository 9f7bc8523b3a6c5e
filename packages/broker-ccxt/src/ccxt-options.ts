import { z } from 'zod';
import { cleanupError, describeIssues, INLINE_SECRET_KEYS, type AccountConfig, type RateLimit } from '@forced-cleanup/contract';

/*
 * A ccxt account's options, written beside `id`, `owner` and `broker` in the account's config entry:
 *
 *   - id: platform_binance
 *     owner: platform
 *     broker: ccxt
 *     exchange: binance
 *     apiKeyEnv: BINANCE_API_KEY
 *     apiSecretEnv: BINANCE_API_SECRET
 *     baseUrl: http://127.0.0.1:4000      # optional
 *
 * Unknown keys are errors: a misspelt option must never silently fall back to a default.
 */

/** Default time ccxt waits for one HTTP answer. */
export const DEFAULT_TIMEOUT_MS = 10_000;

const secretName = z.string().min(1, { error: 'expected a non-empty name' });

/** The parsed URL, or null when it is not one (the format check reports that; a refinement must not throw). */
function parsedUrl(value: string): URL | null {
  return URL.canParse(value) ? new URL(value) : null;
}

const BaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL, e.g. http://127.0.0.1:4000' })
  .refine((value) => {
    const url = parsedUrl(value);
    return url === null || (url.username === '' && url.password === '');
  }, { error: 'a baseUrl must not hold a user name or password: credentials are never written in the config' })
  .refine((value) => {
    const url = parsedUrl(value);
    return url === null || (url.search === '' && url.hash === '');
  }, { error: 'a baseUrl has no query string or fragment: every API path is appended to it' });

/** A request budget written in the config, replacing the exchange's declared one. */
export const RateLimitOptionSchema = z.strictObject({
  requestsPerSecond: z.number().positive().max(1_000),
  burst: z.number().int().min(1).max(1_000),
});

/** The options of a ccxt account (the whole account entry, so that unknown keys are caught). */
export const CcxtAccountOptionsSchema = z.strictObject({
  /** Validated by the contract's AccountConfigSchema. */
  id: z.string(),
  owner: z.unknown(),
  broker: z.string(),
  /** The ccxt exchange id, e.g. `binance`, `kraken`. */
  exchange: z.string({ error: 'expected a ccxt exchange id, e.g. binance or kraken' }).regex(/^[a-z0-9]+$/, {
    error: 'a ccxt exchange id is lower-case letters and digits, e.g. binance',
  }),
  /** Sends every API request to this origin instead of the exchange's (the simulator, or a proxy). */
  baseUrl: BaseUrlSchema.optional(),
  apiKeyEnv: secretName.optional(),
  apiKeyFile: secretName.optional(),
  apiSecretEnv: secretName.optional(),
  apiSecretFile: secretName.optional(),
  /** For exchanges that need a passphrase (ccxt calls it `password`: OKX, KuCoin, …). */
  passwordEnv: secretName.optional(),
  passwordFile: secretName.optional(),
  /** How long ccxt waits for one HTTP answer, in milliseconds. */
  timeoutMs: z.number().int().min(1_000).max(120_000).default(DEFAULT_TIMEOUT_MS),
  /** Replaces the request budget declared for the exchange (see docs/broker-ccxt.md before raising it). */
  rateLimit: RateLimitOptionSchema.optional(),
});

/** A ccxt account's options after validation. */
export type CcxtAccountOptions = z.output<typeof CcxtAccountOptionsSchema>;

/** What connecting needs, validated. */
export interface ResolvedCcxtOptions {
  readonly accountId: string;
  readonly exchange: string;
  readonly baseUrl: string | null;
  readonly timeoutMs: number;
  readonly rateLimit: RateLimit | null;
  /** Where each credential comes from (the names, never the values). */
  readonly credentials: {
    readonly apiKey: { readonly env?: string | undefined; readonly file?: string | undefined };
    readonly apiSecret: { readonly env?: string | undefined; readonly file?: string | undefined };
    /** Null when neither `passwordEnv` nor `passwordFile` is given. */
    readonly password: { readonly env?: string | undefined; readonly file?: string | undefined } | null;
  };
}

/**
 * Validates a ccxt account. Rejects with `invalid_config` naming every bad key, e.g.
 * `accounts[platform_binance].baseUrl: expected an http:// or https:// URL`, and — even for an account
 * that did not pass through the contract's schema — refuses a secret written inline.
 */
export function resolveCcxtOptions(account: AccountConfig): ResolvedCcxtOptions {
  const root = `accounts[${account.id}]`;
  const inline = INLINE_SECRET_KEYS.filter((key) => key in account);
  if (inline.length > 0) {
    const names = inline.map((key) => `${root}.${key}`).join(', ');
    throw cleanupError('invalid_config', `${names}: a secret must not be written in the config file: name an environment variable (…Env) or a file (…File) instead`);
  }
  const parsed = CcxtAccountOptionsSchema.safeParse(account);
  if (!parsed.success) throw cleanupError('invalid_config', describeIssues(root, parsed.error));
  const options = parsed.data;
  const hasPassword = options.passwordEnv !== undefined || options.passwordFile !== undefined;
  return {
    accountId: options.id,
    exchange: options.exchange,
    baseUrl: options.baseUrl ?? null,
    timeoutMs: options.timeoutMs,
    rateLimit: options.rateLimit ?? null,
    credentials: {
      apiKey: { env: options.apiKeyEnv, file: options.apiKeyFile },
      apiSecret: { env: options.apiSecretEnv, file: options.apiSecretFile },
      password: hasPassword ? { env: options.passwordEnv, file: options.passwordFile } : null,
    },
  };
}
