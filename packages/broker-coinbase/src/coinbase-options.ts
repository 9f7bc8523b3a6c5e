import { z } from 'zod';
import { cleanupError, type AccountConfig, type SecretReference } from '@forced-cleanup/contract';

/*
 * The options of a `broker: coinbase` account, beside `id`, `owner` and `broker`. Credentials are named
 * (an environment variable or a file), never written. A CDP key has two parts, and they are named the way
 * Coinbase names them: the key name (`organizations/{org}/apiKeys/{id}`) and the private key. The generic
 * `apiKey*` / `apiSecret*` names other brokers use are accepted as synonyms, so a configuration written
 * for every exchange alike works here too; giving both names for one part is an error.
 */

/** Coinbase's production origin. */
export const COINBASE_ORIGIN = 'https://api.coinbase.com';

/** Coinbase Advanced Trade's documented budget for private endpoints: 30 requests per second per key. */
export const COINBASE_RATE_LIMIT = Object.freeze({ requestsPerSecond: 30, burst: 30 });

/** Default per-request timeout. Below the engine's call timeout (30 s) so a slow request is ours to report. */
export const DEFAULT_TIMEOUT_MS = 15_000;

const name = z.string().trim().min(1, { error: 'expected a non-empty name' });

const BaseUrlSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected an absolute http(s) URL, e.g. https://api.coinbase.com' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'expected an http or https URL' });
    if (url.username !== '' || url.password !== '') ctx.addIssue({ code: 'custom', message: 'a URL must not hold credentials' });
    if (url.search !== '' || url.hash !== '') ctx.addIssue({ code: 'custom', message: 'expected a URL without query or fragment' });
    // The library derives every API URL by appending `/api/v3` and `/v2` to this origin (and path, if any).
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  });

/** The options schema (strict: a misspelt option is an error, never a silent default). */
export const CoinbaseOptionsSchema = z.strictObject({
  /** Where the API is: `https://api.coinbase.com` (default), or a simulator / proxy origin. */
  baseUrl: BaseUrlSchema.optional(),
  /** The CDP key name, from an environment variable … */
  apiKeyNameEnv: name.optional(),
  /** … or a file. */
  apiKeyNameFile: name.optional(),
  /** The CDP private key (ECDSA PEM or Ed25519 base64), from an environment variable … */
  apiPrivateKeyEnv: name.optional(),
  /** … or a file. */
  apiPrivateKeyFile: name.optional(),
  /** Synonyms of `apiKeyName*`. */
  apiKeyEnv: name.optional(),
  apiKeyFile: name.optional(),
  /** Synonyms of `apiPrivateKey*`. */
  apiSecretEnv: name.optional(),
  apiSecretFile: name.optional(),
  /** Time limit of one HTTP request, ms. */
  timeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_TIMEOUT_MS),
  /** The key's request budget; lower it when the key is shared with a running bot. */
  rateLimit: z
    .strictObject({ requestsPerSecond: z.number().positive().max(1_000), burst: z.number().int().min(1).max(1_000) })
    .default({ ...COINBASE_RATE_LIMIT }),
});
/** The options as written. */
export type CoinbaseOptionsInput = z.input<typeof CoinbaseOptionsSchema>;

/** Where one part of the key comes from, and the option name errors should use. */
export interface CredentialSource {
  /** `apiKeyName`/`apiKey` or `apiPrivateKey`/`apiSecret`: the prefix of the options the user wrote. */
  readonly label: string;
  readonly reference: SecretReference;
}

/** The options after validation. */
export interface ResolvedCoinbaseOptions {
  /** Origin (and path) every API URL is built on, without a trailing slash. */
  readonly baseUrl: string;
  /** `<baseUrl>/api/v3`: the library signs and routes by the `v3` in it. */
  readonly advTradeHttpUrl: string;
  /** `<baseUrl>/v2`: where the unsigned server time is read. */
  readonly siwcHttpUrl: string;
  readonly keyName: CredentialSource;
  readonly privateKey: CredentialSource;
  readonly timeoutMs: number;
  readonly rateLimit: { readonly requestsPerSecond: number; readonly burst: number };
}

/** Options that would hold a secret inline; refused with a message saying what to write instead. */
const INLINE_SECRETS: Readonly<Record<string, string>> = { apiKeyName: 'apiKeyNameEnv or apiKeyNameFile', apiPrivateKey: 'apiPrivateKeyEnv or apiPrivateKeyFile' };
const ACCOUNT_KEYS = new Set(['id', 'owner', 'broker']);

function pickSource(root: string, options: z.output<typeof CoinbaseOptionsSchema>, cdp: 'apiKeyName' | 'apiPrivateKey', generic: 'apiKey' | 'apiSecret'): CredentialSource {
  const cdpRef = { env: options[`${cdp}Env`], file: options[`${cdp}File`] };
  const genericRef = { env: options[`${generic}Env`], file: options[`${generic}File`] };
  const usesCdp = cdpRef.env !== undefined || cdpRef.file !== undefined;
  const usesGeneric = genericRef.env !== undefined || genericRef.file !== undefined;
  if (usesCdp && usesGeneric) {
    throw cleanupError('invalid_config', `${root}.${generic}Env/${generic}File: ${generic}* is a synonym of ${cdp}*: give one of them, not both`);
  }
  // With neither, the engine's secret reader reports "missing" under the CDP name.
  return usesGeneric ? { label: generic, reference: genericRef } : { label: cdp, reference: cdpRef };
}

/**
 * Validates an account's Coinbase options. Throws `invalid_config` naming every bad option by its path
 * (`accounts[<id>].<option>: <problem>`); never a value.
 */
export function resolveCoinbaseOptions(account: AccountConfig): ResolvedCoinbaseOptions {
  const root = `accounts[${account.id}]`;
  const raw = Object.fromEntries(Object.entries(account).filter(([key]) => !ACCOUNT_KEYS.has(key)));
  const problems: string[] = [];
  for (const [key, instead] of Object.entries(INLINE_SECRETS)) {
    if (key in raw) problems.push(`${root}.${key}: a secret must not be written in the config file: name it with ${instead}`);
    delete raw[key];
  }
  const parsed = CoinbaseOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push(`${root}.${[...issue.path, key].join('.')}: unknown option`);
      } else {
        problems.push(`${root}.${issue.path.join('.')}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0 || !parsed.success) throw cleanupError('invalid_config', problems.join('; '));
  const options = parsed.data;
  const baseUrl = options.baseUrl ?? COINBASE_ORIGIN;
  return {
    baseUrl,
    advTradeHttpUrl: `${baseUrl}/api/v3`,
    siwcHttpUrl: `${baseUrl}/v2`,
    keyName: pickSource(root, options, 'apiKeyName', 'apiKey'),
    privateKey: pickSource(root, options, 'apiPrivateKey', 'apiSecret'),
    timeoutMs: options.timeoutMs,
    rateLimit: options.rateLimit,
  };
}
