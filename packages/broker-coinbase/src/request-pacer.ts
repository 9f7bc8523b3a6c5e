import { cleanupError } from '@forced-cleanup/contract';
import { watchAbort } from './abort-watch.js';

/*
 * The engine paces *calls* to a key, but one call here can be many HTTP requests (a page of 25 orders at a
 * time). Pacing every request of the connection keeps a long listing inside Coinbase's budget instead of
 * bursting into a 429 that the engine would answer by repeating the whole listing.
 */

/**
 * A token bucket over HTTP requests: `requestsPerSecond` sustained, `burst` at once — less one token of
 * headroom: we count a request when it leaves, the exchange when it arrives, and the time in between
 * varies, so two requests we spaced correctly can arrive closer together than the exchange allows.
 */
export class RequestPacer {
  private tokens: number;
  private updatedAt: number;
  private readonly capacity: number;
  /** Requests wait their turn in order, so a long listing cannot starve a cancel. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly budget: { readonly requestsPerSecond: number; readonly burst: number },
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, budget.burst - 1);
    this.tokens = this.capacity;
    this.updatedAt = now();
  }

  /** Resolves when a request may be sent; rejects with `aborted` when `signal` fires first. */
  take(signal: AbortSignal | undefined): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    // A rejected turn (aborted) must not block the requests queued behind it.
    this.queue = turn.catch(() => undefined);
    // An abort answers at once, even while earlier requests still hold the queue; the turn, when it comes,
    // sees the abort and passes without taking a token.
    return signal === undefined ? turn : untilAborted(turn, signal);
  }

  private async waitForToken(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortedError();
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.budget.requestsPerSecond);
      this.updatedAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.tokens) / this.budget.requestsPerSecond) * 1000);
      await sleep(waitMs, signal);
    }
  }
}

function abortedError(): Error {
  return cleanupError('aborted', 'aborted while waiting for the Coinbase request budget', { retryable: false });
}

function untilAborted(turn: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // One listener per signal however many requests wait on it (see abort-watch.ts), released when this wait ends.
    const stopWatching = watchAbort(signal, () => reject(abortedError()));
    // Released before settling, so whoever awaits this sees the signal as it was before the wait.
    turn.then(
      () => {
        stopWatching();
        resolve();
      },
      (error: unknown) => {
        stopWatching();
        reject(error as Error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    let stopWatching = (): void => undefined;
    const done = () => {
      clearTimeout(timer);
      stopWatching();
      resolve();
    };
    const timer = setTimeout(done, ms);
    // Waking early on abort: the loop above then rejects.
    if (signal !== undefined) stopWatching = watchAbort(signal, done);
  });
}
