import { cleanupError, type RateLimit } from '@forced-cleanup/contract';

/**
 * A token bucket for one API key: `burst` requests at once, then `requestsPerSecond` sustained. Waiters are
 * served in arrival order. The clock and the sleep are injectable for tests.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    this.tokens = Math.max(1, limit.burst);
    this.last = now();
  }

  /** Waits for a token (in arrival order). Rejects with `aborted` when the signal aborts. */
  take(signal: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Empties the bucket after the exchange said we went too fast (so the next calls wait). */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private async waitForToken(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw cleanupError('aborted', 'aborted while waiting for the rate limit');
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const rate = Math.max(this.limit.requestsPerSecond, 0.001);
      await this.sleep(((1 - this.tokens) / rate) * 1000, signal);
    }
  }

  private refill(): void {
    const now = this.now();
    const rate = Math.max(this.limit.requestsPerSecond, 0.001);
    this.tokens = Math.min(Math.max(1, this.limit.burst), this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
  }
}

/** Sleeps, rejecting with `aborted` when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cleanupError('aborted', 'aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cleanupError('aborted', 'aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
