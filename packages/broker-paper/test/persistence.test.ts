import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin, { PaperStateSchema, readPaperState, writePaperState } from '../src/index.js';
import { connectPaper, contextFor, EXAMPLE_PAPER, fileBytes, filesIn, never, paperAccount, rejectionOf } from './helpers.js';

describe('paper state file', () => {
  it('is created from the paper block on first connect', async () => {
    const { stateDir, file, context } = await connectPaper();
    const state = await readPaperState(stateDir, 'platform_paper');
    expect(file.endsWith('/paper/platform_paper.json')).toBe(true);
    expect(state).toEqual({
      version: 1,
      cash: { USD: 25 },
      positions: [
        { symbol: 'BTC-USD', quantity: 0.0001, price: 50000, entryPrice: 48780.49, openedAt: '2026-02-01T10:00:00Z' },
        { symbol: 'XYZ-USD', quantity: 10, price: null, entryPrice: null, openedAt: null },
      ],
      openOrders: [{ id: 'abc123', symbol: 'BTC-USD', side: 'sell', quantity: 0.00005, price: 60000, clientOrderId: null }],
      markets: { 'BTC-USD': { minQuantity: 0.00001, quantityStep: 0.00000001, minNotional: 1 } },
      fills: [],
      nextOrderNumber: 1,
    });
    expect(context.lines.map((line) => line.message)).toContain('paper account connected');
  });

  it('survives a reconnect: the state file wins over the paper block', async () => {
    const { connection, stateDir } = await connectPaper();
    await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-1' }, never);

    const different = { cash: { USD: 1_000_000 }, positions: [{ symbol: 'ETH-USD', quantity: 3, price: 3000 }] };
    const reconnected = await plugin.connect(paperAccount(different), contextFor(stateDir), never);
    const balances = await reconnected.fetchBalances(never);
    expect(balances.map((balance) => [balance.asset, balance.total])).toEqual([
      ['USD', 27.5],
      ['BTC', 0.00005],
      ['XYZ', 10],
    ]);
    expect(await reconnected.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, never)).toMatchObject({ status: 'filled' });
  });

  it('keeps each account in its own file', async () => {
    const first = await connectPaper(EXAMPLE_PAPER, undefined, 'user_a_paper');
    await connectPaper({ cash: { USD: 7 } }, first.stateDir, 'user_b_paper');
    await first.connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-a' }, never);
    expect((await readPaperState(first.stateDir, 'user_b_paper'))?.cash).toEqual({ USD: 7 });
    expect((await filesIn(dirname(first.file))).sort()).toEqual(['user_a_paper.json', 'user_b_paper.json']);
  });

  it('re-reads the file on every call, as another process may have changed it', async () => {
    const { connection, stateDir } = await connectPaper();
    const state = PaperStateSchema.parse(await readPaperState(stateDir, 'platform_paper'));
    await writePaperState(stateDir, 'platform_paper', { ...state, cash: { USD: 99 }, openOrders: [] });

    const balances = await connection.fetchBalances(never);
    expect(balances.find((balance) => balance.asset === 'USD')?.total).toBe(99);
    expect(balances.find((balance) => balance.asset === 'BTC')?.free).toBe(0.0001);
    expect(await connection.fetchOpenOrders(never)).toEqual([]);
  });

  it('recreates the file from the paper block when it disappears', async () => {
    const { connection, file } = await connectPaper();
    await connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: 'fc-1' }, never);
    const { rm } = await import('node:fs/promises');
    await rm(file);
    const balances = await connection.fetchBalances(never);
    expect(balances.find((balance) => balance.asset === 'USD')?.total).toBe(25);
    expect(JSON.parse(await fileBytes(file)).cash).toEqual({ USD: 25 });
  });

  it('serialises concurrent writes: parallel sells never lose one another', async () => {
    const { connection, stateDir, file } = await connectPaper({
      cash: { USD: 0 },
      positions: [{ symbol: 'ETH-USD', quantity: 10, price: 100 }],
    });
    const sells = Array.from({ length: 10 }, (_, index) =>
      connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: `fc-${index}` }, never),
    );
    const reports = await Promise.all(sells);
    expect(new Set(reports.map((report) => report.orderId)).size).toBe(10);
    const state = await readPaperState(stateDir, 'platform_paper');
    expect(state?.positions).toEqual([]);
    expect(state?.cash).toEqual({ USD: 1000 });
    expect(state?.fills).toHaveLength(10);
    expect(state?.nextOrderNumber).toBe(11);
    // Atomic writes leave no temporary file behind.
    expect(await filesIn(dirname(file))).toEqual(['platform_paper.json']);
  });

  it('serialises writes of two connections to one account in the same process', async () => {
    const paper = { cash: { USD: 0 }, positions: [{ symbol: 'ETH-USD', quantity: 6, price: 100 }] };
    const first = await connectPaper(paper);
    const second = await plugin.connect(paperAccount(paper), contextFor(`${first.stateDir}/.`), never);
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first.connection : second).placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: `fc-${index}` }, never),
      ),
    );
    const state = await readPaperState(first.stateDir, 'platform_paper');
    expect(state?.cash).toEqual({ USD: 600 });
    expect(state?.fills.map((fill) => fill.orderId).sort()).toEqual(['paper-1', 'paper-2', 'paper-3', 'paper-4', 'paper-5', 'paper-6']);
  });

  it('never shows a reader half a file while writes are under way', async () => {
    const { connection, file } = await connectPaper({ cash: { USD: 0 }, positions: [{ symbol: 'ETH-USD', quantity: 20, price: 100 }] });
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 1, clientOrderId: `fc-${index}` }, never),
      ),
    );
    const reads: unknown[] = [];
    let done = false;
    void writes.then(() => (done = true));
    while (!done) reads.push(PaperStateSchema.parse(JSON.parse(await fileBytes(file))));
    await writes;
    expect(reads.length).toBeGreaterThan(0);
  });

  it('rejects a corrupt state file as a malformed exchange answer naming the problem', async () => {
    const { connection, file } = await connectPaper();
    await writeFile(file, '{"cash": {"USD": 5}, "positions": [{"symbol": "BTC-USD", "quantity": "lots"}]}');
    const error = await rejectionOf(connection.fetchBalances(never));
    expect(error.code).toBe('malformed_response');
    expect(error.message).toContain('state.positions[0].quantity: expected a number ≥ 0');

    await writeFile(file, '{"cash": ');
    expect((await rejectionOf(connection.fetchMarkets(never))).code).toBe('malformed_response');
    expect((await rejectionOf(plugin.connect(paperAccount(EXAMPLE_PAPER), contextFor(dirname(dirname(file))), never))).code).toBe(
      'malformed_response',
    );
  });

  it('refuses an account id that is not a safe file name', async () => {
    expect((await rejectionOf(readPaperState('/tmp', '../etc'))).code).toBe('invalid_config');
    expect((await rejectionOf(readPaperState('/tmp', '..'))).code).toBe('invalid_config');
  });

  it('validates a state written through writePaperState', async () => {
    const { stateDir } = await connectPaper();
    const error = await rejectionOf(writePaperState(stateDir, 'platform_paper', { cash: { USD: -1 } }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('state.cash.USD: expected a number ≥ 0');
  });
});
