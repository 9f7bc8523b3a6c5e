import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countFills, freshDir, runJson } from './run-cli.js';

const failingBroker = fileURLToPath(new URL('./fixtures/auth-failing-broker.mjs', import.meta.url));

describe('an account that cannot be read', () => {
  it('is reported, its owner gets no cap enforcement, the other owners proceed, exit 1', () => {
    const dir = freshDir();
    const positions = (prefix: string, n: number, price: number) =>
      Array.from({ length: n }, (_, i) => ({ symbol: `${prefix}${i}-USD`, quantity: 1, price }));
    const config = {
      maxPositions: 2,
      accounts: [
        { id: 'user_a_paper', owner: { user: 'a' }, broker: 'paper', paper: { positions: [...positions('D', 2, 0.5), ...positions('C', 4, 10)] } },
        { id: 'user_a_broken', owner: { user: 'a' }, broker: failingBroker, apiKeyEnv: 'SOME_KEY' },
        { id: 'user_b_paper', owner: { user: 'b' }, broker: 'paper', paper: { positions: positions('E', 4, 10) } },
      ],
    };
    writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify(config));
    const { result, report } = runJson(['--yes'], { cwd: dir, env: { SOME_KEY: 'marker-secret-value-123' } });
    expect(result.status).toBe(1);
    expect(report.accounts.find((account) => account.accountId === 'user_a_broken')).toMatchObject({ state: 'unreadable', error: { code: 'auth_failed' } });
    const a = report.owners.find((owner) => owner.owner === 'user:a');
    expect(a).toMatchObject({ capEnforced: false, dustClosed: 2, capClosed: 0 });
    expect(a?.note).toContain('user_a_broken');
    expect(report.owners.find((owner) => owner.owner === 'user:b')).toMatchObject({ capEnforced: true, capClosed: 2, final: 2 });
    expect(report.skipped).toContainEqual(expect.objectContaining({ accountId: 'user_a_broken', reason: 'account_unreadable' }));
    expect(countFills(join(dir, '.forced-cleanup'))).toBe(4);
    expect(result.stdout + result.stderr).not.toContain('marker-secret-value-123');
  });
});
