import { describe, expect, it } from 'vitest';
import { CallGate } from '../src/call-gate.js';
import { never, rejectionOf } from './helpers/broker-context.js';

/*
 * One connection's calls run one at a time, in the order made (Kraken nonces), and an aborted call never
 * starts its work, or is given up at once while its request finishes in the background.
 */

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the call gate', () => {
  it('runs calls one at a time, in the order they were made, whatever each one does', async () => {
    const gate = new CallGate('kraken');
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`start ${name}`);
      await delay(ms);
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([gate.run('a', never, task('a', 30)), gate.run('b', never, task('b', 1, true)), gate.run('c', never, task('c', 5))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('never starts the work of a call aborted before its turn, and gives up a running one at once', async () => {
    const gate = new CallGate('binance');
    const started: string[] = [];
    const slow = gate.run('slow', never, async () => {
      started.push('slow');
      await delay(60);
    });
    const controller = new AbortController();
    const queued = gate.run('placeMarketSell', controller.signal, async () => {
      started.push('sell');
    });
    controller.abort();
    expect(await rejectionOf(queued)).toMatchObject({ code: 'aborted', message: 'ccxt binance placeMarketSell aborted' });
    await slow;
    expect(started).toEqual(['slow']);

    const running = new AbortController();
    let finished = false;
    const call = gate.run('fetchBalances', running.signal, async () => {
      await delay(60);
      finished = true;
    });
    setTimeout(() => running.abort(), 5);
    expect(await rejectionOf(call)).toMatchObject({ code: 'aborted' });
    expect(finished).toBe(false);
    // The next call waits for the abandoned request to finish: nonces stay in order.
    await gate.run('next', never, async () => expect(finished).toBe(true));
  });

  it('rejects an already-aborted call without queueing it', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await rejectionOf(new CallGate('kraken').run('fetchBalances', controller.signal, () => Promise.resolve(1)))).toMatchObject({ code: 'aborted', retryable: false });
  });
});

describe('the call gate without nonces', () => {
  it('starts every call at once, and still gives up an aborted one at once', async () => {
    const gate = new CallGate('binance', { oneAtATime: false });
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await delay(ms);
      events.push(`end ${name}`);
      return name;
    };
    const controller = new AbortController();
    const slow = gate.run('slow', controller.signal, task('slow', 60));
    const quick = gate.run('quick', never, task('quick', 1));
    expect(await quick).toBe('quick');
    expect(events).toEqual(['start slow', 'start quick', 'end quick']);
    controller.abort();
    expect(await rejectionOf(slow)).toMatchObject({ code: 'aborted', message: 'ccxt binance slow aborted' });
  });
});
