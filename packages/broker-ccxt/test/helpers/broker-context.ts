import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanupError, type BrokerContext, type SecretReader } from '@forced-cleanup/contract';

/*
 * A BrokerContext as the engine builds it, for tests that connect the plugin directly: credentials come
 * from the given environment or from files relative to `configDir`, and every log line is recorded so that
 * a test can search it for secrets.
 */

/** A log line the plugin wrote. */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

/** The contract's SecretReader semantics: env or file (trimmed), never both, never empty; errors name no value. */
function secretReader(env: Readonly<Record<string, string | undefined>>, configDir: string): SecretReader {
  return {
    read(label, reference) {
      if (reference.env && reference.file) throw cleanupError('invalid_config', `${label}: give either ${label}Env or ${label}File, not both`);
      if (reference.env) {
        const value = env[reference.env];
        if (value === undefined || value.trim() === '') throw cleanupError('invalid_config', `${label}: the environment variable ${reference.env} is not set or empty`);
        return value;
      }
      if (reference.file) {
        const value = readFileSync(resolve(configDir, reference.file), 'utf8').trim();
        if (value === '') throw cleanupError('invalid_config', `${label}: the file ${reference.file} is empty`);
        return value;
      }
      throw cleanupError('invalid_config', `${label}: missing — name it with ${label}Env or ${label}File`);
    },
  };
}

/** A context over `env`, recording what the plugin logs in `lines` (a new list unless one is given). */
export function brokerContext(
  env: Readonly<Record<string, string | undefined>>,
  configDir = process.cwd(),
  lines: LogLine[] = [],
): BrokerContext & { readonly lines: LogLine[] } {
  const log = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return {
    stateDir: configDir,
    configDir,
    env,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    secrets: secretReader(env, configDir),
    lines,
  };
}

/** A signal that never fires. */
export const never: AbortSignal = new AbortController().signal;

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code: string; retryable: boolean; retryAfterMs?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code: string; retryable: boolean; retryAfterMs?: number };
  }
  throw new Error('expected a rejection, but the call resolved');
}
