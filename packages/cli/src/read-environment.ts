import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { CliError } from './cli-errors.js';
import { parseCount, parseUsd } from './command-line/parse-values.js';

/** The FORCED_CLEANUP_* settings found in the environment. `undefined` = not set. */
export interface EnvironmentSettings {
  readonly cancelOpenOrders: boolean | undefined;
  readonly startupOnly: boolean | undefined;
  readonly cancelConditions: string | undefined;
  readonly dustThresholdUsd: number | undefined;
  readonly maxPositions: number | undefined;
  /** Milliseconds added to every paper call of `--demo` (to watch the progress display); 0 when unset. */
  readonly demoLatencyMs: number;
}

/** The environment variables the CLI reads (the first three are the seed's). */
export const ENV = {
  cancelOpenOrders: 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS',
  startupOnly: 'FORCED_CLEANUP_STARTUP_ONLY',
  cancelConditions: 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF',
  dustThresholdUsd: 'FORCED_CLEANUP_DUST_THRESHOLD_USD',
  maxPositions: 'FORCED_CLEANUP_MAX_POSITIONS',
  demoLatencyMs: 'FORCED_CLEANUP_DEMO_LATENCY_MS',
} as const;

/** The longest demo latency accepted: a minute per call is already far too slow to watch. */
const MAX_DEMO_LATENCY_MS = 60_000;

/**
 * The environment the CLI sees: `.env` in the working directory (parsed with Node's built-in parser),
 * overridden by the real environment. The process environment itself is not modified.
 */
export function loadEnvironment(cwd: string, processEnv: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...processEnv };
}

/** Reads and checks the FORCED_CLEANUP_* variables; a malformed one is a `CliError` naming it. */
export function readEnvironmentSettings(env: Readonly<Record<string, string | undefined>>): EnvironmentSettings {
  const text = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const wrap = <T>(name: string, parse: (value: string) => T) => {
    const value = text(name);
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (error) {
      throw new CliError('BadEnvironment', (error as Error).message);
    }
  };
  return {
    cancelOpenOrders: wrap(ENV.cancelOpenOrders, (v) => parseBoolean(ENV.cancelOpenOrders, v)),
    startupOnly: wrap(ENV.startupOnly, (v) => parseBoolean(ENV.startupOnly, v)),
    cancelConditions: text(ENV.cancelConditions),
    dustThresholdUsd: wrap(ENV.dustThresholdUsd, (v) => parseUsd(ENV.dustThresholdUsd, v)),
    maxPositions: wrap(ENV.maxPositions, (v) => parseCount(ENV.maxPositions, v)),
    demoLatencyMs: wrap(ENV.demoLatencyMs, (v) => parseLatency(v)) ?? 0,
  };
}

function parseBoolean(name: string, value: string): boolean {
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  throw new Error(`${name}: expected true or false, got "${value}"`);
}

function parseLatency(value: string): number {
  const latency = parseCount(ENV.demoLatencyMs, value);
  if (latency > MAX_DEMO_LATENCY_MS) throw new Error(`${ENV.demoLatencyMs}: at most ${MAX_DEMO_LATENCY_MS} ms, got "${value}"`);
  return latency;
}
