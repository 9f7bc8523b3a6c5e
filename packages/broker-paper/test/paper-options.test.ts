import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { resolvePaperOptions } from '../src/paper-options.js';
import { contextFor, connectPaper, never, paperAccount, rejectionOf, tempStateDir } from './helpers.js';

/** The invalid_config message `connect` rejects with for this `paper:` block of account `platform_coinbase`. */
async function configErrorFor(paper: unknown): Promise<{ code: string; message: string }> {
  const stateDir = await tempStateDir();
  return rejectionOf(plugin.connect(paperAccount(paper, 'platform_coinbase'), contextFor(stateDir), never));
}

describe('paper options: errors name the exact path', () => {
  it('names the position index and field of a bad quantity', async () => {
    const positions = [
      { symbol: 'A-USD', quantity: 1 },
      { symbol: 'B-USD', quantity: 1 },
      { symbol: 'C-USD', quantity: 1 },
      { symbol: 'D-USD', quantity: -2 },
    ];
    const error = await configErrorFor({ positions });
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('accounts[platform_coinbase].paper.positions[3].quantity: expected a number ≥ 0');
  });

  it.each([
    ['a string quantity', { positions: [{ symbol: 'A-USD', quantity: '1' }] }, 'paper.positions[0].quantity: expected a number ≥ 0'],
    ['a missing quantity', { positions: [{ symbol: 'A-USD' }] }, 'paper.positions[0].quantity: expected a number ≥ 0'],
    ['a bad symbol', { positions: [{ symbol: 'BTCUSD', quantity: 1 }] }, 'paper.positions[0].symbol: expected a BASE-QUOTE symbol like BTC-USD'],
    ['a negative cash amount', { cash: { USD: -1 } }, 'paper.cash.USD: expected a number ≥ 0'],
    ['a bad cash asset', { cash: { 'US D': 1 } }, 'paper.cash[US D]: invalid key: expected an asset name (no dash, no spaces)'],
    ['a bad market rule', { markets: { 'BTC-USD': { minNotional: -1 } } }, 'paper.markets[BTC-USD].minNotional: expected a number ≥ 0 or null'],
    ['a bad market symbol', { markets: { BTC: {} } }, 'paper.markets.BTC: invalid key: expected a BASE-QUOTE symbol like BTC-USD'],
    ['a bad order side', { openOrders: [{ id: 'o1', symbol: 'BTC-USD', side: 'short', quantity: 1 }] }, 'paper.openOrders[0].side: expected "buy" or "sell"'],
    ['a zero order quantity', { openOrders: [{ id: 'o1', symbol: 'BTC-USD', side: 'sell', quantity: 0 }] }, 'paper.openOrders[0].quantity: expected a number > 0'],
    ['a bad entry price', { positions: [{ symbol: 'A-USD', quantity: 1, entryPrice: 0 }] }, 'paper.positions[0].entryPrice: expected a number > 0'],
    ['a bad openedAt', { positions: [{ symbol: 'A-USD', quantity: 1, openedAt: 'yesterday' }] }, 'paper.positions[0].openedAt: expected an ISO 8601 date-time'],
    ['a negative latency', { latencyMs: -5 }, 'paper.latencyMs: expected a number of milliseconds from 0 to 600000'],
    ['a misspelt option', { positions: [{ symbol: 'A-USD', qty: 1, quantity: 1 }] }, 'paper.positions[0].qty: unknown option'],
    ['a misspelt top-level option', { latency: 5 }, 'paper.latency: unknown option'],
    ['a paper block that is not an object', 'lots of money', 'paper: '],
    ['two positions of one asset', { positions: [{ symbol: 'BTC-USD', quantity: 1 }, { symbol: 'BTC-USDT', quantity: 1 }] }, 'paper.positions[1].symbol: BTC is already held by positions[0]'],
    ['a position of a cash asset', { cash: { USDC: 5 }, positions: [{ symbol: 'USDC-USD', quantity: 1 }] }, 'paper.positions[0].symbol: USDC is also a cash asset'],
    ['duplicate order ids', { openOrders: [{ id: 'o1', symbol: 'A-USD', side: 'sell', quantity: 1 }, { id: 'o1', symbol: 'B-USD', side: 'sell', quantity: 1 }] }, 'paper.openOrders[1].id: duplicate order id "o1"'],
  ])('rejects %s', async (_name, paper, expected) => {
    const error = await configErrorFor(paper);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(`accounts[platform_coinbase].${expected}`);
  });

  it('lists every problem, not only the first', async () => {
    const error = await configErrorFor({ cash: { USD: 'lots' }, positions: [{ symbol: 'A-USD', quantity: -1 }] });
    expect(error.message.split('; ')).toEqual([
      'accounts[platform_coinbase].paper.cash.USD: expected a number ≥ 0',
      'accounts[platform_coinbase].paper.positions[0].quantity: expected a number ≥ 0',
    ]);
  });

  it('creates no state file for a rejected configuration', async () => {
    const stateDir = await tempStateDir();
    await rejectionOf(plugin.connect(paperAccount({ cash: { USD: -1 } }), contextFor(stateDir), never));
    const { readPaperState } = await import('../src/index.js');
    expect(await readPaperState(stateDir, 'platform_paper')).toBeNull();
  });
});

describe('paper options: what is not an error', () => {
  it.each([
    ['missing', {}],
    ['null', { price: null }],
    ['zero', { price: 0 }],
    ['negative', { price: -3 }],
    ['a non-numeric string', { price: 'n/a' }],
    ['a numeric string', { price: '50000' }],
    ['an object', { price: { usd: 1 } }],
  ])('a %s price makes the position unpriced', async (_name, price) => {
    const { connection } = await connectPaper({ positions: [{ symbol: 'XYZ-USD', quantity: 10, ...price }] });
    expect(await connection.fetchPrices(['XYZ-USD'], never)).toEqual({ 'XYZ-USD': null });
    const balances = await connection.fetchBalances(never);
    expect(balances).toEqual([{ asset: 'XYZ', total: 10, free: 10, entryPrice: null, openedAt: null }]);
  });

  it('accepts a missing paper block as an empty exchange', async () => {
    const { connection } = await connectPaper(null);
    expect(await connection.fetchBalances(never)).toEqual([]);
    expect(await connection.fetchMarkets(never)).toEqual([]);
  });

  it('accepts an openedAt a YAML parser turned into a Date, and keeps it as ISO 8601', () => {
    const options = resolvePaperOptions(
      paperAccount({ positions: [{ symbol: 'A-USD', quantity: 1, openedAt: new Date('2026-02-01T10:00:00Z') }] }),
    );
    expect(options.initialState.positions[0]?.openedAt).toBe('2026-02-01T10:00:00.000Z');
  });

  it('treats a 0 market rule as no rule, and defaults latency to 0', () => {
    const options = resolvePaperOptions(paperAccount({ markets: { 'A-USD': { minQuantity: 0, quantityStep: 0.1 } } }));
    expect(options.initialState.markets).toEqual({ 'A-USD': { minQuantity: null, quantityStep: 0.1, minNotional: null } });
    expect(options.latencyMs).toBe(0);
  });
});
