import { beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../src/index.js';
import { brokerCalls, optionsFor, resetBrokerCalls, scripted } from './helpers.js';

const fastRetry = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxTotalMs: 2_000 };
const holdings = { balances: { SHIB: 1000 }, prices: { 'SHIB-USD': 0.0001 } };

describe('retries, timeouts and isolation', () => {
  beforeEach(resetBrokerCalls);

  it('retries a rate-limited read, honouring Retry-After, then proceeds', async () => {
    const accounts = [scripted('acct', 'platform', { ...holdings, failFirst: { fetchBalances: { times: 2, code: 'rate_limited', retryAfterMs: 40 } } })];
    const options = optionsFor(accounts);
    const report = await runCleanup({ ...options, retry: fastRetry, dryRun: false });
    expect(report.actions[0]?.status).toBe('closed');
    const retries = options.events.filter((event) => event.type === 'retrying');
    expect(retries).toHaveLength(2);
    for (const retry of retries) expect(retry).toMatchObject({ call: 'fetchBalances', error: { code: 'rate_limited' }, delayMs: expect.any(Number) });
    expect(retries.every((retry) => retry.type === 'retrying' && retry.delayMs >= 40)).toBe(true);
  });

  it('never retries a non-retryable error', async () => {
    const accounts = [scripted('acct', 'platform', { ...holdings, failFirst: { fetchBalances: { times: 1, code: 'auth_failed' } } })];
    const options = optionsFor(accounts);
    const report = await runCleanup({ ...options, retry: fastRetry, dryRun: false });
    expect(report.accounts[0]).toMatchObject({ state: 'unreadable', error: { code: 'auth_failed' } });
    expect(brokerCalls().filter((call) => call.method === 'fetchBalances')).toHaveLength(1);
  });

  it('gives up within the bounded budget: the account is unreadable, never stuck retrying', async () => {
    const accounts = [scripted('acct', 'platform', { ...holdings, failFirst: { fetchOpenOrders: { code: 'exchange_unavailable' } } })];
    const report = await runCleanup({ ...optionsFor(accounts), retry: fastRetry, dryRun: false });
    expect(report.accounts[0]).toMatchObject({ state: 'unreadable', error: { code: 'exchange_unavailable', retryable: true } });
    expect(brokerCalls().filter((call) => call.method === 'fetchOpenOrders')).toHaveLength(fastRetry.maxAttempts);
  });

  it('a call that never answers times out (even when the plugin ignores its signal)', async () => {
    const accounts = [scripted('slow', 'platform', { ...holdings, hang: ['fetchMarkets'] }), scripted('fine', { user: 'u' }, holdings)];
    const report = await runCleanup({ ...optionsFor(accounts), retry: { ...fastRetry, maxAttempts: 2 }, callTimeoutMs: 150, dryRun: false });
    expect(report.accounts.find((account) => account.accountId === 'slow')).toMatchObject({ state: 'unreadable', error: { code: 'timeout' } });
    expect(report.actions).toEqual([expect.objectContaining({ accountId: 'fine', status: 'closed' })]);
  });

  it('order placement is never retried: an unclear failure is looked up, and not found means failed', async () => {
    const accounts = [scripted('acct', 'platform', { ...holdings, failFirst: { placeMarketSell: { times: 3, code: 'exchange_unavailable' } } })];
    const report = await runCleanup({ ...optionsFor(accounts), retry: fastRetry, dryRun: false });
    expect(brokerCalls().filter((call) => call.method === 'placeMarketSell')).toHaveLength(1);
    expect(brokerCalls().filter((call) => call.method === 'lookupOrder')).toHaveLength(1);
    expect(report.actions[0]).toMatchObject({ status: 'failed', error: { code: 'exchange_unavailable' } });
    expect(report.actions[0]?.error?.message).toContain('nothing was sold');
  });

  it('one account rate-limited, one failing authentication, one timing out: the others finish, each state reported', async () => {
    const accounts = [
      scripted('limited', { user: 'a' }, { ...holdings, failFirst: { fetchBalances: { code: 'rate_limited', retryAfterMs: 10 } } }),
      scripted('badkey', { user: 'b' }, { connectError: 'auth_failed' }),
      scripted('hanging', { user: 'c' }, { ...holdings, hang: ['fetchOpenOrders'] }),
      scripted('fine', { user: 'd' }, holdings),
    ];
    const report = await runCleanup({ ...optionsFor(accounts), retry: { ...fastRetry, maxAttempts: 2 }, callTimeoutMs: 150, dryRun: false });
    const states = Object.fromEntries(report.accounts.map((account) => [account.accountId, [account.state, account.error?.code ?? null]]));
    expect(states).toEqual({
      limited: ['unreadable', 'rate_limited'],
      badkey: ['unreadable', 'auth_failed'],
      hanging: ['unreadable', 'timeout'],
      fine: ['ok', null],
    });
    expect(report.actions).toEqual([expect.objectContaining({ accountId: 'fine', status: 'closed' })]);
  });
});

describe('liquidation guard', () => {
  beforeEach(resetBrokerCalls);

  it('refuses a plan selling more than maxSellUsdPerRun before any call, unless forced', async () => {
    const accounts = [scripted('acct', 'platform', { balances: { A: 1, B: 1 }, prices: { 'A-USD': 0.9, 'B-USD': 0.8 } })];
    await expect(runCleanup({ ...optionsFor(accounts), maxSellUsdPerRun: 1, dryRun: false })).rejects.toMatchObject({
      code: 'sell_limit_exceeded',
      message: expect.stringContaining('$1.70'),
    });
    expect(brokerCalls().filter((call) => call.kind !== 'read')).toEqual([]);
    resetBrokerCalls();
    const forced = await runCleanup({ ...optionsFor(accounts), maxSellUsdPerRun: 1, force: true, dryRun: false });
    expect(forced.summary.dustClosed).toBe(2);
  });
});
