import { describe, expect, it } from 'vitest';
import { AccountConfigSchema } from '@forced-cleanup/contract';
import { COINBASE_RATE_LIMIT, DEFAULT_TIMEOUT_MS, resolveCoinbaseOptions } from '../src/coinbase-options.js';
import { connectCoinbase } from '../src/plugin.js';
import { accountFor, contextFor, ecdsaKey, live, rejectionOf, secretReader, startCoinbaseSim } from './helpers.js';

/*
 * The account options: strict (a misspelt option is an error naming its path), credentials only by
 * reference, `baseUrl` rewriting every API URL.
 */

const account = (options: Record<string, unknown>) => AccountConfigSchema.parse({ id: 'acct', owner: 'platform', broker: 'coinbase', ...options });

function problemOf(options: Record<string, unknown>): string {
  try {
    resolveCoinbaseOptions(account(options));
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    return (error as Error).message;
  }
  throw new Error('expected invalid_config');
}

describe('Coinbase account options', () => {
  it('defaults to Coinbase production, the documented rate limit and a 15 s request timeout', () => {
    const resolved = resolveCoinbaseOptions(account({ apiKeyNameEnv: 'K', apiPrivateKeyEnv: 'P' }));
    expect(resolved).toMatchObject({
      baseUrl: 'https://api.coinbase.com',
      advTradeHttpUrl: 'https://api.coinbase.com/api/v3',
      siwcHttpUrl: 'https://api.coinbase.com/v2',
      timeoutMs: DEFAULT_TIMEOUT_MS,
      rateLimit: COINBASE_RATE_LIMIT,
      keyName: { label: 'apiKeyName', reference: { env: 'K' } },
      privateKey: { label: 'apiPrivateKey', reference: { env: 'P' } },
    });
  });

  it('rewrites every API URL from baseUrl (trailing slash dropped) and accepts the generic apiKey/apiSecret names', () => {
    const resolved = resolveCoinbaseOptions(account({ baseUrl: 'http://127.0.0.1:4000/', apiKeyFile: 'k.txt', apiSecretFile: 'p.pem', timeoutMs: 500, rateLimit: { requestsPerSecond: 5, burst: 2 } }));
    expect(resolved).toMatchObject({
      advTradeHttpUrl: 'http://127.0.0.1:4000/api/v3',
      siwcHttpUrl: 'http://127.0.0.1:4000/v2',
      timeoutMs: 500,
      rateLimit: { requestsPerSecond: 5, burst: 2 },
      keyName: { label: 'apiKey', reference: { file: 'k.txt' } },
      privateKey: { label: 'apiSecret', reference: { file: 'p.pem' } },
    });
  });

  it('names every bad option by its path, all at once', () => {
    const message = problemOf({ baseUrl: 'ftp://x', timeoutMs: 5, apiKeyNameEnvv: 'K', rateLimit: { requestsPerSecond: 0, burst: 1 } });
    expect(message).toContain('accounts[acct].baseUrl: expected an http or https URL');
    expect(message).toContain('accounts[acct].timeoutMs:');
    expect(message).toContain('accounts[acct].apiKeyNameEnvv: unknown option');
    expect(message).toContain('accounts[acct].rateLimit.requestsPerSecond:');
    expect(problemOf({ baseUrl: 'https://user:pw@api.coinbase.com' })).toContain('must not hold credentials');
    expect(problemOf({ baseUrl: 'https://api.coinbase.com?x=1' })).toContain('without query');
  });

  it('refuses a secret written inline, saying what to write instead, without echoing it', () => {
    const message = problemOf({ apiPrivateKey: '-----BEGIN EC PRIVATE KEY-----abc', apiKeyName: 'organizations/o/apiKeys/k' });
    expect(message).toContain('accounts[acct].apiPrivateKey: a secret must not be written in the config file: name it with apiPrivateKeyEnv or apiPrivateKeyFile');
    expect(message).toContain('accounts[acct].apiKeyName:');
    expect(message).not.toMatch(/BEGIN|organizations\/o/);
  });

  it('refuses both names for one part of the key', () => {
    expect(problemOf({ apiKeyNameEnv: 'A', apiKeyEnv: 'B' })).toContain('apiKey* is a synonym of apiKeyName*');
  });

  it('connect reports a missing credential as invalid_config naming the option and the variable, before any request', async () => {
    const sim = await startCoinbaseSim();
    const missing = { ...contextFor(ecdsaKey), env: {}, secrets: secretReader({}, process.cwd()) };
    const error = await rejectionOf(connectCoinbase(accountFor(sim), missing, live()));
    expect(error).toMatchObject({ code: 'invalid_config' });
    expect(error.message).toBe('apiKeyName: the environment variable CB_KEY_NAME (apiKeyNameEnv) is not set or empty');
    expect(sim.requests).toEqual([]);
  });

  it('connect refuses an already-aborted signal without a request', async () => {
    const sim = await startCoinbaseSim();
    const controller = new AbortController();
    controller.abort();
    expect(await rejectionOf(connectCoinbase(accountFor(sim), contextFor(ecdsaKey), controller.signal))).toMatchObject({ code: 'aborted' });
    expect(sim.requests).toEqual([]);
  });
});
