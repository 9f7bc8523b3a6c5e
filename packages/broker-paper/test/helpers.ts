import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { AccountConfigSchema, type AccountConfig, type BrokerConnection, type BrokerContext, type SecretReader } from '@forced-cleanup/contract';
import plugin from '../src/index.js';
import { paperStatePath } from '../src/state-file.js';

/** Shared fixtures for the paper broker's tests: real files in a fresh temporary directory per test. */

const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A new empty state directory, removed after the test. */
export async function tempStateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'broker-paper-'));
  created.push(dir);
  return dir;
}

/** A log line the plugin wrote. */
export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A broker context over `stateDir`, recording what the plugin logs. */
export function contextFor(stateDir: string): BrokerContext & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { stateDir, configDir: stateDir, env: {}, logger: { info: log('info'), warn: log('warn'), error: log('error') }, secrets: noSecrets, lines };
}

/** The paper exchange needs no credentials: a read would be a bug, so it fails loudly. */
export const noSecrets: SecretReader = {
  read(label) {
    throw new Error(`the paper broker asked for a secret (${label}): it never needs one`);
  },
};

/** An account as the engine would pass it: parsed by the contract's schema. */
export function paperAccount(paper: unknown, id = 'platform_paper'): AccountConfig {
  return AccountConfigSchema.parse({ id, owner: 'platform', broker: 'paper', paper });
}

/** The example block of the task description, used by most tests. */
export const EXAMPLE_PAPER = {
  cash: { USD: 25 },
  positions: [
    { symbol: 'BTC-USD', quantity: 0.0001, price: 50000, entryPrice: 48780.49, openedAt: '2026-02-01T10:00:00Z' },
    { symbol: 'XYZ-USD', quantity: 10 },
  ],
  openOrders: [{ id: 'abc123', symbol: 'BTC-USD', side: 'sell', quantity: 0.00005, price: 60000 }],
  markets: { 'BTC-USD': { minQuantity: 0.00001, quantityStep: 0.00000001, minNotional: 1 } },
  latencyMs: 0,
};

/** A signal that never fires. */
export const never: AbortSignal = new AbortController().signal;

/** Connects one paper account in a fresh state directory. */
export async function connectPaper(
  paper: unknown = EXAMPLE_PAPER,
  stateDir?: string,
  id = 'platform_paper',
): Promise<{ connection: BrokerConnection; stateDir: string; file: string; context: ReturnType<typeof contextFor> }> {
  const dir = stateDir ?? (await tempStateDir());
  const context = contextFor(dir);
  const connection = await plugin.connect(paperAccount(paper, id), context, never);
  return { connection, stateDir: dir, file: paperStatePath(dir, id), context };
}

/** The state file's exact bytes, to prove a rejected call changed nothing. */
export function fileBytes(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

/** Files left in a directory (a stray temporary file would show up here). */
export function filesIn(dir: string): Promise<string[]> {
  return readdir(dir);
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code: string; message: string; retryable: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; retryable: boolean };
  }
  throw new Error('expected a rejection, but the call resolved');
}
