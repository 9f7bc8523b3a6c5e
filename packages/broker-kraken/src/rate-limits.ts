import type { BrokerCapabilities, RateLimit } from '@forced-cleanup/contract';

/**
 * Kraken's documented REST limits. Private calls raise a per-key counter (by 1; ledger and trade history
 * by 2) that decays at a rate set by the account's verification tier, and a call that would push it past
 * the tier's maximum is refused with `EAPI:Rate limit exceeded`. Expressed as a token bucket: the maximum is
 * the burst, the decay the sustained rate. (AddOrder and CancelOrder are metered by a separate per-pair
 * trading limiter; public calls by IP, about one a second — the bucket covers them conservatively.)
 */

/** Kraken's verification tiers. */
export const KRAKEN_TIERS = ['starter', 'intermediate', 'pro'] as const;
/** A Kraken verification tier. */
export type KrakenTier = (typeof KRAKEN_TIERS)[number];

/** The per-key REST budget of each tier: counter maximum 15/20/20, decay 0.33/0.5/1 per second. */
export const KRAKEN_RATE_LIMITS: Readonly<Record<KrakenTier, RateLimit>> = Object.freeze({
  starter: Object.freeze({ requestsPerSecond: 0.33, burst: 15 }),
  intermediate: Object.freeze({ requestsPerSecond: 0.5, burst: 20 }),
  pro: Object.freeze({ requestsPerSecond: 1, burst: 20 }),
});

/**
 * What the Kraken broker can do: no dust conversion (Kraken has no such API), lookups by client order id
 * (`cl_ord_id` filters on OpenOrders and ClosedOrders), and free balances straight from `BalanceEx`.
 */
export const KRAKEN_CAPABILITIES: BrokerCapabilities = Object.freeze({
  dustConversion: false,
  lookupByClientOrderId: true,
  nativeFreeBalance: true,
});
