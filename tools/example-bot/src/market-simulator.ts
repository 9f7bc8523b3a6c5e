/**
 * The example bot's market: each cycle every price moves by a drift plus seeded noise. Seeded, so the
 * same options always give the same prices: the example's integration test can rely on what happens.
 */

/** A small, fast, seedable generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** How prices move. */
export interface MarketSettings {
  /** Seed of the noise. */
  readonly seed: number;
  /** Per-cycle drift of every asset (−0.01: −1 % a cycle on average). */
  readonly defaultDrift: number;
  /** Per-asset drift overriding the default, e.g. `{ HODL: -0.05 }`. */
  readonly drift: Readonly<Record<string, number>>;
  /** Noise amplitude: each move adds a uniform value in [−noise, +noise]. */
  readonly noise: number;
}

/** Reference prices (USD) the bot buys new assets at the first time it sees them. */
export const LISTED_ASSETS: Readonly<Record<string, number>> = {
  BTC: 50_000,
  ETH: 3_000,
  SOL: 150,
  ADA: 0.45,
  DOT: 6.5,
  LINK: 14,
  AVAX: 30,
  ATOM: 8,
  XRP: 0.55,
  LTC: 70,
  UNI: 7,
  AAVE: 95,
  NEAR: 5,
  FIL: 4.5,
  ALGO: 0.18,
  XLM: 0.11,
  DOGE: 0.12,
  SHIB: 0.000018,
  PEPE: 0.0000011,
  ARB: 1.1,
};

/** Moves prices one cycle at a time. */
export class MarketSimulator {
  private readonly random: () => number;

  /** @param settings drift, noise and seed */
  constructor(private readonly settings: MarketSettings) {
    this.random = seededRandom(settings.seed);
  }

  /** The next price of `asset` after one cycle (never below a millionth of a cent). */
  next(asset: string, price: number): number {
    const drift = this.settings.drift[asset] ?? this.settings.defaultDrift;
    const noise = (this.random() * 2 - 1) * this.settings.noise;
    return Math.max(1e-8, Number((price * (1 + drift + noise)).toPrecision(8)));
  }

  /** The next asset to buy that `held` does not contain, in listing order after `offset`; null when none is left. */
  pick(held: ReadonlySet<string>, offset: number): string | null {
    const names = Object.keys(LISTED_ASSETS);
    for (let i = 0; i < names.length; i++) {
      const name = names[(offset + i) % names.length]!;
      if (!held.has(name)) return name;
    }
    return null;
  }
}
