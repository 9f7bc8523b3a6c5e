import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, runJson } from './run-cli.js';

describe('accounts failing in different ways in the same run', () => {
  it('auth failure, rate limit and timeout are each reported; the other accounts finish; exit code 1', () => {
    const dir = freshDir();
    const dust = (prefix: string) => ({ positions: [{ symbol: `${prefix}-USD`, quantity: 10, price: 0.05 }] });
    const config = {
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 500 },
      callTimeoutMs: 300,
      accounts: [
        { id: 'badkey', owner: { user: 'a' }, broker: 'paper', paper: { ...dust('AAA'), faults: [{ call: 'connect', fault: 'error', code: 'auth_failed' }] } },
        { id: 'limited', owner: { user: 'b' }, broker: 'paper', paper: { ...dust('BBB'), faults: [{ call: '*', fault: 'rate_limit', retryAfterMs: 20 }] } },
        { id: 'hanging', owner: { user: 'c' }, broker: 'paper', paper: { ...dust('CCC'), faults: [{ call: 'fetchOpenOrders', fault: 'timeout' }] } },
        { id: 'fine', owner: { user: 'd' }, broker: 'paper', paper: dust('DDD') },
        { id: 'timeout-after-sell', owner: { user: 'e' }, broker: 'paper', paper: { ...dust('EEE'), faults: [{ call: 'placeMarketSell', nth: 1, fault: 'timeout_after_executing' }] } },
      ],
    };
    writeFileSync(join(dir, 'forced-cleanup.json'), JSON.stringify(config));
    const { result, report } = runJson(['--yes'], { cwd: dir });
    expect(result.status).toBe(1);
    const states = Object.fromEntries(report.accounts.map((account) => [account.accountId, [account.state, account.error?.code ?? null]]));
    expect(states).toEqual({
      badkey: ['unreadable', 'auth_failed'],
      limited: ['unreadable', 'rate_limited'],
      hanging: ['unreadable', 'timeout'],
      fine: ['ok', null],
      'timeout-after-sell': ['ok', null],
    });
    // The sell whose answer timed out after the exchange executed it is found by client order id: closed, once.
    expect(report.actions.map((action) => [action.accountId, action.status])).toEqual([
      ['fine', 'closed'],
      ['timeout-after-sell', 'closed'],
    ]);
    const state = JSON.parse(readFileSync(join(dir, '.forced-cleanup', 'paper', 'timeout-after-sell.json'), 'utf8')) as { fills: unknown[] };
    expect(state.fills).toHaveLength(1);
    expect(readdirSync(join(dir, '.forced-cleanup', 'paper')).sort()).toContain('fine.json');
  });
});
