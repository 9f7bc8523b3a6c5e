import { describe, expect, it } from 'vitest';
import type { ClassifiedPosition } from '@forced-cleanup/contract';
import { compareCapCandidates, rankCapCandidates } from '../src/index.js';

function candidate(accountId: string, asset: string, usdValue: number, pnlPct: number | null = null, openedAt: string | null = null): ClassifiedPosition {
  return {
    accountId,
    owner: 'platform',
    asset,
    quantity: 1,
    free: 1,
    symbol: `${asset}-USD`,
    priceUsd: usdValue,
    market: null,
    entryPrice: null,
    openedAt,
    category: 'counted',
    usdValue,
    pnlPct,
    stuckReason: null,
    openOrders: [],
  };
}

const ids = (positions: ClassifiedPosition[]) => positions.map((p) => `${p.accountId}:${p.asset}`);

describe('rankCapCandidates', () => {
  it('ranks by USD value ascending first', () => {
    expect(ids(rankCapCandidates([candidate('a', 'X', 9), candidate('a', 'Y', 2), candidate('a', 'Z', 5)]))).toEqual(['a:Y', 'a:Z', 'a:X']);
  });

  it('then by P&L ascending, unknown counting as 0', () => {
    const ranked = rankCapCandidates([candidate('a', 'W', 5, 3), candidate('a', 'U', 5, null), candidate('a', 'L', 5, -4), candidate('a', 'Z', 5, 0)]);
    // U (unknown = 0) and Z (0) tie on P&L and are told apart by asset.
    expect(ids(ranked)).toEqual(['a:L', 'a:U', 'a:Z', 'a:W']);
  });

  it('then oldest first, with unknown and unparseable ages after known ones', () => {
    const ranked = rankCapCandidates([
      candidate('a', 'NEW', 5, 0, '2026-01-20T00:00:00Z'),
      candidate('a', 'NOAGE', 5, 0, null),
      candidate('a', 'BAD', 5, 0, 'last tuesday'),
      candidate('a', 'OLD', 5, 0, '2025-06-01T00:00:00Z'),
      candidate('a', 'MID', 5, 0, '2026-01-01T12:00:00+02:00'),
    ]);
    expect(ids(ranked)).toEqual(['a:OLD', 'a:MID', 'a:NEW', 'a:BAD', 'a:NOAGE']);
  });

  it('compares times, not strings: an offset is honoured', () => {
    // 01:00+02:00 is 23:00Z the day before, so it is older than 00:30Z.
    const ranked = rankCapCandidates([candidate('a', 'A', 5, 0, '2026-01-02T00:30:00Z'), candidate('a', 'B', 5, 0, '2026-01-02T01:00:00+02:00')]);
    expect(ids(ranked)).toEqual(['a:B', 'a:A']);
  });

  it('then by accountId, then asset, in code-unit order (not locale order)', () => {
    const ranked = rankCapCandidates([candidate('b', 'A', 5), candidate('a', 'b', 5), candidate('a', 'B', 5), candidate('A', 'Z', 5)]);
    expect(ids(ranked)).toEqual(['A:Z', 'a:B', 'a:b', 'b:A']);
  });

  it('agrees with compareCapCandidates and does not depend on input order', () => {
    const positions = [
      candidate('k', 'BTC', 5, 2.5),
      candidate('c', 'BTC', 5, 2.5),
      candidate('c', 'ETH', 4, 10, '2026-01-01'),
      candidate('c', 'SOL', 4, 10, '2025-01-01'),
      candidate('k', 'ADA', 4, -1),
    ];
    const expected = ['k:ADA', 'c:SOL', 'c:ETH', 'c:BTC', 'k:BTC'];
    expect(ids(rankCapCandidates(positions))).toEqual(expected);
    expect(ids(rankCapCandidates(positions.slice().reverse()))).toEqual(expected);
    expect(ids(positions.slice().sort(compareCapCandidates))).toEqual(expected);
    expect(compareCapCandidates(positions[0]!, positions[0]!)).toBe(0);
  });
});
