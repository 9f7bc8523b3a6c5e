import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Runs the real `forced-cleanup` CLI (packages/cli, built by nx before this package's tests) as a child
 * process, the way a user runs it. Working files live in a temporary directory inside this package's
 * `reports/` (ignored by git): a config file there resolves `broker: ccxt` to this package by its own
 * name, exactly as the engine resolves built-in brokers.
 */

/** This package's directory. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The CLI's entry point. */
export const CLI_BIN = resolve(PACKAGE_DIR, '..', 'cli', 'bin', 'forced-cleanup.js');

/** What one CLI run printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh working directory under `reports/`, and its removal. */
export async function workDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const reports = join(PACKAGE_DIR, 'reports');
  await mkdir(reports, { recursive: true });
  const dir = await mkdtemp(join(reports, 'e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the CLI with `args` in `cwd`, with exactly the environment given (plus PATH), and no terminal. */
export function runCli(args: readonly string[], cwd: string, env: Readonly<Record<string, string>>): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The text of every file under `dir` (the state directory: journal, lock, recovery files). */
export async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const files: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if ((await stat(path)).isFile()) files.push({ path, text: await readFile(path, 'utf8') });
  }
  return files;
}
