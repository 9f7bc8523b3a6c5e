import type { RateLimitRejection } from './protocol.js';

/** A request budget: a token bucket refilled at `requestsPerSecond`, holding at most `burst` tokens. */
export interface RateLimitSettings {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

/**
 * Each exchange's documented budget for one private key, for callers who want the sim to be as strict as the
 * real exchange (`rateLimit: DEFAULT_RATE_LIMITS.kraken`). The sim applies no limit unless asked.
 * Coinbase Advanced Trade: 30 requests/s per key for private endpoints. Kraken: a counter of 15 that decays
 * 0.33/s (starter tier). Binance: 6000 weight/minute per IP, i.e. about 100 light requests/s.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<'coinbase' | 'kraken' | 'binance', RateLimitSettings>> = {
  coinbase: { requestsPerSecond: 30, burst: 30 },
  kraken: { requestsPerSecond: 0.33, burst: 15 },
  binance: { requestsPerSecond: 100, burst: 100 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
  violations: number;
}

/** One token bucket per API key (unsigned requests share one bucket per client address). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number,
  ) {}

  /** Takes a token for `key`; null when allowed, else how long to wait and how often the key ignored that. */
  take(key: string): RateLimitRejection | null {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.settings.burst, updatedAt: now, violations: 0 };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.settings.burst, bucket.tokens + elapsedSeconds * this.settings.requestsPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.violations = 0;
      return null;
    }
    bucket.violations += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.settings.requestsPerSecond));
    return { retryAfterSeconds, violations: bucket.violations };
  }
}
