import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AnalysisSchema, type Analysis } from '../src/analysis/analysis-schema.js';
import { countFills, freshDir, runCli } from './run-cli.js';

function analyze(args: string[], options: Parameters<typeof runCli>[1] = {}): { status: number | null; analysis: Analysis; stderr: string } {
  const result = runCli(['analyze', ...args, '--json'], options);
  if (result.stdout.trim() === '') throw new Error(`no JSON (exit ${result.status}): ${result.stderr}`);
  return { status: result.status, analysis: AnalysisSchema.parse(JSON.parse(result.stdout)), stderr: result.stderr };
}

const owner = (analysis: Analysis, id: string) => {
  const found = analysis.owners.find((entry) => entry.owner === id);
  if (!found) throw new Error(`no owner ${id}`);
  return found;
};
const row = (analysis: Analysis, id: string, threshold: number) => owner(analysis, id).thresholdImpact.find((entry) => entry.thresholdUsd === threshold);

describe('forced-cleanup analyze', () => {
  it('--demo --json: the seed\'s categories and figures, and nothing traded', () => {
    const state = freshDir();
    const { status, analysis } = analyze(['--demo', '--state', state]);
    expect(status).toBe(0);
    expect(analysis.thresholds).toEqual([0.001, 0.01, 0.5, 1, 5]);
    const platform = owner(analysis, 'platform');
    expect(platform.totals).toMatchObject({ positions: 59, counted: 14, dust: 45 });
    const bands = (name: string) => platform.positions.filter((position) => position.band === name).length;
    expect([bands('winning'), bands('small'), bands('dust')]).toEqual([8, 6, 45]);
    expect(platform.positions[0]).toMatchObject({ symbol: 'BTC-USD', usdValue: 45, band: 'winning' });
    expect(row(analysis, 'platform', 1)).toEqual({ thresholdUsd: 1, configured: true, counted: 14, dust: 45, freeSlots: 0, overCap: 6 });
    expect(row(analysis, 'platform', 5)).toMatchObject({ counted: 8, dust: 51, overCap: 0 });
    expect(row(analysis, 'platform', 0.001)).toMatchObject({ counted: 59, dust: 0 });
    // Seed 001: 8 positions, 2 ≥ $5 and 6 dust; at $0.001 no slot is free, at $1.00 six are.
    expect(row(analysis, 'user:user_789', 0.001)).toMatchObject({ counted: 8, dust: 0, freeSlots: 0 });
    expect(row(analysis, 'user:user_789', 1)).toMatchObject({ counted: 2, dust: 6, freeSlots: 6 });
    const user456 = owner(analysis, 'user:user_456');
    expect(user456.totals).toMatchObject({ unpriced: 1, stuck: 1, protected: 1 });
    expect(user456.positions.at(-1)).toMatchObject({ symbol: 'XYZ-USD', category: 'unpriced', usdValue: null });
    expect(user456.positions.find((position) => position.asset === 'PEPE')).toMatchObject({ category: 'dust', openOrders: 1 });
    expect(user456.recommendation.join(' ')).toContain('--include-open-orders');
    expect(owner(analysis, 'platform').recommendation.join(' ')).toContain('forced-cleanup dust --dry-run --owner platform --demo');
    expect(countFills(state)).toBe(0);
  });

  it('human output without a terminal: the tables, the lists, the advice, and no bar chart', () => {
    const result = runCli(['analyze', '--demo']);
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('ANALYSIS — read only: nothing is traded');
    expect(out).toMatch(/ {3}\$45\.00 {2}\+12\.50% {2}winning {3}BTC-USD {4}platform_coinbase/);
    expect(out).toContain('Categories: winning (≥ $5.00): 8 · small (≥ $1.00): 6 · dust (< $1.00): 45');
    expect(out).toMatch(/\$1\.00 ◀ +14 +45 +0 +6 +\(configured\)/);
    expect(out).toContain('[UNPRICED] XYZ-USD (user_user_456_coinbase)');
    expect(out).toContain('[STUCK] SPELL-USD (user_user_456_coinbase)');
    expect(out).toContain('💡 Recommendation:');
    expect(out).not.toContain('█');
  });

  it('the configured threshold joins the table; --bands renames and regroups the categories', () => {
    const { analysis } = analyze(['--demo', '--owner', 'platform', '--dust', '2', '--bands', 'large=20,medium=5']);
    expect(analysis.thresholds).toEqual([0.001, 0.01, 0.5, 1, 2, 5]);
    expect(row(analysis, 'platform', 2)).toMatchObject({ configured: true, counted: 13, dust: 46 });
    const platform = owner(analysis, 'platform');
    const count = (band: string) => platform.positions.filter((position) => position.band === band).length;
    expect([count('large'), count('medium'), count('minor'), count('dust')]).toEqual([3, 5, 5, 46]);
  });

  it('an unreadable account: listed, its owner marked partial, exit 1', () => {
    const dir = freshDir();
    const broker = fileURLToPath(new URL('./fixtures/auth-failing-broker.mjs', import.meta.url));
    const config = {
      accounts: [
        { id: 'a_paper', owner: 'user:a', broker: 'paper', paper: { positions: [{ symbol: 'AAA-USD', quantity: 1, price: 0.5 }] } },
        { id: 'a_broken', owner: 'user:a', broker, apiKeyEnv: 'K' },
      ],
    };
    writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify(config));
    const { status, analysis } = analyze([], { cwd: dir });
    expect(status).toBe(1);
    expect(analysis.accounts.find((account) => account.accountId === 'a_broken')).toMatchObject({ readable: false, error: { code: 'auth_failed' } });
    expect(owner(analysis, 'user:a')).toMatchObject({ complete: false, incompleteReason: 'a_broken could not be read' });
    expect(owner(analysis, 'user:a').recommendation[0]).toContain('partial');
  });
});
