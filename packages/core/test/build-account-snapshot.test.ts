import { describe, expect, it } from 'vitest';
import { HoldingSchema, type AccountRead, type Balance } from '@forced-cleanup/contract';
import { buildAccountSnapshot } from '../src/index.js';
import { market, order } from './fixtures.js';

function read(balances: Balance[], prices: Record<string, number | null>, extra: Partial<AccountRead> = {}): AccountRead {
  return { balances, markets: [market('BTC'), market('ETH', 'USDC'), market('SHIB', 'USDT')], prices, openOrders: [], ...extra };
}

function build(accountRead: AccountRead, positionInfo?: Map<string, { entryPrice: number | null; openedAt: string | null }>) {
  return buildAccountSnapshot({
    accountId: 'platform_coinbase',
    owner: 'platform',
    broker: 'coinbase',
    read: accountRead,
    cashAssets: ['USD', 'usdc', 'USDT', 'EUR'],
    capabilities: { dustConversion: false },
    ...(positionInfo === undefined ? {} : { positionInfo }),
  });
}

describe('buildAccountSnapshot', () => {
  it('makes one valued holding per non-zero, non-cash balance, sorted by asset', () => {
    const snapshot = build(
      read(
        [
          { asset: 'SHIB', total: 43_000, free: 40_000 },
          { asset: 'BTC', total: 0.5, free: 0.5, entryPrice: 40_000, openedAt: '2026-01-01T00:00:00Z' },
          { asset: 'USDC', total: 100, free: 100 },
          { asset: 'ETH', total: 0, free: 0 },
        ],
        { 'BTC-USD': 41_000, 'SHIB-USDT': 0.00001 },
      ),
    );
    expect(snapshot.readable).toBe(true);
    expect(snapshot.holdings.map((h) => h.asset)).toEqual(['BTC', 'SHIB']);
    expect(snapshot.holdings[0]).toEqual({
      accountId: 'platform_coinbase',
      owner: 'platform',
      asset: 'BTC',
      quantity: 0.5,
      free: 0.5,
      symbol: 'BTC-USD',
      priceUsd: 41_000,
      market: market('BTC'),
      entryPrice: 40_000,
      openedAt: '2026-01-01T00:00:00Z',
    });
    expect(snapshot.holdings[1]).toMatchObject({ symbol: 'SHIB-USDT', priceUsd: 0.00001, quantity: 43_000, free: 40_000, entryPrice: null, openedAt: null });
    for (const holding of snapshot.holdings) expect(HoldingSchema.safeParse(holding).success).toBe(true);
  });

  it('copies a missing price as null and turns a non-finite one into null, but keeps 0 and negatives for classification', () => {
    const snapshot = build(
      read(
        [
          { asset: 'BTC', total: 1, free: 1 },
          { asset: 'ETH', total: 1, free: 1 },
          { asset: 'SHIB', total: 1, free: 1 },
        ],
        { 'ETH-USDC': Number.NaN, 'SHIB-USDT': -3 },
      ),
    );
    expect(snapshot.holdings.map((h) => h.priceUsd)).toEqual([null, null, -3]);
  });

  it('values a priceAs balance through the other asset but gives it no market, so it is stuck', () => {
    const snapshot = build(read([{ asset: 'BTC.F', total: 0.1, free: 0.1, priceAs: 'BTC' }], { 'BTC-USD': 50_000 }));
    expect(snapshot.holdings[0]).toMatchObject({ asset: 'BTC.F', symbol: null, market: null, priceUsd: 50_000 });
  });

  it('prefers the tracker’s entry price and opening time when it knows them', () => {
    const info = new Map([
      ['BTC', { entryPrice: 38_000, openedAt: '2025-12-01T00:00:00Z' }],
      ['SHIB', { entryPrice: null, openedAt: null }],
    ]);
    const snapshot = build(
      read(
        [
          { asset: 'BTC', total: 1, free: 1, entryPrice: 40_000, openedAt: '2026-01-01T00:00:00Z' },
          { asset: 'SHIB', total: 1, free: 1, entryPrice: 0.00002, openedAt: '2026-01-02T00:00:00Z' },
        ],
        {},
      ),
      info,
    );
    expect(snapshot.holdings[0]).toMatchObject({ entryPrice: 38_000, openedAt: '2025-12-01T00:00:00Z' });
    // An unknown in the tracker does not erase what the broker knows.
    expect(snapshot.holdings[1]).toMatchObject({ entryPrice: 0.00002, openedAt: '2026-01-02T00:00:00Z' });
  });

  it('keeps the account’s open orders and capabilities', () => {
    const orders = [order('o1', 'BTC')];
    const snapshot = buildAccountSnapshot({
      accountId: 'a',
      owner: 'user:u1',
      broker: 'ccxt',
      read: read([], {}, { openOrders: orders }),
      cashAssets: [],
      capabilities: { dustConversion: true },
    });
    expect(snapshot).toMatchObject({ accountId: 'a', owner: 'user:u1', broker: 'ccxt', openOrders: orders, capabilities: { dustConversion: true } });
  });

  it('refuses a read that lists one asset twice', () => {
    expect(() =>
      build(read([{ asset: 'BTC', total: 1, free: 1 }, { asset: 'BTC', total: 2, free: 2 }], { 'BTC-USD': 1 })),
    ).toThrow(expect.objectContaining({ code: 'malformed_response' }));
  });
});
