import { describe, expect, it } from 'vitest';
import type { BrokerConnection } from '@forced-cleanup/contract';
import plugin, { readPaperState } from '../src/index.js';
import { connectPaper, contextFor, EXAMPLE_PAPER, fileBytes, never, paperAccount, rejectionOf, tempStateDir } from './helpers.js';

/** The example exchange with a fault list. */
const withFaults = (faults: unknown[]): Record<string, unknown> => ({ ...EXAMPLE_PAPER, faults });

/** A sell of half the free BTC of the example exchange, under its own client order id. */
const sellBtc = (connection: BrokerConnection, clientOrderId: string, signal = never) =>
  connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.00005, clientOrderId }, signal);

/**
 * Whether `promise` is still pending once `barrier` has settled. A barrier that queues behind the call
 * (another write to the same state file) proves the call got as far as it ever will.
 */
async function pendingAfter(promise: Promise<unknown>, barrier: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await barrier.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  return !settled;
}

/** A write queued behind every earlier write of the connection's state file (it rejects: no such order). */
const writeBarrier = (connection: BrokerConnection) => connection.cancelOrder({ id: 'no-such-order', symbol: 'BTC-USD' }, never);

describe('paper fault "error"', () => {
  it('rejects with the given code and a message naming the call and its count, executing nothing', async () => {
    const { connection, file } = await connectPaper(withFaults([{ call: 'placeMarketSell', fault: 'error', code: 'insufficient_funds' }]));
    const before = await fileBytes(file);
    const error = await rejectionOf(sellBtc(connection, 'fc-1'));
    expect(error).toMatchObject({ code: 'insufficient_funds', retryable: false, message: 'injected fault: placeMarketSell #1 failed with insufficient_funds' });
    expect(await fileBytes(file)).toBe(before);
    expect(await connection.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, never)).toBeNull();
  });

  it('defaults to exchange_unavailable, retryable as that code is', async () => {
    const { connection } = await connectPaper(withFaults([{ call: 'fetchBalances', fault: 'error' }]));
    const error = await rejectionOf(connection.fetchBalances(never));
    expect(error).toMatchObject({ code: 'exchange_unavailable', retryable: true, message: 'injected fault: fetchBalances #1 failed with exchange_unavailable' });
  });

  it('hits every call of the method when nth is omitted, and no other method', async () => {
    const { connection } = await connectPaper(withFaults([{ call: 'fetchOpenOrders', fault: 'error', code: 'network' }]));
    for (const n of [1, 2, 3]) {
      expect((await rejectionOf(connection.fetchOpenOrders(never))).message).toBe(`injected fault: fetchOpenOrders #${n} failed with network`);
    }
    expect(await connection.fetchMarkets(never)).toHaveLength(2);
  });

  it('never hits the internal state reads: connect and a sell read the state of a failing fetchBalances', async () => {
    const { connection } = await connectPaper(withFaults([{ call: 'fetchBalances', fault: 'error' }]));
    expect((await sellBtc(connection, 'fc-1')).status).toBe('filled');
    expect((await connection.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, never))?.status).toBe('filled');
  });

  it('makes connect itself reject, before the state file is created', async () => {
    const stateDir = await tempStateDir();
    const account = paperAccount(withFaults([{ call: 'connect', fault: 'error', code: 'auth_failed' }]));
    const error = await rejectionOf(plugin.connect(account, contextFor(stateDir), never));
    expect(error).toMatchObject({ code: 'auth_failed', retryable: false, message: 'injected fault: connect #1 failed with auth_failed' });
    expect(await readPaperState(stateDir, 'platform_paper')).toBeNull();
  });

  it('counts connect attempts per account, so that a retry of a failed connect gets through', async () => {
    const stateDir = await tempStateDir();
    const account = paperAccount(withFaults([{ call: 'connect', nth: 1, fault: 'error' }]));
    expect((await rejectionOf(plugin.connect(account, contextFor(stateDir), never))).code).toBe('exchange_unavailable');
    const connection = await plugin.connect(account, contextFor(stateDir), never);
    expect(await connection.fetchOpenOrders(never)).toHaveLength(1);
    // Another account in the same state directory has its own count.
    const other = paperAccount(withFaults([{ call: 'connect', nth: 1, fault: 'error' }]), 'user_u1_paper');
    expect((await rejectionOf(plugin.connect(other, contextFor(stateDir), never))).code).toBe('exchange_unavailable');
  });

  it('warns in the log that faults are on', async () => {
    const { context } = await connectPaper(withFaults([{ call: 'lookupOrder', fault: 'timeout' }]));
    expect(context.lines).toContainEqual({ level: 'warn', message: 'paper fault injection is on', fields: { accountId: 'platform_paper', faults: 1 } });
  });
});

describe('paper fault "rate_limit"', () => {
  it('rejects with rate_limited, retryable, carrying the Retry-After when one is given', async () => {
    const { connection } = await connectPaper(
      withFaults([
        { call: 'fetchPrices', fault: 'rate_limit', retryAfterMs: 1500 },
        { call: 'cancelOrder', fault: 'rate_limit' },
      ]),
    );
    const limited = await rejectionOf(connection.fetchPrices(['BTC-USD'], never));
    expect(limited).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 1500, message: 'injected fault: fetchPrices #1 failed with rate_limited' });
    const withoutHint = await rejectionOf(connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, never));
    // As data (what reports and journals carry), an error without a Retry-After has no retryAfterMs.
    expect(JSON.parse(JSON.stringify(withoutHint))).toEqual({
      code: 'rate_limited',
      retryable: true,
      message: 'injected fault: cancelOrder #1 failed with rate_limited',
    });
    expect(await connection.fetchOpenOrders(never)).toHaveLength(1);
  });
});

describe('paper fault "timeout"', () => {
  it('never answers until the signal aborts, then rejects as aborted, having executed nothing', async () => {
    const { connection, file } = await connectPaper(withFaults([{ call: 'placeMarketSell', fault: 'timeout' }]));
    const before = await fileBytes(file);
    const controller = new AbortController();
    const sell = sellBtc(connection, 'fc-1', controller.signal);
    expect(await pendingAfter(sell, writeBarrier(connection))).toBe(true);
    controller.abort();
    expect(await rejectionOf(sell)).toMatchObject({ code: 'aborted', retryable: false });
    expect(await fileBytes(file)).toBe(before);
    expect(await connection.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, never)).toBeNull();
  });

  it('makes connect hang until aborted, creating no state file', async () => {
    const stateDir = await tempStateDir();
    const controller = new AbortController();
    const connecting = plugin.connect(paperAccount(withFaults([{ call: 'connect', fault: 'timeout' }])), contextFor(stateDir), controller.signal);
    expect(await pendingAfter(connecting, new Promise((resolve) => setTimeout(resolve, 20)))).toBe(true);
    controller.abort();
    expect((await rejectionOf(connecting)).code).toBe('aborted');
    expect(await readPaperState(stateDir, 'platform_paper')).toBeNull();
  });
});

describe('paper fault "timeout_after_executing"', () => {
  it('executes the sell and writes it, then hangs until aborted; the order is found by client order id', async () => {
    const { connection, stateDir } = await connectPaper(withFaults([{ call: 'placeMarketSell', nth: 1, fault: 'timeout_after_executing' }]));
    const controller = new AbortController();
    const sell = sellBtc(connection, 'fc-1', controller.signal);
    expect(await pendingAfter(sell, writeBarrier(connection))).toBe(true);
    // The sell is already on disk while the caller is still waiting for its answer.
    expect((await readPaperState(stateDir, 'platform_paper'))?.fills.map((fill) => fill.clientOrderId)).toEqual(['fc-1']);
    controller.abort();
    expect((await rejectionOf(sell)).code).toBe('aborted');
    expect(await connection.lookupOrder({ clientOrderId: 'fc-1', symbol: 'BTC-USD' }, never)).toMatchObject({ status: 'filled', filledQuantity: 0.00005 });
    // Placing it again under the same id (the fault was for the first call only) sells nothing more.
    expect(await sellBtc(connection, 'fc-1')).toMatchObject({ orderId: 'paper-1', status: 'filled' });
    expect((await readPaperState(stateDir, 'platform_paper'))?.cash).toEqual({ USD: 27.5 });
  });

  it('executes a cancel before hanging', async () => {
    const { connection } = await connectPaper(withFaults([{ call: 'cancelOrder', nth: 1, fault: 'timeout_after_executing' }]));
    const controller = new AbortController();
    const cancel = connection.cancelOrder({ id: 'abc123', symbol: 'BTC-USD' }, controller.signal);
    expect(await pendingAfter(cancel, writeBarrier(connection))).toBe(true);
    expect(await connection.fetchOpenOrders(never)).toEqual([]);
    controller.abort();
    expect((await rejectionOf(cancel)).code).toBe('aborted');
  });
});
