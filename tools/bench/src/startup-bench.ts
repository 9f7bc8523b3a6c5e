import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BENCH_PACKAGE_DIR } from './api-calls-bench.js';
import { parseBenchArgs, positiveCount } from './bench-args.js';
import { formatDuration, note, printFigure } from './figures.js';
import { fastest, median, nowMs } from './measure.js';
import { prepareSimAccount } from './sim-accounts.js';
import { startSimFleet } from './sim-fleet.js';
import { simPortfolio } from './sim-portfolio.js';

/*
 * Benchmark 5 — start-up. Wall time of the real CLI as a user starts it (a fresh node process each time):
 * `forced-cleanup --help` and `forced-cleanup run --demo --dry-run`, next to `node -e 0` (what Node itself
 * costs). A traced run of each lists the packages it loads, to show that ccxt is not among them unless an
 * account uses it (a dry run with one ccxt account is the counter-check). Last, the import time of each
 * package a command may load, which says what is worth loading lazily.
 */

const ArgsSchema = z.strictObject({ runs: positiveCount.default(10) });

const REPO = join(BENCH_PACKAGE_DIR, '..', '..');
const CLI_DIR = join(REPO, 'packages', 'cli');
const CLI_BIN = join(CLI_DIR, 'bin', 'forced-cleanup.js');
const TRACE_REGISTER = join(dirname(fileURLToPath(import.meta.url)), 'module-trace-register.js');

interface Spawned {
  readonly ms: number;
  readonly status: number | null;
  readonly stderr: string;
}

function spawnTimed(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Spawned {
  const start = nowMs();
  const result = spawnSync(process.execPath, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  return { ms: nowMs() - start, status: result.status, stderr: result.stderr };
}

/** Median and fastest of `runs` spawns (after one unmeasured spawn that warms the OS file cache). */
function timeCommand(args: readonly string[], cwd: string, runs: number, env?: Record<string, string>): { median: number; fastest: number } {
  const warm = spawnTimed(args, { cwd, ...(env ? { env } : {}) });
  if (warm.status !== 0) throw new Error(`node ${args.join(' ')} exited ${warm.status}: ${warm.stderr.slice(0, 400)}`);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(spawnTimed(args, { cwd, ...(env ? { env } : {}) }).ms);
  return { median: median(samples), fastest: fastest(samples) };
}

/** The packages a command loads: `name` per node_modules package, `@forced-cleanup/x` for workspace ones. */
function tracePackages(args: readonly string[], cwd: string, env?: Record<string, string>): { modules: number; packages: Map<string, number> } {
  const traceFile = join(cwd, `trace-${Date.now()}.txt`);
  writeFileSync(traceFile, '');
  const result = spawnTimed(['--import', TRACE_REGISTER, ...args], { cwd, env: { ...env, FC_MODULE_TRACE: traceFile } });
  if (result.status !== 0) throw new Error(`traced run exited ${result.status}: ${result.stderr.slice(0, 400)}`);
  const urls = new Set(readFileSync(traceFile, 'utf8').split('\n').filter((url) => url.startsWith('file:')));
  rmSync(traceFile);
  const packages = new Map<string, number>();
  for (const url of urls) {
    const path = fileURLToPath(url);
    const inModules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(path);
    const inWorkspace = /\/(?:packages|tools)\/([^/]+)\//.exec(path);
    const name = inModules ? inModules[1]! : inWorkspace ? `@forced-cleanup/${inWorkspace[1]}` : path;
    packages.set(name, (packages.get(name) ?? 0) + 1);
  }
  return { modules: urls.size, packages };
}

function packageList(packages: Map<string, number>): string {
  return [...packages.entries()].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name}:${count}`).join(',');
}

/** A config with one Binance account through broker-ccxt (named by path: the CLI does not depend on it). */
function ccxtConfig(dir: string, url: string, keyEnv: string, secretEnv: string): string {
  const brokerPath = join(REPO, 'packages', 'broker-ccxt', 'dist', 'index.js');
  const file = join(dir, 'ccxt.json');
  writeFileSync(file, JSON.stringify({ accounts: [{ id: 'platform_binance', owner: 'platform', broker: brokerPath, exchange: 'binance', baseUrl: url, apiKeyEnv: keyEnv, apiSecretEnv: secretEnv }] }));
  return file;
}

/** Runs the start-up benchmark with command-line options (see ArgsSchema). */
export async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(ArgsSchema, argv);
  const cwd = mkdtempSync(join(tmpdir(), 'fc-bench-startup-'));
  try {
    const commands: Array<{ name: string; args: string[] }> = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'forced-cleanup --help', args: [CLI_BIN, '--help'] },
      { name: 'forced-cleanup run --demo --dry-run', args: [CLI_BIN, 'run', '--demo', '--dry-run'] },
    ];
    for (const command of commands) {
      note(`startup: ${command.name}`);
      const time = timeCommand(command.args, cwd, args.runs);
      const trace = command.args[0] === '-e' ? null : tracePackages(command.args, cwd);
      printFigure('startup', {
        command: command.name,
        median: formatDuration(time.median),
        fastest: formatDuration(time.fastest),
        runs: args.runs,
        ...(trace ? { modules: trace.modules, ccxtLoaded: trace.packages.has('ccxt'), packages: packageList(trace.packages) } : {}),
      });
    }

    note('startup: a dry run with one ccxt (Binance) account, against the Binance sim');
    const portfolio = simPortfolio({ positions: 10, dust: 6, openOrderShare: 0, seed: 5, orderIds: 'digits' });
    const prepared = prepareSimAccount({ exchange: 'binance', accountId: 'platform_binance', owner: 'platform', state: portfolio.state, accountRateLimit: { requestsPerSecond: 100, burst: 100 } });
    // In a child process: the spawned CLI is waited for synchronously, and the sim must answer meanwhile.
    const fleet = await startSimFleet([{ exchange: 'binance', state: prepared.simState as Record<string, unknown>, latencyMs: 0, rateLimit: false }]);
    try {
      const account = prepared.accountFor(fleet.urls[0]!);
      const config = ccxtConfig(cwd, fleet.urls[0]!, String(account['apiKeyEnv']), String(account['apiSecretEnv']));
      const ccxtArgs = [CLI_BIN, 'run', '--config', config, '--dry-run'];
      const runs = Math.min(args.runs, 5);
      const time = timeCommand(ccxtArgs, cwd, runs, { ...prepared.env });
      const trace = tracePackages(ccxtArgs, cwd, { ...prepared.env });
      printFigure('startup', {
        command: 'forced-cleanup run --config <1 ccxt account> --dry-run',
        median: formatDuration(time.median),
        fastest: formatDuration(time.fastest),
        runs,
        modules: trace.modules,
        ccxtLoaded: trace.packages.has('ccxt'),
      });
    } finally {
      await fleet.stop();
    }

    note('startup: import time of each package a command may load');
    const base = timeCommand(['--input-type=module', '-e', '0'], CLI_DIR, args.runs).median;
    for (const specifier of ['@forced-cleanup/contract', 'zod', '@forced-cleanup/core', '@forced-cleanup/engine', 'yaml', 'log-update', '@forced-cleanup/broker-paper']) {
      const time = timeCommand(['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`], CLI_DIR, args.runs).median;
      printFigure('startup-import', { module: specifier, time: formatDuration(Math.max(0, time - base)) });
    }
    const ccxtBroker = join(REPO, 'packages', 'broker-ccxt', 'dist', 'index.js');
    const ccxtTime = timeCommand(['--input-type=module', '-e', `const m = await import(${JSON.stringify(ccxtBroker)}); await m.default.connect`], CLI_DIR, Math.min(args.runs, 5)).median;
    printFigure('startup-import', { module: '@forced-cleanup/broker-ccxt (module only)', time: formatDuration(Math.max(0, ccxtTime - base)) });
    const ccxtLib = timeCommand(['--input-type=module', '-e', 'await import("ccxt")'], join(REPO, 'packages', 'broker-ccxt'), Math.min(args.runs, 5)).median;
    printFigure('startup-import', { module: 'ccxt', time: formatDuration(Math.max(0, ccxtLib - base)) });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
