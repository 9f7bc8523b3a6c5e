import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCleanup, resolveOpenOrderPolicy } from '@forced-cleanup/core';
import type { BrokerConnection, MarketSellRequest, OrderReport, PortfolioSnapshot, RateLimit } from '@forced-cleanup/contract';
import { executePlan, sellsInFlight } from '../src/execute-plan.js';
import { Journal } from '../src/journal.js';

/*
 * An account's sells are pipelined: several in flight at once (as many as the key's rate allows per round
 * trip), each placed exactly once, placed in the plan's order (dust before cap).
 */

/** 6 dust positions and 6 counted ones above a cap of 2 (4 cap closes). */
function snapshot(): PortfolioSnapshot {
  const holdings = Array.from({ length: 12 }, (_, i) => {
    const asset = `A${String(i).padStart(2, '0')}`;
    const priceUsd = i < 6 ? 0.5 : 10 + i;
    return { accountId: 'acct', owner: 'platform', asset, quantity: 1, free: 1, symbol: `${asset}-USD`, priceUsd, market: { symbol: `${asset}-USD`, base: asset, quote: 'USD', minQuantity: null, quantityStep: null, minNotional: null }, entryPrice: null, openedAt: null };
  });
  return { takenAt: '2025-01-01T00:00:00Z', accounts: [{ readable: true, accountId: 'acct', owner: 'platform', broker: 'test', holdings, openOrders: [], capabilities: { dustConversion: false } }] };
}

/** A connection whose sells answer after a delay, recording the order they were placed in and the peak in flight. */
function slowConnection(rateLimit: RateLimit) {
  const placed: MarketSellRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const connection: BrokerConnection = {
    capabilities: { dustConversion: false, lookupByClientOrderId: true, nativeFreeBalance: true },
    rateLimit,
    fetchBalances: async () => snapshot().accounts.flatMap((a) => (a.readable ? a.holdings.map((h) => ({ asset: h.asset, total: 1, free: 1 })) : [])),
    fetchMarkets: async () => [],
    fetchPrices: async () => ({}),
    fetchOpenOrders: async () => [],
    cancelOrder: async () => undefined,
    lookupOrder: async () => null,
    async placeMarketSell(request): Promise<OrderReport> {
      placed.push(request);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return { orderId: `o-${request.clientOrderId}`, clientOrderId: request.clientOrderId, symbol: request.symbol, side: 'sell', status: 'filled', requestedQuantity: request.quantity, filledQuantity: request.quantity, averagePrice: 1 };
    },
  };
  return { connection, placed, peak: () => peak };
}

async function execute(rateLimit: RateLimit) {
  const policy = resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: null });
  const settings = { dustThresholdUsd: 1, maxPositions: 2, maxPositionsByOwner: {}, cashAssets: ['USD'], protect: {} };
  const plan = planCleanup(snapshot(), settings, policy, { startup: true });
  const broker = slowConnection(rateLimit);
  const account = { id: 'acct', owner: 'platform', broker: 'test' };
  const journal = Journal.create(mkdtempSync(join(tmpdir(), 'fc-pipeline-')), 'run', '2025-01-01T00:00:00.000Z');
  const results = await executePlan(plan, [{ account, connection: broker.connection, error: null }], {
    runId: 'run',
    emit: () => undefined,
    concurrency: 1,
    signal: new AbortController().signal,
    journal,
    now: () => '2025-01-01T00:00:00.000Z',
  });
  return { plan, results, broker };
}

describe('the sell pipeline of one account', () => {
  it('keeps as many sells in flight as the key allows per round trip, from 1 to 8', () => {
    expect(sellsInFlight({ requestsPerSecond: 0.33, burst: 15 })).toBe(1);
    expect(sellsInFlight({ requestsPerSecond: 5, burst: 10 })).toBe(2);
    expect(sellsInFlight({ requestsPerSecond: 30, burst: 30 })).toBe(8);
    expect(sellsInFlight({ requestsPerSecond: 1000, burst: 1000 })).toBe(8);
  });

  it('places every sell once, in the plan order (dust before cap), several at a time', async () => {
    const { plan, results, broker } = await execute({ requestsPerSecond: 100, burst: 100 });
    expect(plan.actions.map((a) => a.reason)).toEqual([...Array(6).fill('dust'), ...Array(4).fill('cap')]);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('closed'));
    expect(broker.placed.map((request) => request.symbol)).toEqual(plan.actions.map((action) => action.symbol));
    expect(new Set(broker.placed.map((request) => request.clientOrderId)).size).toBe(10);
    expect(broker.peak()).toBe(8);
  });

  it('sells one at a time on a key allowing less than one request per round trip', async () => {
    const { results, broker } = await execute({ requestsPerSecond: 0.33, burst: 15 });
    expect(results.every((r) => r.status === 'closed')).toBe(true);
    expect(broker.peak()).toBe(1);
  });
});
