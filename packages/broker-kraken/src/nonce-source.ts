/**
 * Kraken accepts a private call only when its nonce is strictly greater than the last nonce it accepted
 * for the same API key (with the default nonce window of 0). kraken-api's own nonce is `Date.now() * 1000`,
 * computed per call: two calls in the same millisecond collide, and a clock step backwards replays old
 * values. This source never repeats and never goes down, whatever the clock does.
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
