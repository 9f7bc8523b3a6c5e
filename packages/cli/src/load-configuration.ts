import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CleanupConfig } from '@forced-cleanup/contract';
import { CliError } from './cli-errors.js';
import { demoConfig } from './demo-portfolio.js';
import { loadConfigFile, validateConfig } from './config/load-config-file.js';
import type { Flags } from './command-line/parse-command-line.js';

/** Config file names looked for in the working directory when no --config is given. */
export const DEFAULT_CONFIG_FILES = ['forced-cleanup.yaml', 'forced-cleanup.yml', 'forced-cleanup.json'] as const;

/** The configuration of a run and where its files live. */
export interface LoadedConfiguration {
  readonly config: CleanupConfig;
  /** Directory of the config file (relative paths in it are resolved against it). */
  readonly configDir: string;
  /** The state directory: --state, else `.forced-cleanup/` beside the config file; a fresh temp dir for --demo. */
  readonly stateDir: string;
  /** Where the configuration came from, for messages. */
  readonly source: string;
}

/**
 * Finds, reads and validates the configuration named by the flags (or the demo's, whose paper calls
 * take `demoLatencyMs` each: FORCED_CLEANUP_DEMO_LATENCY_MS, for watching the progress display).
 */
export async function loadConfiguration(flags: Flags, cwd: string, demoLatencyMs = 0): Promise<LoadedConfiguration> {
  if (flags.demo) {
    return {
      config: validateConfig(demoConfig(demoLatencyMs), 'the demo configuration'),
      configDir: cwd,
      stateDir: flags.state ? resolve(cwd, flags.state) : mkdtempSync(join(tmpdir(), 'forced-cleanup-demo-')),
      source: 'the built-in demo',
    };
  }
  const path = findConfigFile(flags.config, cwd);
  const config = await loadConfigFile(path);
  return {
    config,
    configDir: dirname(path),
    stateDir: flags.state ? resolve(cwd, flags.state) : join(dirname(path), '.forced-cleanup'),
    source: path,
  };
}

/** The file named (resolved against `cwd`), else the first default file found in `cwd`. */
export function findConfigFile(named: string | undefined, cwd: string): string {
  const path = named !== undefined ? resolve(cwd, named) : DEFAULT_CONFIG_FILES.map((name) => join(cwd, name)).find(existsSync);
  if (path === undefined) {
    throw new CliError('NoConfig', `no configuration: no --config given and none of ${DEFAULT_CONFIG_FILES.join(', ')} in ${cwd}`);
  }
  return path;
}
