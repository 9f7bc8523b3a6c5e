import { describe, expect, it } from 'vitest';
import { createForcedCleanup, optionsFromEnv, type ForcedCleanupOptions } from '../src/index.js';
import { freshStateDir, paperAccount, positionsWorth, recordingLogger } from './helpers.js';

const account = paperAccount('platform_paper', 'platform', []);

function constructionError(options: unknown): string {
  try {
    createForcedCleanup(options as ForcedCleanupOptions);
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid_config', retryable: false });
    return (error as Error).message;
  }
  throw new Error('expected createForcedCleanup to throw');
}

describe('createForcedCleanup validates every option at construction', () => {
  it('names the bad option and the value it got', () => {
    expect(constructionError({ accounts: [account], maxPositions: -1 })).toBe('forced-cleanup: maxPositions: expected a whole number ≥ 0, got -1');
    expect(constructionError({ accounts: [account], maxPositions: 2.5 })).toBe('forced-cleanup: maxPositions: expected a whole number ≥ 0, got 2.5');
    expect(constructionError({ accounts: [account], dustThresholdUsd: '1' })).toBe(
      'forced-cleanup: dustThresholdUsd: expected an amount in USD ≥ 0 such as 1 or 0.50, got "1"',
    );
    expect(constructionError({ accounts: [account], dryRun: 'yes' })).toBe('forced-cleanup: dryRun: expected true or false, got "yes"');
  });

  it('refuses a misspelt option instead of falling back to a default', () => {
    expect(constructionError({ accounts: [account], maxPosition: 5 })).toBe(
      'forced-cleanup: maxPosition: unknown option (a misspelt option never falls back to a default)',
    );
  });

  it('lists every problem at once', () => {
    const message = constructionError({ accounts: [account], maxPositions: -1, intervalCycles: -3, entryGateMaxAgeMs: 'soon' });
    expect(message.split('\n')).toEqual([
      'forced-cleanup: maxPositions: expected a whole number ≥ 0, got -1',
      'forced-cleanup: intervalCycles: expected a whole number ≥ 0, got -3',
      'forced-cleanup: entryGateMaxAgeMs: expected a whole number ≥ 0, got "soon"',
    ]);
  });

  it('parses the cancel conditions at construction and names the bad token', () => {
    const message = constructionError({ accounts: [account], cancelConditions: 'usd_value<1.0,rank>5' });
    expect(message).toMatch(/^forced-cleanup: cancelConditions: invalid cancel condition "rank>5" in "usd_value<1.0,rank>5": expected usd_value<X/);
    // Reported with the other problems, not only once every other option is right.
    const both = constructionError({ accounts: [account], maxPositions: -1, cancelConditions: 'usd_value<<1' });
    expect(both.split('\n').map((line) => line.split(':')[1]?.trim())).toEqual(['maxPositions', 'cancelConditions']);
  });

  it('names a bad owner in a per-owner setting with the owner grammar', () => {
    expect(constructionError({ accounts: [account], maxPositionsByOwner: { user_1: 3 } })).toBe(
      'forced-cleanup: maxPositionsByOwner.user_1: an owner is "platform" or "user:<id>" (letters, digits, _ . @ -), got "user_1"',
    );
  });

  it('refuses an inline secret without ever quoting it', () => {
    const message = constructionError({ accounts: [{ ...account, apiKey: 'sk-live-VERY-SECRET' }] });
    expect(message).toContain('forced-cleanup: accounts[platform_paper].apiKey: a secret must not be written');
    expect(message).not.toContain('VERY-SECRET');
  });

  it('requires accounts, with unique ids and valid owners', () => {
    expect(constructionError({})).toMatch(/^forced-cleanup: accounts: expected a list of accounts/);
    expect(constructionError({ accounts: [] })).toBe('forced-cleanup: accounts: at least one account is needed');
    expect(constructionError({ accounts: [account, account] })).toContain('duplicate account id "platform_paper"');
    expect(constructionError({ accounts: [{ ...account, owner: 'user_123' }] })).toContain('accounts[platform_paper].owner');
  });

  it('checks the shape of the logger and the tracker', () => {
    expect(constructionError({ accounts: [account], logger: { info() {} } })).toBe(
      'forced-cleanup: logger: expected an object with info, warn and error methods (pino-style)',
    );
    expect(constructionError({ accounts: [account], tracker: { openPositions: () => [] } })).toMatch(/^forced-cleanup: tracker: expected an object with openPositions\(\)/);
  });

  it('accepts the seed constructor options and the environment spread over them', async () => {
    const env = { FORCED_CLEANUP_CANCEL_OPEN_ORDERS_IF: 'usd_value<1.0', FORCED_CLEANUP_MAX_POSITIONS: '5' };
    const hook = createForcedCleanup({
      accounts: [paperAccount('a', 'platform', positionsWorth('P', 6, 10))],
      dustThresholdUsd: 1,
      maxPositions: 8,
      dryRun: true,
      cancelOpenOrders: true,
      startupOnly: false,
      cancelConditions: null,
      stateDir: freshStateDir(),
      logger: recordingLogger(),
      ...optionsFromEnv(env),
    });
    const outcome = await hook.onStartup();
    expect(outcome).toMatchObject({ status: 'completed', report: { mode: 'selective', dryRun: true } });
    if (outcome.status !== 'completed') return;
    // The environment's cap (5) replaced the code's (8): one of the six positions would be closed.
    expect(outcome.report.actions.map((action) => action.reason)).toEqual(['cap']);
    await hook.close();
  });

  it('a bad runNow override is a failed outcome and an event, never a rejection', async () => {
    const logger = recordingLogger();
    const hook = createForcedCleanup({ accounts: [account], stateDir: freshStateDir(), logger });
    const events: string[] = [];
    hook.on((event) => events.push(event.type));
    const outcome = await hook.runNow({ maxPositions: -2 } as never);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'invalid_config', message: 'forced-cleanup: runNow.maxPositions: expected a whole number ≥ 0, got -2' } });
    expect(events).toEqual(['run_failed']);
    expect(logger.lines.some((line) => line.level === 'error' && line.message.includes('runNow.maxPositions'))).toBe(true);
    await hook.close();
  });
});
