import { z } from 'zod';
import { cleanupError, INLINE_SECRET_KEYS, type AccountConfig } from '@forced-cleanup/contract';

/*
 * An Acme account's options, written beside `id`, `owner` and `broker` in its config entry. Unknown keys
 * are errors: a misspelt option must never silently fall back to a default. Credentials are NAMED here
 * (`apiKeyEnv`, `apiKeyFile`, …), never written.
 */

/** Where Acme's API lives. TODO: the exchange's real API origin. */
export const ACME_DEFAULT_BASE_URL = 'https://api.acme.invalid';

const name = z.string().min(1, { error: 'expected a non-empty name' });

/** The whole account entry, so that a typo in any key is caught. */
export const AcmeOptionsSchema = z.strictObject({
  id: z.string(),
  owner: z.unknown(),
  broker: z.string(),
  /** Sends every request to another origin: exchange-sim in tests, or a proxy. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).default(ACME_DEFAULT_BASE_URL),
  apiKeyEnv: name.optional(),
  apiKeyFile: name.optional(),
  apiSecretEnv: name.optional(),
  apiSecretFile: name.optional(),
  /** How long one request may take, in milliseconds. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});
/** An Acme account's options after validation. */
export type AcmeOptions = z.output<typeof AcmeOptionsSchema>;

/** What connecting needs. */
export interface ResolvedAcmeOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly credentials: {
    readonly apiKey: { readonly env?: string | undefined; readonly file?: string | undefined };
    readonly apiSecret: { readonly env?: string | undefined; readonly file?: string | undefined };
  };
}

/** Validates an account; `invalid_config` names every bad key, e.g. `accounts[a].baseUrl: expected …`. */
export function resolveAcmeOptions(account: AccountConfig): ResolvedAcmeOptions {
  const root = `accounts[${account.id}]`;
  const inline = INLINE_SECRET_KEYS.filter((key) => key in account);
  if (inline.length > 0) throw cleanupError('invalid_config', `${root}.${inline[0]}: a secret must not be written in the config file: use …Env or …File`);
  const parsed = AcmeOptionsSchema.safeParse(account);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      const at = [root, ...issue.path.map(String)].join('.');
      return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => `${at}.${key}: unknown option`) : [`${at}: ${issue.message}`];
    });
    throw cleanupError('invalid_config', problems.join('; '));
  }
  const options = parsed.data;
  return {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    credentials: {
      apiKey: { env: options.apiKeyEnv, file: options.apiKeyFile },
      apiSecret: { env: options.apiSecretEnv, file: options.apiSecretFile },
    },
  };
}
