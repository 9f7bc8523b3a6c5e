import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '@forced-cleanup/contract';

/** The committed bin stub, run as a user would run it. */
export const BIN = fileURLToPath(new URL('../bin/forced-cleanup.js', import.meta.url));

/** Output of one CLI process. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process without a terminal. Only FORCED_CLEANUP_* given in `env` are set. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FORCED_CLEANUP_')));
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? freshDir(),
    env: { ...inherited, NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs with --json and parses the report. */
export function runJson(args: string[], options: Parameters<typeof runCli>[1] = {}): { result: CliResult; report: RunReport } {
  const result = runCli([...args, '--json'], options);
  if (result.stdout.trim() === '') throw new Error(`no JSON on stdout (exit ${result.status}): ${result.stderr}`);
  return { result, report: JSON.parse(result.stdout) as RunReport };
}

/** A new empty directory. */
export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'fc-cli-test-'));
}

/** Every fill recorded by the paper broker under a state directory, per account. */
export function paperFills(stateDir: string): Record<string, unknown[]> {
  const dir = join(stateDir, 'paper');
  if (!existsSync(dir)) return {};
  const fills: Record<string, unknown[]> = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const state = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { fills?: unknown[] };
    fills[file.replace(/\.json$/, '')] = state.fills ?? [];
  }
  return fills;
}

/** Total number of paper fills under a state directory. */
export function countFills(stateDir: string): number {
  return Object.values(paperFills(stateDir)).reduce((sum, list) => sum + list.length, 0);
}
