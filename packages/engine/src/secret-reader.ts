import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanupError, type SecretReader } from '@forced-cleanup/contract';

/**
 * The engine's credential reader: `*Env` from the given environment, `*File` from a file relative to the
 * config file. Errors name the option and where it pointed, never the value.
 */
export function createSecretReader(env: Readonly<Record<string, string | undefined>>, configDir: string): SecretReader {
  return {
    read(label, reference) {
      const { env: variable, file } = reference;
      if (variable && file) throw cleanupError('invalid_config', `${label}: give either ${label}Env or ${label}File, not both`);
      if (variable) {
        const value = env[variable];
        if (value === undefined || value.trim() === '') {
          throw cleanupError('invalid_config', `${label}: the environment variable ${variable} (${label}Env) is not set or empty`);
        }
        return value;
      }
      if (file) {
        const path = resolve(configDir, file);
        let value: string;
        try {
          value = readFileSync(path, 'utf8').trim();
        } catch (error) {
          throw cleanupError('invalid_config', `${label}: cannot read ${path} (${label}File): ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
        }
        if (value === '') throw cleanupError('invalid_config', `${label}: the file ${path} (${label}File) is empty`);
        return value;
      }
      throw cleanupError('invalid_config', `${label}: missing — name it with ${label}Env (an environment variable) or ${label}File (a file)`);
    },
  };
}
