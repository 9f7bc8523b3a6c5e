import { existsSync, writeFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { CliError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import type { Flags } from '../command-line/parse-command-line.js';
import { STARTER_CONFIG } from '../config/starter-config.js';
import { DEFAULT_CONFIG_FILES } from '../load-configuration.js';
import { createHumanOutput } from '../output/human-output.js';

/**
 * `forced-cleanup init [<file>] [--force]`: writes the commented starter configuration (YAML), by default
 * `forced-cleanup.yaml` here. An existing file is never overwritten without --force.
 */
export async function initCommand(flags: Flags, io: CliIo): Promise<number> {
  const name = flags.file ?? DEFAULT_CONFIG_FILES[0];
  const path = resolve(io.cwd, name);
  if (!['.yaml', '.yml'].includes(extname(path).toLowerCase())) {
    throw new CliError('BadFlagValue', `init writes a commented YAML file: name it .yaml or .yml, got "${name}"`);
  }
  if (existsSync(path) && !flags.force) {
    throw new CliError('FileExists', `${relative(io.cwd, path) || path} already exists: nothing was written`);
  }
  try {
    // 'wx' fails if the file appeared meanwhile: never overwrite without --force.
    writeFileSync(path, STARTER_CONFIG, { flag: flags.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError('FileExists', `${name} already exists: nothing was written`);
    throw new CliError('ConfigUnreadable', `cannot write ${path}: ${code ?? (error as Error).message}`);
  }
  const shown = relative(io.cwd, path) || path;
  const config = (DEFAULT_CONFIG_FILES as readonly string[]).includes(shown) ? '' : ` -c ${shown}`;
  const next = [
    [`forced-cleanup config check ${shown}`, 'every problem, with its line'],
    [`forced-cleanup analyze${config}`, 'read only: positions, thresholds, advice'],
    [`forced-cleanup run${config} --dry-run`, 'the plan; nothing is traded'],
  ];
  const width = Math.max(...next.map(([command]) => command!.length));
  createHumanOutput(io, flags).say([
    `✅ wrote ${shown}: a commented starter with one paper account`,
    '   Next:',
    ...next.map(([command, meaning]) => `     ${command!.padEnd(width)}   ${meaning}`),
  ]);
  return 0;
}
