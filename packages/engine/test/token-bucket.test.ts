import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src/token-bucket.js';
import { retryDelayMs } from '../src/retry-policy.js';

describe('TokenBucket', () => {
  it('lets a burst through, then paces to the sustained rate, in arrival order', async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const bucket = new TokenBucket(
      { requestsPerSecond: 10, burst: 2 },
      () => clock,
      async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    );
    const signal = new AbortController().signal;
    const times: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => bucket.take(signal).then(() => times.push(clock))));
    expect(times).toEqual([0, 0, 100, 200, 300]);
    expect(sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it('drain() makes the next call wait a full interval after a rate-limit answer', async () => {
    let clock = 0;
    const bucket = new TokenBucket({ requestsPerSecond: 4, burst: 4 }, () => clock, async (ms) => void (clock += ms));
    const signal = new AbortController().signal;
    await bucket.take(signal);
    bucket.drain();
    await bucket.take(signal);
    expect(clock).toBe(250);
  });

  it('rejects with aborted when the signal aborts while waiting', async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 0.001, burst: 1 });
    const controller = new AbortController();
    await bucket.take(controller.signal);
    const waiting = bucket.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('retryDelayMs', () => {
  const settings = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 10_000 };
  const error = { code: 'network' as const, message: 'x', retryable: true };
  it('grows exponentially with full jitter, capped', () => {
    expect(retryDelayMs(1, error, settings, () => 0.999)).toBe(99);
    expect(retryDelayMs(3, error, settings, () => 0.999)).toBe(399);
    expect(retryDelayMs(10, error, settings, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, error, settings, () => 0)).toBe(0);
  });
  it('never waits less than Retry-After', () => {
    expect(retryDelayMs(1, { ...error, retryAfterMs: 2500 }, settings, () => 0.5)).toBe(2500);
  });
});
