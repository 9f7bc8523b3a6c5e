import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireRunLock } from '../src/run-lock.js';

const lockModule = fileURLToPath(new URL('../src/run-lock.ts', import.meta.url));

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the run lock', () => {
  it('a second holder is refused with lock_held naming the holder; release lets the next one in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-lock-'));
    const lock = acquireRunLock(dir, '2026-11-21T10:00:00.000Z');
    expect(() => acquireRunLock(dir, '2026-11-21T10:00:01.000Z')).toThrow(
      expect.objectContaining({ code: 'lock_held', message: expect.stringContaining(`pid ${process.pid}`) }),
    );
    expect(() => acquireRunLock(dir, 'x')).toThrow(/started 2026-11-21T10:00:00.000Z/);
    lock.release();
    acquireRunLock(dir, '2026-11-21T10:00:02.000Z').release();
    expect(existsSync(join(dir, 'cleanup.lock'))).toBe(false);
  });

  it('a lock whose holder died is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-lock-'));
    writeFileSync(join(dir, 'cleanup.lock'), JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: 'yesterday' }));
    const lock = acquireRunLock(dir, 'now');
    lock.release();
  });

  it('a torn lock file (holder died while writing it) is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-lock-'));
    writeFileSync(join(dir, 'cleanup.lock'), '{"pid": 12');
    acquireRunLock(dir, 'now').release();
  });

  it('many processes racing for the same stale lock: exactly one gets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-lock-'));
    writeFileSync(join(dir, 'cleanup.lock'), JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: 'yesterday' }));
    const script = `
      import { acquireRunLock } from ${JSON.stringify(lockModule)};
      try {
        const lock = acquireRunLock(${JSON.stringify(dir)}, new Date().toISOString());
        process.stdout.write('won');
        setTimeout(() => lock.release(), 1500);
      } catch (error) {
        process.stdout.write(error.code);
      }`;
    const racers = Array.from({ length: 6 }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('close', () => resolve(out));
      }),
    );
    const outcomes = await Promise.all(racers);
    expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'lock_held')).toHaveLength(5);
  }, 30_000);
});
