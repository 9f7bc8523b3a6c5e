import { createHash } from 'node:crypto';
import { cleanupError } from '@forced-cleanup/contract';

/*
 * Kraken accepts a private call only when its nonce is strictly greater than the last nonce it accepted
 * for the same API key (with the default nonce window of 0). kraken-api's own nonce is `Date.now() * 1000`,
 * computed per call: two calls in the same millisecond collide, and a clock step backwards replays old
 * values. The nonce source below never repeats and never goes down, whatever the clock does; the lanes
 * make calls on one key reach Kraken in the order of their nonces.
 */

/**
 * The scales a nonce can be counted in. `microseconds` is kraken-api's (and most Kraken clients'):
 * milliseconds × 1000. `milliseconds` is ccxt.kraken's. A key used by two clients on different scales
 * breaks the one on the smaller scale for good: its nonces are ~1000× below the last one Kraken saw.
 */
export const NONCE_SCALES = ['microseconds', 'milliseconds'] as const;
/** A nonce scale; see {@link NONCE_SCALES}. */
export type NonceScale = (typeof NONCE_SCALES)[number];

const FACTOR: Readonly<Record<NonceScale, number>> = { microseconds: 1000, milliseconds: 1 };

/** A strictly increasing nonce counter for one API key. The clock (milliseconds) is injectable for tests. */
export class NonceSource {
  private last = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * The next nonce on `scale`: the clock reading on that scale, or one more than the previous nonce when the
   * clock has not moved on (or went back). Whole numbers below 2^53 until the year 2255, sent as digits.
   */
  next(scale: NonceScale): string {
    const fromClock = Math.floor(this.clock()) * FACTOR[scale];
    this.last = Math.max(fromClock, this.last + 1);
    return String(this.last);
  }
}

/**
 * One lane per API key, shared by every connection of that key in this process: private calls go through
 * it one at a time, in the order they were made, each with the next nonce of the key. Without it two
 * concurrent calls (two accounts on one key, or parallel reads of one account) can reach Kraken in the
 * other order than their nonces, and the later-numbered one makes Kraken refuse the other with
 * `EAPI:Invalid nonce`. Other processes are not covered: docs/broker-kraken.md says how to share a key.
 */
export class KeyLane {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly nonces: NonceSource;

  constructor(clock?: () => number) {
    this.nonces = new NonceSource(clock);
  }

  /**
   * Runs `call` with a fresh nonce once every call queued before it has settled. A call whose signal fires
   * while it waits is never sent. The lane moves on only when the request itself has settled (not when a
   * caller gave up on it), so nonces always reach Kraken in increasing order.
   */
  run<T>(scale: NonceScale, signal: AbortSignal, call: (nonce: string) => Promise<T>): Promise<T> {
    const start = (): Promise<T> => {
      if (signal.aborted) return Promise.reject(cleanupError('aborted', 'aborted before the request was sent'));
      return call(this.nonces.next(scale));
    };
    // A failed call must not block the lane: the next one starts whatever the previous one did.
    const turn = this.tail.then(start, start);
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }
}

const lanes = new Map<string, KeyLane>();

/**
 * The lane of an API key in this process. Lanes are looked up by a digest of the key, so that the map does
 * not hold the key itself; they live as long as the process (one per key: a handful).
 */
export function keyLane(apiKey: string): KeyLane {
  const id = createHash('sha256').update(apiKey).digest('hex');
  let lane = lanes.get(id);
  if (!lane) {
    lane = new KeyLane();
    lanes.set(id, lane);
  }
  return lane;
}
