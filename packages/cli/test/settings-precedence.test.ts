import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, runJson } from './run-cli.js';

function configDir(extra: Record<string, unknown>): string {
  const dir = freshDir();
  const accounts = [
    {
      id: 'acct',
      owner: 'platform',
      broker: 'paper',
      paper: {
        positions: [
          { symbol: 'AAA-USD', quantity: 1, price: 0.5 },
          { symbol: 'BBB-USD', quantity: 1, price: 3 },
          { symbol: 'CCC-USD', quantity: 1, price: 4 },
        ],
        openOrders: [{ id: 'o1', symbol: 'AAA-USD', side: 'sell', quantity: 0.5, price: 1 }],
      },
    },
  ];
  writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify({ ...extra, accounts }));
  return dir;
}

describe('settings precedence: flags > environment (.env included) > config > defaults', () => {
  it('finds forced-cleanup.json in the working directory and uses its settings', () => {
    const dir = configDir({ maxPositions: 1, cancelOpenOrders: true });
    const { report } = runJson(['--dry-run'], { cwd: dir });
    expect(report.mode).toBe('always');
    expect(report.owners[0]).toMatchObject({ cap: 1, capClosed: 1, dustClosed: 1 });
    expect(report.summary.openOrdersCancelled).toBe(1);
  });

  it('environment beats the config; .env is read; the real environment beats .env', () => {
    const dir = configDir({ cancelOpenOrders: true });
    writeFileSync(join(dir, '.env'), 'FORCED_CLEANUP_CANCEL_OPEN_ORDERS=false\nFORCED_CLEANUP_MAX_POSITIONS=1\n');
    expect(runJson(['--dry-run'], { cwd: dir }).report).toMatchObject({ mode: 'conservative' });
    expect(runJson(['--dry-run'], { cwd: dir }).report.owners[0]?.cap).toBe(1);
    const withEnv = runJson(['--dry-run'], { cwd: dir, env: { FORCED_CLEANUP_CANCEL_OPEN_ORDERS: 'true' } });
    expect(withEnv.report.mode).toBe('always');
  });

  it('any mode flag makes the flags alone decide the mode', () => {
    const dir = configDir({ cancelConditions: 'usd_value<1' });
    const env = { FORCED_CLEANUP_CANCEL_OPEN_ORDERS: 'true' };
    expect(runJson(['--dry-run'], { cwd: dir, env }).report.mode).toBe('always');
    expect(runJson(['--dry-run', '--startup-only'], { cwd: dir, env }).report.mode).toBe('conservative');
    expect(runJson(['--dry-run', '--include-open-orders', '--startup-only'], { cwd: dir, env }).report.mode).toBe('nuclear');
    expect(runJson(['--dry-run', '--cancel-if', 'usd_value<1', '--include-open-orders'], { cwd: dir, env }).report.mode).toBe('selective');
  });

  it('--dust and --max-positions beat the environment and the config', () => {
    const dir = configDir({ dustThresholdUsd: 0.1, maxPositions: 5 });
    const { report } = runJson(['--dry-run', '--dust', '3.5', '--max-positions', '0'], {
      cwd: dir,
      env: { FORCED_CLEANUP_DUST_THRESHOLD_USD: '0.2' },
    });
    expect(report.owners[0]).toMatchObject({ cap: 0 });
    // AAA has an open order (conservative: skipped), BBB at $3 is dust under 3.5, CCC counted and over cap 0.
    expect(report.actions.map((action) => [action.symbol, action.reason])).toEqual([
      ['BBB-USD', 'dust'],
      ['CCC-USD', 'cap'],
    ]);
  });
});
