import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeSim, RequestRecord } from '../src/index.js';
import { generateKrakenCredential, sampleCredentials } from '../src/testing/index.js';
import { krakenApiClient } from './helpers/clients.js';

/** The committed bin stub, run as a user runs it (it needs the package built: nx builds it before `test`). */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'bin', 'exchange-sim.js');
const children: ChildProcessWithoutNullStreams[] = [];

function run(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [bin, ...args], { cwd: packageDir });
  children.push(child);
  return child;
}

/** Resolves with the first stdout line. */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing: ${err}`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** Just enough of an ExchangeSim for the client helpers, which only read `url`. */
const at = (url: string) => ({ url }) as ExchangeSim;

beforeAll(() => {
  if (!existsSync(join(packageDir, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `pnpm build` in tools/exchange-sim first');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

// Spawning node is slow on a loaded CI machine: generous per-test timeouts (nothing here asserts a duration).
describe('exchange-sim CLI', { timeout: 20_000 }, () => {
  it('serves a state file on 127.0.0.1, prints its URL, and logs every request as a JSON line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exchange-sim-cli-'));
    const key = generateKrakenCredential('cli-test');
    const stateFile = join(dir, 'state.json');
    const logFile = join(dir, 'requests.jsonl');
    writeFileSync(stateFile, JSON.stringify({ credentials: { kraken: [key] }, balances: { USD: { total: 12.5 } } }));
    const child = run(['--exchange', 'kraken', '--port', '0', '--state', stateFile, '--log', logFile]);
    const line = await firstLine(child);
    const match = /^exchange-sim kraken listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const kraken = krakenApiClient(at(match?.[1] ?? ''), key);
    expect((await kraken.api('Balance')).result).toEqual({ ZUSD: '12.5000' });
    await kraken.api('Time');

    const records = readFileSync(logFile, 'utf8').trim().split('\n').map((text) => JSON.parse(text) as RequestRecord);
    expect(records.map(({ method, path, kind, status, apiKey, exchange }) => ({ method, path, kind, status, apiKey, exchange }))).toEqual([
      { method: 'POST', path: '/0/private/Balance', kind: 'read', status: 200, apiKey: key.apiKey, exchange: 'kraken' },
      { method: 'POST', path: '/0/public/Time', kind: 'read', status: 200, apiKey: null, exchange: 'kraken' },
    ]);
    expect(records.every((record) => !Number.isNaN(Date.parse(record.at)))).toBe(true);
    expect(readFileSync(logFile, 'utf8')).not.toContain(key.secret);

    child.kill('SIGTERM');
    expect((await exitOf(child)).code).toBe(0);
  });

  it('starts from the sample state without --state, accepting the sample keys', async () => {
    const child = run(['--exchange', 'kraken']);
    const url = (await firstLine(child)).split(' ').at(-1) ?? '';
    const balance = (await krakenApiClient(at(url), sampleCredentials().kraken).api('Balance')).result;
    expect(Object.keys(balance)).toContain('XXBT');
    expect(Object.keys(balance)).toContain('DOT.S');
  });

  it('exits 2 naming the problem for a bad exchange or an invalid state file', async () => {
    const badExchange = await exitOf(run(['--exchange', 'ftx']));
    expect(badExchange.code).toBe(2);
    expect(badExchange.stderr).toContain('--exchange must be one of coinbase, kraken, binance');

    const dir = mkdtempSync(join(tmpdir(), 'exchange-sim-cli-'));
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, JSON.stringify({ balances: { BTC: { total: -1 } }, markets: { BTCUSD: { price: 1 } } }));
    const badState = await exitOf(run(['--exchange', 'binance', '--state', stateFile]));
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain('balances.BTC');
    expect(badState.stderr).toContain('markets.BTCUSD');
  });
});
