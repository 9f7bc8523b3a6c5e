import { describe, expect, it } from 'vitest';
import { OrderReportSchema } from '@forced-cleanup/contract';
import plugin, { PaperStateSchema, readPaperState } from '../src/index.js';
import { partialQuantity } from '../src/market-sell.js';
import { connectPaper, contextFor, fileBytes, never, paperAccount, rejectionOf } from './helpers.js';

/** An exchange holding 1 ETH at 100 USD on a 0.01 step, whose first sell fills `fillRatio` of its quantity. */
const ethPaper = (fillRatio: number, nth?: number) => ({
  cash: { USD: 0 },
  positions: [{ symbol: 'ETH-USD', quantity: 1, price: 100 }],
  markets: { 'ETH-USD': { quantityStep: 0.01, minQuantity: 0.01 } },
  faults: [{ call: 'placeMarketSell', fault: 'partial_fill', fillRatio, ...(nth === undefined ? {} : { nth }) }],
});

describe('paper fault "partial_fill"', () => {
  it('sells quantity × ratio rounded down to the step and reports partially_filled', async () => {
    const { connection, stateDir } = await connectPaper(ethPaper(0.35));
    const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.5, clientOrderId: 'fc-eth' }, never);
    // 0.5 × 0.35 = 0.175, rounded down to the 0.01 step.
    expect(report).toEqual({
      orderId: 'paper-1',
      clientOrderId: 'fc-eth',
      symbol: 'ETH-USD',
      side: 'sell',
      status: 'partially_filled',
      requestedQuantity: 0.5,
      filledQuantity: 0.17,
      averagePrice: 100,
    });
    expect(OrderReportSchema.parse(report)).toEqual(report);
    const state = await readPaperState(stateDir, 'platform_paper');
    expect(state?.positions[0]?.quantity).toBe(0.83);
    expect(state?.cash).toEqual({ USD: 17 });
    expect(state?.fills).toEqual([
      { orderId: 'paper-1', clientOrderId: 'fc-eth', symbol: 'ETH-USD', side: 'sell', quantity: 0.17, requestedQuantity: 0.5, price: 100, at: expect.any(String) },
    ]);
  });

  it('is what lookupOrder and a repeated client order id report afterwards, without selling again', async () => {
    const { connection, file } = await connectPaper(ethPaper(0.5));
    const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.3, clientOrderId: 'fc-eth' }, never);
    expect(report).toMatchObject({ status: 'partially_filled', requestedQuantity: 0.3, filledQuantity: 0.15 });
    const after = await fileBytes(file);
    expect(await connection.lookupOrder({ clientOrderId: 'fc-eth', symbol: 'ETH-USD' }, never)).toEqual(report);
    expect(await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.3, clientOrderId: 'fc-eth' }, never)).toEqual(report);
    expect(await fileBytes(file)).toBe(after);
  });

  it('fills nothing and reports cancelled when the partial quantity rounds down to 0', async () => {
    const { connection, stateDir } = await connectPaper(ethPaper(0.4));
    const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.02, clientOrderId: 'fc-eth' }, never);
    expect(report).toEqual({
      orderId: 'paper-1',
      clientOrderId: 'fc-eth',
      symbol: 'ETH-USD',
      side: 'sell',
      status: 'cancelled',
      requestedQuantity: 0.02,
      filledQuantity: 0,
      averagePrice: null,
    });
    const state = await readPaperState(stateDir, 'platform_paper');
    expect(state?.positions[0]?.quantity).toBe(1);
    expect(state?.cash).toEqual({ USD: 0 });
    expect(await connection.lookupOrder({ clientOrderId: 'fc-eth', symbol: 'ETH-USD' }, never)).toEqual(report);
  });

  it('applies only to the matching call: the next sell fills in full', async () => {
    const { connection } = await connectPaper(ethPaper(0.5, 1));
    expect((await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.4, clientOrderId: 'fc-1' }, never)).status).toBe('partially_filled');
    expect(await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.8, clientOrderId: 'fc-2' }, never)).toMatchObject({
      status: 'filled',
      filledQuantity: 0.8,
    });
    expect(await connection.fetchBalances(never)).toEqual([{ asset: 'USD', total: 100, free: 100, entryPrice: null, openedAt: null }]);
  });

  it('still rejects an order the exchange would refuse, changing nothing', async () => {
    const { connection, file } = await connectPaper(ethPaper(0.5));
    const before = await fileBytes(file);
    expect((await rejectionOf(connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 2, clientOrderId: 'fc-1' }, never))).code).toBe('insufficient_funds');
    expect((await rejectionOf(connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.005, clientOrderId: 'fc-2' }, never))).code).toBe('invalid_order');
    expect(await fileBytes(file)).toBe(before);
  });

  it('leaves a state file that a plain connection reads back the same', async () => {
    const { connection, stateDir } = await connectPaper(ethPaper(0.5));
    const report = await connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 0.3, clientOrderId: 'fc-eth' }, never);
    const plain = await plugin.connect(paperAccount(null), contextFor(stateDir), never);
    expect(await plain.lookupOrder({ clientOrderId: 'fc-eth', symbol: 'ETH-USD' }, never)).toEqual(report);
  });
});

describe('partial fill records', () => {
  const fill = { orderId: 'p1', clientOrderId: 'c1', symbol: 'ETH-USD', side: 'sell', price: 100, at: '2026-01-01T00:00:00Z' };

  it('accept a full fill without requestedQuantity, and a partial or empty one with it', () => {
    expect(PaperStateSchema.safeParse({ fills: [{ ...fill, quantity: 1 }] }).success).toBe(true);
    expect(PaperStateSchema.safeParse({ fills: [{ ...fill, quantity: 0.5, requestedQuantity: 1 }] }).success).toBe(true);
    expect(PaperStateSchema.safeParse({ fills: [{ ...fill, quantity: 0, requestedQuantity: 1 }] }).success).toBe(true);
  });

  it('refuse an empty fill without requestedQuantity, and a "partial" fill of the whole quantity', () => {
    const empty = PaperStateSchema.safeParse({ fills: [{ ...fill, quantity: 0 }] });
    expect(empty.error?.issues[0]?.path).toEqual(['fills', 0, 'quantity']);
    const whole = PaperStateSchema.safeParse({ fills: [{ ...fill, quantity: 1, requestedQuantity: 1 }] });
    expect(whole.error?.issues[0]?.path).toEqual(['fills', 0, 'quantity']);
  });
});

describe('partialQuantity', () => {
  it('rounds down to the step, tolerating float noise', () => {
    expect(partialQuantity(0.3, 0.5, 0.05)).toBe(0.15);
    expect(partialQuantity(0.00005, 0.5, 0.00000001)).toBe(0.000025);
    expect(partialQuantity(1, 0.999, 0.1)).toBe(0.9);
    expect(partialQuantity(0.02, 0.4, 0.01)).toBe(0);
  });

  it('does not round without a step', () => {
    expect(partialQuantity(3, 0.5, null)).toBe(1.5);
  });
});
