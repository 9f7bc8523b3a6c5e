import { describe, expect, it } from 'vitest';
import { countFills, freshDir, paperFills, runCli, runJson } from './run-cli.js';

describe('--owner and --account', () => {
  it('--owner keeps all of the owner\'s accounts: its cap is enforced across them', () => {
    const { result, report } = runJson(['--demo', '--dry-run', '--owner', 'user:user_123']);
    expect(result.status).toBe(0);
    expect(report.accounts.map((account) => account.accountId)).toEqual(['user_user_123_coinbase', 'user_user_123_kraken']);
    expect(report.owners).toHaveLength(1);
    expect(report.owners[0]).toMatchObject({ owner: 'user:user_123', cap: 8, capEnforced: true, initial: 9, capClosed: 1, final: 8 });
  });

  it('repeated and comma-listed owners add up', () => {
    const { report } = runJson(['--demo', '--dry-run', '--owner', 'platform,user:user_789', '--owner', 'user:user_456']);
    expect(report.owners.map((owner) => owner.owner)).toEqual(['platform', 'user:user_456', 'user:user_789']);
  });

  it('--account leaving out some of an owner\'s accounts: that owner\'s cap is not enforced, dust still closes', () => {
    const state = freshDir();
    const { result, report } = runJson(['--demo', '--yes', '--state', state, '--account', 'user_user_123_coinbase,platform_coinbase']);
    expect(result.status).toBe(0);
    const user123 = report.owners.find((owner) => owner.owner === 'user:user_123');
    expect(user123).toMatchObject({ cap: 8, capEnforced: false, capClosed: 0, dustClosed: 0 });
    expect(user123?.note).toContain('--account selected 1 of its 2 accounts');
    // The platform has one account: selecting it is selecting all of it, so its cap holds.
    expect(report.owners.find((owner) => owner.owner === 'platform')).toMatchObject({ capEnforced: true, capClosed: 6, final: 8 });
    expect(Object.keys(paperFills(state)).sort()).toEqual(['platform_coinbase', 'user_user_123_coinbase']);
    expect(paperFills(state)['user_user_123_coinbase']).toEqual([]);
    expect(countFills(state)).toBe(51);
  });

  it('says so in the human output', () => {
    const result = runCli(['--demo', '--dry-run', '--account', 'user_user_123_kraken']);
    expect(result.stdout).toContain('Selected: --account user_user_123_kraken → 1 of 5 accounts');
    expect(result.stdout).toContain('user:user_123: cap not enforced: --account selected 1 of its 2 accounts');
  });

  it.each([
    [['--owner', 'user:nobody'], 'no account of the configuration belongs to it', 'platform, user:user_123'],
    [['--owner', 'user_123'], 'did you mean "user:user_123"', '--owner'],
    [['--account', 'nope'], 'no such account', 'platform_coinbase'],
    [['--owner', 'platform', '--account', 'user_user_123_kraken'], 'together select no account', '--owner platform'],
    [['--owner', 'platform,'], 'an empty value', '--owner'],
  ])('a filter matching nothing is an error naming what exists: %j', (args, ...mentions) => {
    const state = freshDir();
    const result = runCli(['--demo', '--yes', '--state', state, ...args]);
    expect(result.status).toBe(2);
    for (const mention of mentions) expect(result.stderr).toContain(mention);
    expect(countFills(state)).toBe(0);
  });
});
