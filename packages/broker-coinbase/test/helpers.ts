import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach } from 'vitest';
import { AccountConfigSchema, cleanupError, type BrokerContext, type SecretReader } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import { generateCoinbaseKey, type CoinbaseKeyPair } from '@forced-cleanup/exchange-sim/testing';
import { connectCoinbase, type CoinbaseConnectHooks } from '../src/plugin.js';
import type { CoinbaseConnection } from '../src/coinbase-connection.js';

/*
 * Shared fixtures: real simulators on 127.0.0.1 (stopped after each test), CDP keys the sim accepts, and a
 * broker context whose secret reader works like the engine's (`*Env` from an env map, `*File` from disk).
 */

/** An ECDSA P-256 CDP key. The key name doubles as a marker: it must never appear in any output. */
export const ecdsaKey: CoinbaseKeyPair = generateCoinbaseKey({ seed: 'broker-coinbase ecdsa', keyName: 'organizations/fc-test-org/apiKeys/MARKER-ecdsa-key-name' });
/** An Ed25519 CDP key (secret as base64 seed ‖ public key, as Coinbase hands it out). */
export const ed25519Key: CoinbaseKeyPair = generateCoinbaseKey({ algorithm: 'EdDSA', seed: 'broker-coinbase ed25519', keyName: 'organizations/fc-test-org/apiKeys/MARKER-ed25519-key-name' });
/** A key the sims do not know. */
export const strangerKey: CoinbaseKeyPair = generateCoinbaseKey({ seed: 'broker-coinbase stranger', keyName: 'organizations/fc-test-org/apiKeys/MARKER-stranger-key-name' });

const running: ExchangeSim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

/** The sim credentials entry of a key (public half only). */
export function simCredential(key: CoinbaseKeyPair): { keyName: string; publicKeyPem: string } {
  return { keyName: key.keyName, publicKeyPem: key.publicKeyPem };
}

/** Starts a Coinbase sim holding `state` (accepting the ECDSA and Ed25519 keys unless it says otherwise), stopped after the test. */
export async function startCoinbaseSim(state: SimStateInput = {}, options: { now?: () => number; rateLimit?: { requestsPerSecond: number; burst: number } } = {}): Promise<ExchangeSim> {
  const sim = await startExchangeSim({
    exchange: 'coinbase',
    state: { credentials: { coinbase: [simCredential(ecdsaKey), simCredential(ed25519Key)] }, ...state },
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  running.push(sim);
  return sim;
}

/** A secret reader like the engine's: env variables from `env`, files relative to `configDir`. */
export function secretReader(env: Readonly<Record<string, string | undefined>>, configDir: string): SecretReader {
  return {
    read(label, { env: variable, file }) {
      if (variable && file) throw cleanupError('invalid_config', `${label}: give either ${label}Env or ${label}File, not both`);
      if (variable) {
        const value = env[variable];
        if (value === undefined || value.trim() === '') throw cleanupError('invalid_config', `${label}: the environment variable ${variable} (${label}Env) is not set or empty`);
        return value;
      }
      if (file) return readFileSync(resolve(configDir, file), 'utf8').trim();
      throw cleanupError('invalid_config', `${label}: missing — name it with ${label}Env (an environment variable) or ${label}File (a file)`);
    },
  };
}

/** A logged line. */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

/** A broker context with the key in `CB_KEY_NAME` / `CB_PRIVATE_KEY`, recording the log. */
export function contextFor(key: CoinbaseKeyPair, configDir = process.cwd()): BrokerContext & { lines: LogLine[] } {
  const env = { CB_KEY_NAME: key.keyName, CB_PRIVATE_KEY: key.privateKey };
  const lines: LogLine[] = [];
  const log = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { stateDir: configDir, configDir, env, logger: { info: log('info'), warn: log('warn'), error: log('error') }, secrets: secretReader(env, configDir), lines };
}

/** An account config for the sim, with the key named by env and any extra options. */
export function accountFor(sim: ExchangeSim, extra: Record<string, unknown> = {}) {
  return AccountConfigSchema.parse({
    id: 'platform_coinbase',
    owner: 'platform',
    broker: 'coinbase',
    baseUrl: sim.url,
    apiKeyNameEnv: 'CB_KEY_NAME',
    apiPrivateKeyEnv: 'CB_PRIVATE_KEY',
    ...extra,
  });
}

/** Connects to the sim with `key` (default ECDSA). */
export async function connectTo(sim: ExchangeSim, key: CoinbaseKeyPair = ecdsaKey, extra: Record<string, unknown> = {}, hooks: CoinbaseConnectHooks = {}): Promise<CoinbaseConnection> {
  return (await connectCoinbase(accountFor(sim, extra), contextFor(key), new AbortController().signal, hooks)) as CoinbaseConnection;
}

/** A signal that never fires. */
export function live(): AbortSignal {
  return new AbortController().signal;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean; retryAfterMs?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; retryable?: boolean };
  }
  throw new Error('expected a rejection, but the call resolved');
}

/** Every way an error can be shown: what must never contain a secret. */
export function renderings(error: unknown): string {
  const e = error as { message?: unknown; stack?: unknown };
  return [JSON.stringify(error), String(error), String(e.message), String(e.stack)].join('\n');
}
