import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { connectPaper, contextFor, fileBytes, never, paperAccount, rejectionOf, tempStateDir } from './helpers.js';

/** A signal that has already fired. */
function firedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

describe('paper latency and abort', () => {
  it('answers normally with a latency configured', async () => {
    const { connection } = await connectPaper({ cash: { USD: 5 }, latencyMs: 5 });
    expect(await connection.fetchBalances(never)).toEqual([{ asset: 'USD', total: 5, free: 5, entryPrice: null, openedAt: null }]);
  });

  it('rejects every call with aborted when the signal has already fired, changing nothing', async () => {
    const { connection, file } = await connectPaper();
    const before = await fileBytes(file);
    const signal = firedSignal();
    const calls: Array<Promise<unknown>> = [
      connection.fetchBalances(signal),
      connection.fetchMarkets(signal),
      connection.fetchPrices(['BTC-USD'], signal),
      connection.fetchOpenOrders(signal),
      connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, signal),
      connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-1' }, signal),
      connection.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, signal),
    ];
    for (const call of calls) {
      const error = await rejectionOf(call);
      expect(error.code).toBe('aborted');
      expect(error.retryable).toBe(false);
    }
    expect(await fileBytes(file)).toBe(before);
  });

  it('interrupts the latency: an order aborted while waiting is never placed', async () => {
    // A latency far longer than any test: only the abort can end the wait.
    const { connection, file } = await connectPaper({
      positions: [{ symbol: 'ETH-USD', quantity: 1, price: 100 }],
      latencyMs: 600_000,
    });
    const before = await fileBytes(file);
    const controller = new AbortController();
    const sell = connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: 'fc-slow' }, controller.signal);
    const read = connection.fetchBalances(controller.signal);
    controller.abort();
    expect((await rejectionOf(sell)).code).toBe('aborted');
    expect((await rejectionOf(read)).code).toBe('aborted');
    expect(await fileBytes(file)).toBe(before);
  });

  it('does not connect with a fired signal, and creates no state file', async () => {
    const stateDir = await tempStateDir();
    const error = await rejectionOf(plugin.connect(paperAccount({ cash: { USD: 1 } }), contextFor(stateDir), firedSignal()));
    expect(error.code).toBe('aborted');
    const { readPaperState } = await import('../src/index.js');
    expect(await readPaperState(stateDir, 'platform_paper')).toBeNull();
  });
});
