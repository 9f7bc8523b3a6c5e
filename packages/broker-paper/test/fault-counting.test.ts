import { describe, expect, it } from 'vitest';
import type { BrokerConnection } from '@forced-cleanup/contract';
import plugin from '../src/index.js';
import { selectFault, type PaperFault } from '../src/paper-faults.js';
import { connectPaper, contextFor, EXAMPLE_PAPER, never, paperAccount } from './helpers.js';

/** The outcome of a call as one word: "ok", or the error code it rejected with. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

/** Runs `count` calls one after the other and lists their outcomes. */
async function outcomes(count: number, call: () => Promise<unknown>): Promise<string[]> {
  const results: string[] = [];
  for (let index = 0; index < count; index += 1) results.push(await outcome(call()));
  return results;
}

const connectWith = async (faults: unknown[]): Promise<BrokerConnection> => (await connectPaper({ ...EXAMPLE_PAPER, faults })).connection;

describe('paper fault counting', () => {
  it('nth alone hits exactly the nth call of that method', async () => {
    const connection = await connectWith([{ call: 'fetchBalances', nth: 2, fault: 'error' }]);
    expect(await outcomes(4, () => connection.fetchBalances(never))).toEqual(['ok', 'exchange_unavailable', 'ok', 'ok']);
  });

  it('nth with times hits that many consecutive calls from the nth', async () => {
    const connection = await connectWith([{ call: 'fetchPrices', nth: 2, times: 3, fault: 'rate_limit' }]);
    expect(await outcomes(6, () => connection.fetchPrices(['BTC-USD'], never))).toEqual(['ok', 'rate_limited', 'rate_limited', 'rate_limited', 'ok', 'ok']);
  });

  it('counts per method name: calls of other methods do not advance the count', async () => {
    const connection = await connectWith([{ call: 'fetchMarkets', nth: 2, fault: 'error', code: 'network' }]);
    const seen = [
      await outcome(connection.fetchMarkets(never)),
      await outcome(connection.fetchBalances(never)),
      await outcome(connection.fetchOpenOrders(never)),
      await outcome(connection.fetchMarkets(never)),
    ];
    expect(seen).toEqual(['ok', 'ok', 'ok', 'network']);
  });

  it('counts "*" over every method call of the connection, whatever the method', async () => {
    const connection = await connectWith([{ call: '*', nth: 3, times: 2, fault: 'error', code: 'network' }]);
    const seen = [
      await outcome(connection.fetchBalances(never)),
      await outcome(connection.fetchMarkets(never)),
      await outcome(connection.fetchOpenOrders(never)),
      await outcome(connection.lookupOrder({ clientOrderId: 'x', symbol: 'BTC-USD' }, never)),
      await outcome(connection.fetchBalances(never)),
    ];
    expect(seen).toEqual(['ok', 'ok', 'network', 'network', 'ok']);
  });

  it('names the call and its count under its own name in the message, also for "*"', async () => {
    const connection = await connectWith([{ call: '*', nth: 3, fault: 'error' }]);
    await connection.fetchBalances(never);
    await connection.fetchMarkets(never);
    await expect(connection.fetchBalances(never)).rejects.toMatchObject({ message: 'injected fault: fetchBalances #2 failed with exchange_unavailable' });
  });

  it('applies the first matching entry only', async () => {
    const connection = await connectWith([
      { call: 'fetchBalances', nth: 2, fault: 'error', code: 'auth_failed' },
      { call: '*', fault: 'error', code: 'network' },
    ]);
    expect(await outcomes(3, () => connection.fetchBalances(never))).toEqual(['network', 'auth_failed', 'network']);
  });

  it('counts a call that was aborted before it started', async () => {
    const connection = await connectWith([{ call: 'fetchOpenOrders', nth: 2, fault: 'error' }]);
    const controller = new AbortController();
    controller.abort();
    expect(await outcome(connection.fetchOpenOrders(controller.signal))).toBe('aborted');
    expect(await outcome(connection.fetchOpenOrders(never))).toBe('exchange_unavailable');
  });

  it('keeps counts per connection: a new connection to the same account starts from zero', async () => {
    const paper = { ...EXAMPLE_PAPER, faults: [{ call: 'fetchBalances', nth: 1, fault: 'error' }] };
    const first = await connectPaper(paper);
    expect(await outcomes(2, () => first.connection.fetchBalances(never))).toEqual(['exchange_unavailable', 'ok']);
    const second = await plugin.connect(paperAccount(paper), contextFor(first.stateDir), never);
    expect(await outcomes(2, () => second.fetchBalances(never))).toEqual(['exchange_unavailable', 'ok']);
  });
});

describe('selectFault', () => {
  const faults: PaperFault[] = [
    { call: 'connect', fault: 'error' },
    { call: 'placeMarketSell', nth: 5, fault: 'timeout' },
    { call: '*', nth: 1, fault: 'kill_before' },
  ];

  it('matches connect only by name, never by "*"', () => {
    expect(selectFault(faults.slice(1), 'connect', 1, 1)).toBeUndefined();
    expect(selectFault(faults, 'connect', 7, 7)?.fault).toBe('error');
  });

  it('uses the per-name count for named entries and the overall count for "*"', () => {
    expect(selectFault(faults, 'placeMarketSell', 5, 9)?.fault).toBe('timeout');
    expect(selectFault(faults, 'placeMarketSell', 1, 1)?.fault).toBe('kill_before');
    expect(selectFault(faults, 'placeMarketSell', 4, 4)).toBeUndefined();
  });
});
