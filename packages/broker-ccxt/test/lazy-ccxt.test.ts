import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR } from './e2e/cli-runner.js';

/*
 * ccxt costs ~0.4 s to import: a run over paper or Coinbase accounts must not pay it. In a fresh Node
 * process, with module hooks recording every ccxt module loaded, importing the built plugin loads none;
 * connecting a ccxt account loads it. (Runs the build in dist/, which nx builds before this package's tests.)
 */

describe('ccxt is loaded lazily', () => {
  it('is not loaded by importing the plugin, only by connecting a ccxt account', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'broker-ccxt-lazy-'));
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [resolve(PACKAGE_DIR, 'test', 'fixtures', 'import-then-connect.mjs'), resolve(PACKAGE_DIR, 'dist', 'index.js')],
        { env: { PATH: process.env['PATH'] ?? '', CCXT_TRACE_FILE: join(dir, 'trace.txt') } },
      );
      const counts = JSON.parse(stdout.trim()) as { afterImport: number; afterConnect: number };
      expect(counts.afterImport).toBe(0);
      expect(counts.afterConnect).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
