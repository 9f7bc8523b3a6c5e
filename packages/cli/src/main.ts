import { readFileSync } from 'node:fs';
import { isCleanupError } from '@forced-cleanup/contract';
import { CliError, formatCliError } from './cli-errors.js';
import { runCommand, type CliIo } from './commands/run.js';
import { HELP_TEXT } from './help-text.js';
import { parseFlags } from './parse-flags.js';

/** Runs the CLI with the given arguments; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout.write(HELP_TEXT);
      return 0;
    }
    if (flags.version) {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    return await runCommand(flags, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(formatCliError(error));
      return error.exitCode;
    }
    if (isCleanupError(error) && error.code === 'invalid_config') {
      io.stderr.write(formatCliError(new CliError('ConfigInvalid', error.message)));
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${message}\n`);
    return 1;
  }
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
