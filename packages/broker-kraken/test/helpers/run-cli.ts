import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The REAL forced-cleanup CLI as a child process (the sims run in the test's own process, so the child is
 * spawned asynchronously and the sims keep answering while it runs).
 */

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = resolve(here, '../../../..');
/** The CLI's entry point. */
export const CLI_BIN = join(REPO_ROOT, 'packages/cli/bin/forced-cleanup.js');
/** This package's built plugin: the CLI does not depend on it (yet), so configs name it by path. */
export const KRAKEN_PLUGIN = join(REPO_ROOT, 'packages/broker-kraken/dist/index.js');
/** The built Coinbase plugin (a devDependency, so nx builds it before these tests). */
export const COINBASE_PLUGIN = join(REPO_ROOT, 'packages/broker-coinbase/dist/index.js');
/** The built ccxt plugin (a devDependency, so nx builds it before these tests). */
export const CCXT_PLUGIN = join(REPO_ROOT, 'packages/broker-ccxt/dist/index.js');

/** What a CLI run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `args` and extra environment, ending it if it has not finished after `limitMs`. */
export function runCli(args: readonly string[], env: Record<string, string>, cwd: string, limitMs = 60_000): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** The contents of every file under `dir` (journals, locks, state), for leak checks. */
export async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, text: await readFile(path, 'utf8') });
  }
  return out;
}

/** The run's `--json` document; a run that printed none fails with what it said on stderr. */
export function jsonOf(run: CliRun): unknown {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`the CLI printed no JSON document (exit ${String(run.code)}); stderr:\n${run.stderr}\nstdout:\n${run.stdout}`);
  }
}
