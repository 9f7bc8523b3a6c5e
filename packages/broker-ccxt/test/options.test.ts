import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountConfig } from '@forced-cleanup/contract';
import plugin, { resolveCcxtOptions } from '../src/index.js';
import { brokerContext, never, rejectionOf } from './helpers/broker-context.js';

/*
 * A ccxt account's options: every mistake is `invalid_config` naming the key, a secret is only ever named
 * (an environment variable or a file), and nothing is sent to any exchange while connecting.
 */

/** An account entry as the engine passes it (owner already canonical). */
function account(options: Record<string, unknown>): AccountConfig {
  return { id: 'platform_binance', owner: 'platform', broker: 'ccxt', exchange: 'binance', apiKeyEnv: 'KEY', apiSecretEnv: 'SECRET', ...options } as AccountConfig;
}

const env = { KEY: 'k'.repeat(64), SECRET: 's'.repeat(64) };

describe('ccxt account options', () => {
  it('accepts the documented options and applies the defaults', () => {
    const resolved = resolveCcxtOptions(account({ baseUrl: 'http://127.0.0.1:4000/', apiKeyFile: undefined }));
    expect(resolved).toEqual({
      accountId: 'platform_binance',
      exchange: 'binance',
      baseUrl: 'http://127.0.0.1:4000/',
      timeoutMs: 10_000,
      rateLimit: null,
      credentials: { apiKey: { env: 'KEY', file: undefined }, apiSecret: { env: 'SECRET', file: undefined }, password: null },
    });
  });

  it('names an unknown key, so that a typo never falls back to a default', async () => {
    const error = await rejectionOf(plugin.connect(account({ baseURL: 'http://127.0.0.1:1' }), brokerContext(env), never));
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    expect(error.message).toBe('accounts[platform_binance].baseURL: unknown option');
  });

  it.each([
    ['ftp://127.0.0.1', 'expected an http:// or https:// URL'],
    ['not a url', 'expected an http:// or https:// URL'],
    ['https://user:pass@proxy.example', 'must not hold a user name or password'],
    ['https://proxy.example/?token=abc', 'no query string or fragment'],
  ])('refuses the baseUrl %s', (baseUrl, problem) => {
    expect(() => resolveCcxtOptions(account({ baseUrl }))).toThrow(problem);
  });

  it('refuses a missing exchange, an id ccxt does not know, and a bad rate limit, naming each', async () => {
    expect(() => resolveCcxtOptions(account({ exchange: undefined }))).toThrow('accounts[platform_binance].exchange: expected a ccxt exchange id');
    const unknown = await rejectionOf(plugin.connect(account({ exchange: 'binanse' }), brokerContext(env), never));
    expect(unknown.code).toBe('invalid_config');
    expect(unknown.message).toContain('accounts[platform_binance].exchange: "binanse" is not a ccxt exchange id (similar: binance');
    expect(() => resolveCcxtOptions(account({ rateLimit: { requestsPerSecond: 0, burst: 1 } }))).toThrow('accounts[platform_binance].rateLimit.requestsPerSecond');
    expect(() => resolveCcxtOptions(account({ timeoutMs: 50 }))).toThrow('accounts[platform_binance].timeoutMs');
  });

  it('refuses a secret written inline, even in an account that skipped the contract schema', () => {
    for (const key of ['apiKey', 'apiSecret', 'secret', 'password']) {
      const attempt = () => resolveCcxtOptions(account({ [key]: 'hunter2-inline-secret' }));
      expect(attempt).toThrow(`accounts[platform_binance].${key}: a secret must not be written in the config file`);
      try {
        attempt();
      } catch (error) {
        expect(JSON.stringify(error)).not.toContain('hunter2');
      }
    }
  });

  it('reads credentials from the named variables or files, and names a missing one without its value', async () => {
    const missing = await rejectionOf(plugin.connect(account({}), brokerContext({ KEY: env.KEY }), never));
    expect(missing).toMatchObject({ code: 'invalid_config' });
    expect(missing.message).toContain('apiSecret');
    expect(missing.message).toContain('SECRET');

    const dir = await mkdtemp(join(tmpdir(), 'broker-ccxt-'));
    try {
      await writeFile(join(dir, 'key.txt'), `${env.KEY}\n`);
      await writeFile(join(dir, 'secret.txt'), `${env.SECRET}\n`);
      const context = brokerContext({}, dir);
      const connection = await plugin.connect(account({ apiKeyEnv: undefined, apiSecretEnv: undefined, apiKeyFile: 'key.txt', apiSecretFile: 'secret.txt' }), context, never);
      expect(connection.capabilities.dustConversion).toBe(true);
      expect(JSON.stringify(context.lines)).not.toContain(env.KEY);
      expect(JSON.stringify(context.lines)).not.toContain(env.SECRET);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('asks for a passphrase where the exchange needs one (OKX), naming the options to use', async () => {
    const error = await rejectionOf(plugin.connect(account({ exchange: 'okx' }), brokerContext(env), never));
    expect(error.message).toBe('accounts[platform_binance]: ccxt exchange okx needs a passphrase: name it with passwordEnv or passwordFile');
    const connection = await plugin.connect(account({ exchange: 'okx', passwordEnv: 'PASS' }), brokerContext({ ...env, PASS: 'p'.repeat(20) }), never);
    expect(connection.capabilities).toEqual({ dustConversion: false, lookupByClientOrderId: false, nativeFreeBalance: false });
  });

  it('declares each exchange its own budget, and the account option replaces it', async () => {
    const binance = await plugin.connect(account({}), brokerContext(env), never);
    const kraken = await plugin.connect(account({ exchange: 'kraken' }), brokerContext(env), never);
    const custom = await plugin.connect(account({ rateLimit: { requestsPerSecond: 2, burst: 3 } }), brokerContext(env), never);
    expect([binance.rateLimit, kraken.rateLimit, custom.rateLimit]).toEqual([
      { requestsPerSecond: 5, burst: 10 },
      { requestsPerSecond: 0.5, burst: 6 },
      { requestsPerSecond: 2, burst: 3 },
    ]);
    expect(kraken.capabilities).toEqual({ dustConversion: false, lookupByClientOrderId: true, nativeFreeBalance: true });
    expect(typeof binance.convertDust).toBe('function');
    expect(kraken.convertDust).toBeUndefined();
  });

  it('logs that an exchange is not verified, and warns with the account but no credential', async () => {
    const context = brokerContext({ ...env, PASS: 'p'.repeat(20) });
    await plugin.connect(account({ exchange: 'okx', passwordEnv: 'PASS' }), context, never);
    expect(context.lines.map((line) => [line.level, line.message])).toEqual([
      ['info', 'ccxt account connected'],
      ['warn', 'ccxt exchange not verified by forced-cleanup: no client-order-id lookup, free balances derived'],
    ]);
    expect(JSON.stringify(context.lines)).not.toContain('p'.repeat(20));
  });

  it('rejects an already-aborted connect with aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await rejectionOf(plugin.connect(account({}), brokerContext(env), controller.signal))).toMatchObject({ code: 'aborted' });
  });
});
