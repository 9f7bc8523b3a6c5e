/**
 * A seeded pseudo-random generator (mulberry32), so that every synthetic portfolio is the same on every run
 * and machine: a figure must not move because the data did.
 */

/** A generator of numbers in [0, 1), deterministic for a seed. */
export interface Random {
  /** The next number in [0, 1). */
  next(): number;
  /** A whole number in [0, bound). */
  below(bound: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** A {@link Random} for `seed` (any 32-bit integer). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    below: (bound) => Math.floor(next() * bound),
    chance: (p) => next() < p,
  };
}
