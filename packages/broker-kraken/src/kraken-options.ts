import { z } from 'zod';
import { cleanupError, describeIssues, type AccountConfig, type RateLimit } from '@forced-cleanup/contract';
import { NONCE_SCALES, type NonceScale } from './key-lanes.js';
import { KRAKEN_RATE_LIMITS, KRAKEN_TIERS, type KrakenTier } from './rate-limits.js';

/** Kraken's production API origin. */
export const KRAKEN_API_URL = 'https://api.kraken.com';
/** Default time one HTTP request may take (kraken-api's own default is 5 s; a busy Kraken can be slower). */
export const DEFAULT_KRAKEN_TIMEOUT_MS = 15_000;

/** The account keys every broker shares; everything else on a kraken account is this broker's option. */
const COMMON_ACCOUNT_KEYS = new Set(['id', 'owner', 'broker']);

const optionalName = z.string().trim().min(1, { error: 'expected a non-empty name' }).optional();

/**
 * The options of a `broker: kraken` account, written beside `id`, `owner` and `broker`. Unknown keys are
 * errors: a misspelt option must never fall back to a default when money is at stake.
 */
export const KrakenOptionsSchema = z
  .strictObject({
    /** Origin every API URL is rewritten to (a simulator, a proxy). Default `https://api.kraken.com`. */
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:4100' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default(KRAKEN_API_URL),
    /** Environment variable holding the API key. */
    apiKeyEnv: optionalName,
    /** File holding the API key (relative to the config file). */
    apiKeyFile: optionalName,
    /** Environment variable holding the API secret (base64, as Kraken hands it out). */
    apiSecretEnv: optionalName,
    /** File holding the API secret. */
    apiSecretFile: optionalName,
    /** Time one HTTP request may take, in milliseconds. */
    timeoutMs: z
      .number({ error: 'expected a number of milliseconds from 100 to 120000' })
      .int({ error: 'expected a whole number of milliseconds' })
      .min(100, { error: 'expected a number of milliseconds from 100 to 120000' })
      .max(120_000, { error: 'expected a number of milliseconds from 100 to 120000' })
      .default(DEFAULT_KRAKEN_TIMEOUT_MS),
    /**
     * Scale of the nonces this broker sends. `microseconds` (default) matches kraken-api and most Kraken
     * clients; `milliseconds` matches ccxt.kraken. Kraken accepts only nonces above the last one it saw for
     * the key: a key shared with a client on a smaller scale locks that client out (docs/broker-kraken.md).
     */
    nonce: z.enum(NONCE_SCALES, { error: `expected one of ${NONCE_SCALES.join(', ')}` }).default('microseconds'),
    /** The account's verification tier, which sets Kraken's documented REST rate limit. */
    tier: z.enum(KRAKEN_TIERS, { error: `expected one of ${KRAKEN_TIERS.join(', ')}` }).default('starter'),
    /** Overrides the tier's rate limit (a key shared with another bot deserves a smaller budget). */
    rateLimit: z
      .strictObject({
        requestsPerSecond: z.number().positive({ error: 'expected a number > 0' }).max(100, { error: 'expected at most 100' }),
        burst: z.number().int({ error: 'expected a whole number' }).min(1, { error: 'expected at least 1' }).max(100, { error: 'expected at most 100' }),
      })
      .optional(),
  })
  .superRefine((options, ctx) => {
    for (const label of ['apiKey', 'apiSecret'] as const) {
      const env = options[`${label}Env`];
      const file = options[`${label}File`];
      if (env !== undefined && file !== undefined) {
        ctx.addIssue({ code: 'custom', path: [`${label}File`], message: `give either ${label}Env or ${label}File, not both` });
      }
      if (env === undefined && file === undefined) {
        ctx.addIssue({ code: 'custom', path: [`${label}Env`], message: `missing: name the ${label === 'apiKey' ? 'API key' : 'API secret'} with ${label}Env (an environment variable) or ${label}File (a file)` });
      }
    }
  });
/** The options as written. */
export type KrakenOptionsInput = z.input<typeof KrakenOptionsSchema>;
/** The options after validation. */
export type KrakenOptions = z.output<typeof KrakenOptionsSchema>;

/** What connecting needs, resolved from an account. */
export interface ResolvedKrakenOptions {
  readonly baseUrl: string;
  readonly credentials: {
    readonly apiKey: { readonly env?: string | undefined; readonly file?: string | undefined };
    readonly apiSecret: { readonly env?: string | undefined; readonly file?: string | undefined };
  };
  readonly timeoutMs: number;
  readonly nonceScale: NonceScale;
  readonly tier: KrakenTier;
  readonly rateLimit: RateLimit;
}

/**
 * Validates a kraken account's options. Rejects with `invalid_config` naming every bad path, e.g.
 * `accounts[user_1_kraken].nonce: expected one of microseconds, milliseconds`.
 */
export function resolveKrakenOptions(account: AccountConfig): ResolvedKrakenOptions {
  const own = Object.fromEntries(Object.entries(account).filter(([key]) => !COMMON_ACCOUNT_KEYS.has(key)));
  const parsed = KrakenOptionsSchema.safeParse(own);
  if (!parsed.success) throw cleanupError('invalid_config', describeIssues(`accounts[${account.id}]`, parsed.error));
  const options = parsed.data;
  return {
    baseUrl: options.baseUrl,
    credentials: {
      apiKey: { env: options.apiKeyEnv, file: options.apiKeyFile },
      apiSecret: { env: options.apiSecretEnv, file: options.apiSecretFile },
    },
    timeoutMs: options.timeoutMs,
    nonceScale: options.nonce,
    tier: options.tier,
    rateLimit: options.rateLimit ?? KRAKEN_RATE_LIMITS[options.tier],
  };
}
