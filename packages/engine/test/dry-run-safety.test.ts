import { beforeEach, describe, expect, it } from 'vitest';
import { openCleanup, runCleanup } from '../src/index.js';
import { brokerCalls, optionsFor, resetBrokerCalls, scripted } from './helpers.js';

const accounts = [
  scripted('platform_x', 'platform', {
    balances: { SHIB: 20000, BTC: 0.001, ETH: 0.01, USD: 10 },
    prices: { 'SHIB-USD': 0.00002, 'BTC-USD': 50000, 'ETH-USD': 3000 },
    openOrders: [{ id: 'o1', symbol: 'SHIB-USD', base: 'SHIB', quote: 'USD', side: 'sell', quantity: 100, price: 1 }],
  }),
];

describe('safety rule: a dry run never calls an order-placing or cancelling method', () => {
  beforeEach(resetBrokerCalls);

  it.each([
    ['conservative', {}],
    ['always', { cancelOpenOrders: true }],
    ['nuclear', { cancelOpenOrders: true, startupOnly: true }],
    ['selective', { cancelConditions: 'usd_value<1,rank>max_positions' }],
  ])('in %s mode, with dust, cap closes and open orders to cancel', async (_mode, settings) => {
    const options = optionsFor(accounts, { ...settings, maxPositions: 1 });
    const report = await runCleanup({ ...options, dryRun: true });
    expect(report.actions.length).toBeGreaterThan(0);
    expect(brokerCalls().length).toBeGreaterThan(0);
    expect(brokerCalls().filter((call) => call.kind !== 'read')).toEqual([]);
    expect(report.actions.every((action) => action.status === 'planned')).toBe(true);
  });

  it('a dry-run session refuses to execute', async () => {
    const session = await openCleanup({ ...optionsFor(accounts), dryRun: true });
    await expect(session.execute()).rejects.toThrow(/dry-run/);
    expect(brokerCalls().filter((call) => call.kind !== 'read')).toEqual([]);
  });

  it('lists what would be cancelled: [WOULD_CANCEL] events and openOrdersCancelled', async () => {
    const options = optionsFor(accounts, { cancelOpenOrders: true });
    const report = await runCleanup({ ...options, dryRun: true });
    expect(report.summary.openOrdersCancelled).toBe(1);
    expect(options.events.filter((event) => event.type === 'order_cancelling')).toEqual([
      expect.objectContaining({ dryRun: true, order: expect.objectContaining({ id: 'o1' }) }),
    ]);
  });
});
