import { afterEach, describe, expect, it } from 'vitest';
import { DelayQueue } from '../src/server/delay-queue.js';

const queues: DelayQueue[] = [];

function newQueue(clock?: () => number): DelayQueue {
  const queue = new DelayQueue(clock);
  queues.push(queue);
  return queue;
}

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `done()` (checked every few ms), for at most 5 s: a loaded machine may fire timers late. */
async function waitFor(done: () => boolean): Promise<void> {
  for (const start = Date.now(); !done() && Date.now() - start < 5000; ) await settle(5);
}

afterEach(() => {
  for (const queue of queues.splice(0)) queue.clear();
});

describe('the latency queue (one timer for every waiting request)', () => {
  it('runs each callback only once its own delay is over, in the order they fall due; ties keep arrival order', async () => {
    const queue = newQueue();
    const ran: Array<{ name: string; late: number }> = [];
    const add = (name: string, delayMs: number) => {
      const dueAt = performance.now() + delayMs;
      queue.schedule(delayMs, () => ran.push({ name, late: performance.now() - dueAt }));
    };
    add('a', 40);
    add('b', 10);
    add('c', 10);
    add('d', 25);
    expect(queue.size).toBe(4);
    await waitFor(() => ran.length === 4);
    expect(ran.map((entry) => entry.name)).toEqual(['b', 'c', 'd', 'a']);
    // Never early: each ran at or after the moment its delay ended (a lower bound, not a speed).
    for (const entry of ran) expect(entry.late).toBeGreaterThanOrEqual(0);
    expect(queue.size).toBe(0);
  });

  it('re-arms when the timer fires before the clock says the head is due', async () => {
    // A clock that stands still: the timer fires after 10 real ms, but by this clock nothing is due yet.
    let now = 0;
    const queue = newQueue(() => now);
    let ran = false;
    queue.schedule(10, () => {
      ran = true;
    });
    await settle(30);
    expect(ran).toBe(false);
    expect(queue.size).toBe(1);
    now = 10;
    await waitFor(() => ran);
    expect(ran).toBe(true);
  });

  it('lets a callback schedule more work, and runs what falls due while it waits', async () => {
    const queue = newQueue();
    const ran: string[] = [];
    queue.schedule(5, () => {
      ran.push('first');
      queue.schedule(5, () => ran.push('scheduled by first'));
    });
    queue.schedule(6, () => ran.push('second'));
    await waitFor(() => ran.length === 3);
    expect(ran).toEqual(['first', 'second', 'scheduled by first']);
  });

  it('clear() drops what is waiting: nothing runs afterwards', async () => {
    const queue = newQueue();
    const ran: string[] = [];
    queue.schedule(5, () => ran.push('dropped'));
    queue.schedule(15, () => ran.push('dropped too'));
    queue.clear();
    expect(queue.size).toBe(0);
    await settle(40);
    expect(ran).toEqual([]);
    queue.schedule(1, () => ran.push('after clear'));
    await waitFor(() => ran.length === 1);
    expect(ran).toEqual(['after clear']);
  });

  it('keeps order across many entries (the list is compacted as it drains)', async () => {
    const queue = newQueue();
    const ran: number[] = [];
    for (let i = 0; i < 3000; i++) queue.schedule(i < 1500 ? 1 : 20, () => ran.push(i));
    await waitFor(() => ran.length === 3000);
    expect(ran).toHaveLength(3000);
    expect(ran.every((value, index) => value === index)).toBe(true);
  });
});
