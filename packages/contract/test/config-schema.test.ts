import { describe, expect, it } from 'vitest';
import { CleanupConfigSchema, DEFAULT_CASH_ASSETS } from '../src/index.js';

const account = { id: 'platform_coinbase', owner: 'platform', broker: 'paper' };

describe('CleanupConfigSchema', () => {
  it('applies the defaults of SPEC', () => {
    const config = CleanupConfigSchema.parse({ accounts: [account] });
    expect(config.dustThresholdUsd).toBe(1);
    expect(config.maxPositions).toBe(8);
    expect(config.cashAssets).toEqual([...DEFAULT_CASH_ASSETS]);
    expect(config.cancelOpenOrders).toBe(false);
    expect(config.startupOnly).toBe(false);
  });

  it('canonicalises owners written as { user: id }, "user:id" or platform', () => {
    const config = CleanupConfigSchema.parse({
      accounts: [account, { id: 'a', owner: { user: 'user_123' }, broker: 'paper' }, { id: 'b', owner: 'user:u2', broker: 'paper' }],
    });
    expect(config.accounts.map((a) => a.owner)).toEqual(['platform', 'user:user_123', 'user:u2']);
  });

  it('keeps broker options on an account for the broker to validate', () => {
    const config = CleanupConfigSchema.parse({ accounts: [{ ...account, paper: { cash: { USD: 1 } } }] });
    expect(config.accounts[0]).toMatchObject({ paper: { cash: { USD: 1 } } });
  });

  it.each([
    [{ accounts: [account], maxPosition: 3 }, 'maxPosition'],
    [{ accounts: [account], maxPositions: -1 }, 'maxPositions'],
    [{ accounts: [account], maxPositions: 2.5 }, 'maxPositions'],
    [{ accounts: [account], dustThresholdUsd: 'one' }, 'dustThresholdUsd'],
    [{ accounts: [] }, 'accounts'],
    [{ accounts: [{ ...account, owner: 'someone' }] }, 'accounts.0.owner'],
    [{ accounts: [account, account] }, 'accounts.1.id'],
    [{ accounts: [{ ...account, id: 'has space' }] }, 'accounts.0.id'],
    [{ accounts: [account], maxPositionsByOwner: { bob: 3 } }, 'maxPositionsByOwner.bob'],
  ])('rejects %j at %s', (input, path) => {
    const result = CleanupConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths?.some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(p))).toBe(true);
  });

  it('refuses a secret written inline and says how to name it instead', () => {
    const result = CleanupConfigSchema.safeParse({ accounts: [{ ...account, apiSecret: 'hunter2' }] });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['accounts', 0, 'apiSecret']);
    expect(issue?.message).toContain('apiSecretEnv');
    expect(JSON.stringify(result.error?.issues)).not.toContain('hunter2');
  });
});
