import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFills, freshDir, runCli } from './run-cli.js';

function guardedConfig(): string {
  const dir = freshDir();
  const positions = [
    { symbol: 'AAA-USD', quantity: 1, price: 0.9 },
    { symbol: 'BBB-USD', quantity: 1, price: 0.8 },
  ];
  writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify({ maxSellUsdPerRun: 1, accounts: [{ id: 'acct', owner: 'platform', broker: 'paper', paper: { positions } }] }));
  return dir;
}

describe('the liquidation guard (maxSellUsdPerRun)', () => {
  it('shows the plan and refuses (exit 2) without --force; nothing is traded', () => {
    const dir = guardedConfig();
    const result = runCli(['--yes'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('[DUST][FORCED] AAA-USD');
    expect(result.stderr).toContain('SellLimitExceeded');
    expect(result.stderr).toContain('$1.70');
    expect(countFills(join(dir, '.forced-cleanup'))).toBe(0);
  });

  it('a dry run warns that a real run would be refused', () => {
    const result = runCli(['--dry-run'], { cwd: guardedConfig() });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/more than maxSellUsdPerRun \$1\.00: a real run will refuse it unless --force/);
  });

  it('--force sells anyway', () => {
    const dir = guardedConfig();
    const result = runCli(['--yes', '--force'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(countFills(join(dir, '.forced-cleanup'))).toBe(2);
  });
});
