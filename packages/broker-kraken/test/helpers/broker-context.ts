import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AccountConfigSchema, cleanupError, type AccountConfig, type BrokerConnection, type BrokerContext } from '@forced-cleanup/contract';
import type { ExchangeSim } from '@forced-cleanup/exchange-sim';
import type { KrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import plugin from '../../src/index.js';

/*
 * What the engine hands a plugin, for tests: a BrokerContext whose secret reader behaves like the
 * engine's (`*Env` from the given environment, `*File` relative to the config directory), and a helper
 * that connects a kraken account to a sim through the plugin, exactly as the engine does.
 */

/** A logged line, kept so tests can check that no secret is ever logged. */
export interface LoggedLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** A BrokerContext over `env`, logging into `lines`. */
export function testContext(env: Record<string, string | undefined>, configDir = process.cwd(), lines: LoggedLine[] = []): BrokerContext {
  const log = (level: LoggedLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return {
    stateDir: configDir,
    configDir,
    env,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    secrets: {
      read(label, reference) {
        if (reference.env !== undefined) {
          const value = env[reference.env];
          if (value === undefined || value === '') throw cleanupError('invalid_config', `${label}: ${reference.env} is not set`);
          return value;
        }
        if (reference.file !== undefined) return readFileSync(resolve(configDir, reference.file), 'utf8').trim();
        throw cleanupError('invalid_config', `${label}: missing`);
      },
    },
  };
}

let accounts = 0;

/** A kraken account on `sim` whose credentials come from freshly named environment variables. */
export function simAccount(sim: ExchangeSim, key: KrakenCredential, options: Record<string, unknown> = {}): { account: AccountConfig; env: Record<string, string> } {
  const n = ++accounts;
  const env = { [`KRAKEN_TEST_KEY_${n}`]: key.apiKey, [`KRAKEN_TEST_SECRET_${n}`]: key.secret };
  const account = AccountConfigSchema.parse({
    id: `kraken_test_${n}`,
    owner: 'platform',
    broker: 'kraken',
    baseUrl: sim.url,
    apiKeyEnv: `KRAKEN_TEST_KEY_${n}`,
    apiSecretEnv: `KRAKEN_TEST_SECRET_${n}`,
    timeoutMs: 10_000,
    ...options,
  });
  return { account, env };
}

/** Connects a kraken account on `sim` through the plugin. */
export async function connectToSim(sim: ExchangeSim, key: KrakenCredential, options: Record<string, unknown> = {}): Promise<BrokerConnection> {
  const { account, env } = simAccount(sim, key, options);
  return plugin.connect(account, testContext(env), new AbortController().signal);
}

/** A signal that never fires. */
export function live(): AbortSignal {
  return new AbortController().signal;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean; retryAfterMs?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; retryable?: boolean };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
