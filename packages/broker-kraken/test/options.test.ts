import { describe, expect, it } from 'vitest';
import { AccountConfigSchema } from '@forced-cleanup/contract';
import plugin, { DEFAULT_KRAKEN_TIMEOUT_MS, KRAKEN_API_URL, KRAKEN_CAPABILITIES, KRAKEN_RATE_LIMITS, resolveKrakenOptions } from '../src/index.js';
import { live, rejectionOf, testContext } from './helpers/broker-context.js';

/*
 * The options of a `broker: kraken` account: strict (a misspelt option is an error naming its path),
 * credentials named by env or file (never written), a rate limit from the verification tier.
 */

const credentials = { apiKeyEnv: 'KRAKEN_KEY', apiSecretEnv: 'KRAKEN_SECRET' };

function account(options: Record<string, unknown>) {
  return AccountConfigSchema.parse({ id: 'user_1_kraken', owner: { user: 'u1' }, broker: 'kraken', ...options });
}

function configError(options: Record<string, unknown>): string {
  try {
    resolveKrakenOptions(account(options));
  } catch (error) {
    expect((error as { code?: string }).code).toBe('invalid_config');
    return (error as Error).message;
  }
  throw new Error('expected invalid_config');
}

describe('kraken options', () => {
  it('defaults to Kraken itself, microsecond nonces, the starter tier and its documented rate limit', () => {
    expect(resolveKrakenOptions(account(credentials))).toEqual({
      baseUrl: KRAKEN_API_URL,
      credentials: { apiKey: { env: 'KRAKEN_KEY', file: undefined }, apiSecret: { env: 'KRAKEN_SECRET', file: undefined } },
      timeoutMs: DEFAULT_KRAKEN_TIMEOUT_MS,
      nonceScale: 'microseconds',
      tier: 'starter',
      rateLimit: { requestsPerSecond: 0.33, burst: 15 },
    });
  });

  it('takes a baseUrl (trailing slash dropped), a tier, a nonce scale and a rate-limit override', () => {
    const resolved = resolveKrakenOptions(account({ ...credentials, baseUrl: 'http://127.0.0.1:4100/', tier: 'pro', nonce: 'milliseconds', timeoutMs: 2000 }));
    expect(resolved).toMatchObject({ baseUrl: 'http://127.0.0.1:4100', nonceScale: 'milliseconds', timeoutMs: 2000, rateLimit: KRAKEN_RATE_LIMITS.pro });
    expect(resolveKrakenOptions(account({ ...credentials, rateLimit: { requestsPerSecond: 0.1, burst: 5 } })).rateLimit).toEqual({ requestsPerSecond: 0.1, burst: 5 });
  });

  it('names every bad option by its path', () => {
    const message = configError({ ...credentials, nonce: 'nanoseconds', tier: 'gold', baseUrl: 'ftp://example.com', timeoutMs: 5, rateLmit: {} });
    expect(message).toContain('accounts[user_1_kraken].nonce: expected one of microseconds, milliseconds');
    expect(message).toContain('accounts[user_1_kraken].tier: expected one of starter, intermediate, pro');
    expect(message).toContain('accounts[user_1_kraken].baseUrl: expected an http(s) URL');
    expect(message).toContain('accounts[user_1_kraken].timeoutMs');
    expect(message).toContain('accounts[user_1_kraken].rateLmit: unknown option');
  });

  it('needs each credential named once: by env or by file', () => {
    expect(configError({ apiKeyEnv: 'K' })).toContain('accounts[user_1_kraken].apiSecretEnv: missing');
    expect(configError({ ...credentials, apiSecretFile: 'secret.txt' })).toContain('accounts[user_1_kraken].apiSecretFile: give either apiSecretEnv or apiSecretFile, not both');
  });

  it('refuses a secret written in the config itself (the contract rule)', () => {
    const parsed = AccountConfigSchema.safeParse({ id: 'x', owner: 'platform', broker: 'kraken', apiSecret: 'inline' });
    expect(parsed.success).toBe(false);
  });

  it('connects without a request, declaring its capabilities and rate limit', async () => {
    const connection = await plugin.connect(
      account({ ...credentials, baseUrl: 'http://127.0.0.1:9', tier: 'intermediate' }),
      testContext({ KRAKEN_KEY: 'key', KRAKEN_SECRET: Buffer.alloc(64, 7).toString('base64') }),
      live(),
    );
    expect(connection.capabilities).toEqual(KRAKEN_CAPABILITIES);
    expect(connection.capabilities).toEqual({ dustConversion: false, lookupByClientOrderId: true, nativeFreeBalance: true });
    expect(connection.rateLimit).toEqual({ requestsPerSecond: 0.5, burst: 20 });
    expect(plugin).toMatchObject({ name: 'kraken', contractVersion: 1 });
  });

  it('reports a missing credential variable as invalid_config, naming the option', async () => {
    const error = await rejectionOf(plugin.connect(account(credentials), testContext({}), live()));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('apiKey');
  });
});
