import { readFileSync } from 'node:fs';
import { CliError, formatCliError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { commandHelp, overviewHelp } from './command-line/help-text.js';
import { parseCommandLine, type Flags } from './command-line/parse-command-line.js';

/**
 * Runs the CLI with the given arguments; returns the exit code. Never throws.
 * Commands are imported only when they run: `--help` and `--version` load no engine, core or zod.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const flags = parseCommandLine(argv);
    if (flags.help) {
      io.stdout.write(flags.commandGiven ? commandHelp(flags.command) : overviewHelp());
      return 0;
    }
    if (flags.version) {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    return await dispatch(flags, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(flags: Flags, io: CliIo): Promise<number> {
  switch (flags.command) {
    case 'run':
    case 'dust':
      return (await import('./commands/cleanup-command.js')).cleanupCommand(flags, io);
    case 'analyze':
      return (await import('./commands/analyze-command.js')).analyzeCommand(flags, io);
    case 'config check':
      return (await import('./commands/config-check-command.js')).configCheckCommand(flags, io);
    case 'config schema':
      return (await import('./commands/config-schema-command.js')).configSchemaCommand(io);
    case 'init':
      return (await import('./commands/init-command.js')).initCommand(flags, io);
  }
}

/** Errors as data: a catalogued CLI error, an engine error with a known code, or anything else. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.stderr.write(formatCliError(error));
    return error.exitCode;
  }
  // Checked by code, not class (contract errors are data): loading the contract here would load zod.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const known: Record<string, CliError> = {
    invalid_config: new CliError('ConfigInvalid', message),
    lock_held: new CliError('LockHeld', message),
    sell_limit_exceeded: new CliError('SellLimitExceeded', message),
  };
  const mapped = typeof code === 'string' ? known[code] : undefined;
  if (mapped) {
    io.stderr.write(formatCliError(mapped));
    return mapped.exitCode;
  }
  io.stderr.write(`error: ${message}\n`);
  return 1;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The process entry point used by bin/forced-cleanup.js. */
export async function runFromProcess(): Promise<void> {
  // `forced-cleanup … | head` closes the pipe early: that is the reader's choice, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
  });
}
