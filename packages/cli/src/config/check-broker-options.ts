import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretReader, loadBrokerPlugin } from '@forced-cleanup/engine';
import { AccountConfigSchema, toErrorData, type BrokerLogger, type ErrorData } from '@forced-cleanup/contract';

/** What connecting one account said about its configuration. */
export interface BrokerCheck {
  /** Its index in `accounts`. */
  readonly index: number;
  readonly accountId: string;
  /** `ok`; `invalid` (a configuration error: the broker refused its options); `unchecked` (another failure, e.g. credentials or network). */
  readonly result: 'ok' | 'invalid' | 'unchecked';
  readonly error: ErrorData | null;
}

/** Where the brokers are resolved from and what they may read. */
export interface BrokerCheckContext {
  readonly configDir: string;
  readonly pluginSearchDirs: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long one connect may take. */
  readonly timeoutMs: number;
}

const silentLogger: BrokerLogger = { info() {}, warn() {}, error() {} };

/**
 * Lets each account's broker check its own options by connecting it — through the engine's plugin loader,
 * exactly as a run would — and closing the connection without reading anything. State goes to a
 * temporary directory that is removed afterwards, so a check never touches the run's state. Accounts whose
 * common keys are invalid are left out (the schema has already reported them).
 */
export async function checkBrokerOptions(rawAccounts: unknown, context: BrokerCheckContext): Promise<BrokerCheck[]> {
  if (!Array.isArray(rawAccounts)) return [];
  const stateDir = mkdtempSync(join(tmpdir(), 'forced-cleanup-check-'));
  try {
    const checks = rawAccounts.map(async (raw: unknown, index): Promise<BrokerCheck | null> => {
      const parsed = AccountConfigSchema.safeParse(raw);
      if (!parsed.success) return null;
      const account = parsed.data;
      const signal = AbortSignal.timeout(context.timeoutMs);
      try {
        const plugin = await loadBrokerPlugin(account.broker, { configDir: context.configDir, searchDirs: context.pluginSearchDirs });
        const secrets = createSecretReader(context.env, context.configDir);
        const connection = await plugin.connect(account, { stateDir, configDir: context.configDir, env: context.env, secrets, logger: silentLogger }, signal);
        await connection.close?.();
        return { index, accountId: account.id, result: 'ok', error: null };
      } catch (error) {
        const data = toErrorData(error);
        return { index, accountId: account.id, result: data.code === 'invalid_config' ? 'invalid' : 'unchecked', error: data };
      }
    });
    return (await Promise.all(checks)).filter((check): check is BrokerCheck => check !== null);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
