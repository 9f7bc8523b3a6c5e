import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BalanceSchema,
  CONTRACT_VERSION,
  MarketRulesSchema,
  OpenOrderSchema,
  OrderReportSchema,
} from '@forced-cleanup/contract';
import plugin, { plugin as namedPlugin } from '../src/index.js';
import { connectPaper, never } from './helpers.js';

describe('paper plugin shape', () => {
  it('is the default export and the named `plugin` export, speaking the current contract', () => {
    expect(plugin).toBe(namedPlugin);
    expect(plugin.name).toBe('paper');
    expect(plugin.contractVersion).toBe(CONTRACT_VERSION);
    expect(typeof plugin.connect).toBe('function');
  });

  it('declares its capabilities and rate limit', async () => {
    const { connection } = await connectPaper();
    expect(connection.capabilities).toEqual({ dustConversion: false, lookupByClientOrderId: true, nativeFreeBalance: true });
    expect(connection.rateLimit).toEqual({ requestsPerSecond: 1000, burst: 1000 });
    expect(connection.convertDust).toBeUndefined();
  });

  it('answers every read and order call with values the contract schemas accept', async () => {
    const { connection } = await connectPaper();
    const balances = await connection.fetchBalances(never);
    const markets = await connection.fetchMarkets(never);
    const prices = await connection.fetchPrices(['BTC-USD', 'XYZ-USD', 'NOPE-USD'], never);
    const orders = await connection.fetchOpenOrders(never);
    const report = await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-1' }, never);
    const lookedUp = await connection.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, never);

    expect(z.array(BalanceSchema).parse(balances)).toEqual(balances);
    expect(z.array(MarketRulesSchema).parse(markets)).toEqual(markets);
    expect(z.record(z.string(), z.number().nullable()).parse(prices)).toEqual(prices);
    expect(z.array(OpenOrderSchema).parse(orders)).toEqual(orders);
    expect(OrderReportSchema.parse(report)).toEqual(report);
    expect(OrderReportSchema.parse(lookedUp)).toEqual(report);
    await expect(connection.close?.()).resolves.toBeUndefined();
  });
});
