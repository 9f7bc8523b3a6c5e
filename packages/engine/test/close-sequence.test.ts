import { beforeEach, describe, expect, it } from 'vitest';
import { runCleanup } from '../src/index.js';
import { brokerCalls, optionsFor, resetBrokerCalls, scripted } from './helpers.js';

describe('the close sequence', () => {
  beforeEach(resetBrokerCalls);

  it('cancels, confirms the cancel, re-reads the free balance, then sells with a deterministic client order id', async () => {
    const accounts = [
      scripted('acct', 'platform', {
        balances: { SHIB: 20000 },
        prices: { 'SHIB-USD': 0.00002 },
        openOrders: [{ id: 'o1', symbol: 'SHIB-USD', base: 'SHIB', quote: 'USD', side: 'sell', quantity: 5000, price: 1 }],
      }),
    ];
    const options = optionsFor(accounts, { cancelOpenOrders: true });
    const report = await runCleanup({ ...options, dryRun: false });
    const afterPlan = brokerCalls().slice(brokerCalls().findIndex((call) => call.method === 'cancelOrder'));
    expect(afterPlan.map((call) => call.method).slice(0, 4)).toEqual(['cancelOrder', 'fetchOpenOrders', 'fetchBalances', 'placeMarketSell']);
    const sell = afterPlan[3]?.args[0] as { quantity: number; clientOrderId: string };
    expect(sell.quantity).toBe(20000); // the whole balance, freed by the cancel
    expect(report.actions[0]).toMatchObject({ status: 'closed', ordersCancelled: ['o1'], clientOrderId: sell.clientOrderId, filledQuantity: 20000 });
    expect(report.summary.openOrdersCancelled).toBe(1);

    resetBrokerCalls();
    const again = optionsFor(accounts, { cancelOpenOrders: true });
    await runCleanup({ ...again, dryRun: false });
    const second = brokerCalls().find((call) => call.method === 'placeMarketSell')?.args[0] as { clientOrderId: string };
    expect(second.clientOrderId).toBe(sell.clientOrderId); // same run id, account, asset and action
  });

  it('rounds down to the market step, and judges stuck again on the free balance at execution (no order)', async () => {
    const accounts = [
      scripted('acct', 'platform', {
        balances: { DOGE: 7.9, PEPE: 150 },
        prices: { 'DOGE-USD': 0.1, 'PEPE-USD': 0.001 },
        markets: { 'DOGE-USD': { quantityStep: 1 }, 'PEPE-USD': { minQuantity: 100, quantityStep: 1 } },
        // Sellable at plan time (150 ≥ 100); by execution only 50 is free (e.g. an order placed meanwhile).
        freeAfterPlan: { PEPE: 50 },
      }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts), dryRun: false });
    const byAsset = Object.fromEntries(report.actions.map((action) => [action.asset, action]));
    expect(byAsset.DOGE).toMatchObject({ status: 'closed', filledQuantity: 7 });
    expect(byAsset.PEPE).toMatchObject({ status: 'skipped', statusReason: 'stuck' });
    const sells = brokerCalls().filter((call) => call.method === 'placeMarketSell').map((call) => (call.args[0] as { symbol: string }).symbol);
    expect(sells).toEqual(['DOGE-USD']);
  });

  it('a timeout after the exchange executed ends as closed, found by client order id, with no second order', async () => {
    const accounts = [scripted('acct', 'platform', { balances: { SHIB: 1000 }, prices: { 'SHIB-USD': 0.0001 }, timeoutAfterExecuting: ['SHIB'] })];
    const report = await runCleanup({ ...optionsFor(accounts), dryRun: false });
    expect(report.actions[0]).toMatchObject({ status: 'closed', filledQuantity: 1000 });
    expect(brokerCalls().filter((call) => call.method === 'placeMarketSell')).toHaveLength(1);
    expect(brokerCalls().some((call) => call.method === 'lookupOrder')).toBe(true);
  });

  it('one failing action never stops the others, and ends as failed with the error', async () => {
    const accounts = [
      scripted('a1', 'platform', { balances: { SHIB: 1000, DOGE: 1 }, prices: { 'SHIB-USD': 0.0001, 'DOGE-USD': 0.1 }, rejectSellOf: ['SHIB'] }),
      scripted('a2', { user: 'u' }, { balances: { PEPE: 10 }, prices: { 'PEPE-USD': 0.01 } }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts), dryRun: false });
    const byAsset = Object.fromEntries(report.actions.map((action) => [action.asset, action]));
    expect(byAsset.SHIB).toMatchObject({ status: 'failed', error: { code: 'exchange_unavailable' } });
    expect(byAsset.DOGE).toMatchObject({ status: 'closed' });
    expect(byAsset.PEPE).toMatchObject({ status: 'closed' });
    expect(report.summary.failed).toBe(1);
    expect(report.accounts.find((account) => account.accountId === 'a1')?.state).toBe('partial_failure');
  });

  it('the same asset on two exchanges is two positions: only the selected account sells it', async () => {
    const accounts = [
      scripted('user_u_coinbase', { user: 'u' }, { balances: { BTC: 0.0001, ETH: 0.01, SOL: 1 }, prices: { 'BTC-USD': 50000, 'ETH-USD': 3000, 'SOL-USD': 100 } }),
      scripted('user_u_kraken', { user: 'u' }, { balances: { BTC: 0.01 }, prices: { 'BTC-USD': 50000 } }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts, { maxPositions: 3 }), dryRun: false });
    expect(report.actions).toEqual([expect.objectContaining({ accountId: 'user_u_coinbase', asset: 'BTC', status: 'closed' })]);
    const sells = brokerCalls().filter((call) => call.method === 'placeMarketSell');
    expect(sells.map((call) => call.accountId)).toEqual(['user_u_coinbase']);
  });
});

describe('position info from outside the exchange', () => {
  beforeEach(resetBrokerCalls);

  it("a tracker's entry prices and open times drive P&L, outcome and the ranking", async () => {
    const accounts = [scripted('acct', 'platform', { balances: { A: 1, B: 1, C: 1 }, prices: { 'A-USD': 5, 'B-USD': 5, 'C-USD': 9 } })];
    const info = new Map([
      ['acct', new Map([
        ['A', { entryPrice: 4, openedAt: '2026-01-01T00:00:00Z' }],
        ['B', { entryPrice: 6, openedAt: '2026-02-01T00:00:00Z' }],
      ])],
    ]);
    const report = await runCleanup({ ...optionsFor(accounts, { maxPositions: 2 }), positionInfo: info, dryRun: true });
    // A and B are worth the same: B has the worse P&L (−16.7 %) and goes first.
    expect(report.actions).toEqual([expect.objectContaining({ asset: 'B', outcome: 'LOSS', rank: 1 })]);
    expect(report.actions[0]?.pnlPct).toBeCloseTo(-16.6667, 3);
  });
});

describe('calls per account', () => {
  beforeEach(resetBrokerCalls);

  it.each([3, 30])('reads do not grow with the number of positions (%i dust positions): one write per close', async (n) => {
    const balances = Object.fromEntries(Array.from({ length: n }, (_, i) => [`D${i}`, 1]));
    const prices = Object.fromEntries(Array.from({ length: n }, (_, i) => [`D${i}-USD`, 0.5]));
    const report = await runCleanup({ ...optionsFor([scripted('acct', 'platform', { balances, prices })]), dryRun: false });
    expect(report.summary.dustClosed).toBe(n);
    const count = (method: string) => brokerCalls().filter((call) => call.method === method).length;
    // read + re-read before selling + final reconciliation
    expect(count('fetchBalances')).toBe(3);
    expect(count('fetchOpenOrders')).toBe(2);
    expect(count('placeMarketSell')).toBe(n);
  });

  it("a cancel that fails keeps that position unsold; the account's other closes proceed", async () => {
    const accounts = [
      scripted('acct', 'platform', {
        balances: { A: 10, B: 10 },
        prices: { 'A-USD': 0.01, 'B-USD': 0.01 },
        openOrders: [{ id: 'oa', symbol: 'A-USD', base: 'A', quote: 'USD', side: 'sell', quantity: 5, price: 1 }],
        failFirst: { cancelOrder: { code: 'permission_denied' } },
      }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts, { cancelOpenOrders: true }), dryRun: false });
    const byAsset = Object.fromEntries(report.actions.map((action) => [action.asset, action]));
    expect(byAsset.A).toMatchObject({ status: 'failed', error: { code: 'permission_denied' }, ordersCancelled: [] });
    expect(byAsset.B).toMatchObject({ status: 'closed' });
    const sold = brokerCalls().filter((call) => call.method === 'placeMarketSell').map((call) => (call.args[0] as { symbol: string }).symbol);
    expect(sold).toEqual(['B-USD']);
  });
});

describe('dust conversion', () => {
  beforeEach(resetBrokerCalls);

  it("converts all of an account's stuck dust in one call (one conversion per 24 h on Binance)", async () => {
    const accounts = [
      scripted('bin', 'platform', {
        dustConversion: true,
        balances: { A: 1, B: 1, C: 100 },
        prices: { 'A-USD': 0.2, 'B-USD': 0.3, 'C-USD': 0.001 },
        markets: { 'A-USD': { minNotional: 5 }, 'B-USD': { minNotional: 5 } },
      }),
    ];
    const report = await runCleanup({ ...optionsFor(accounts), dryRun: false });
    const byAsset = Object.fromEntries(report.actions.map((action) => [action.asset, action]));
    expect(byAsset.A).toMatchObject({ kind: 'convert', status: 'closed' });
    expect(byAsset.B).toMatchObject({ kind: 'convert', status: 'closed' });
    expect(byAsset.C).toMatchObject({ kind: 'sell', status: 'closed' });
    expect(brokerCalls().filter((call) => call.method === 'convertDust').map((call) => call.args[0])).toEqual([['A', 'B']]);
  });
});
