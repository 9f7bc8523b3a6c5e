import { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';
import type { HarnessFactory } from './harness.js';
import { DEFAULT_PAGINATION_SIZE, type PaginationSize } from './standard-scenarios.js';

/**
 * The groups of conformance cases; each may be skipped as a whole, with a reason. The names never
 * change: broker test files refer to them.
 */
export const CONFORMANCE_GROUPS = [
  /** `capabilities` and `rateLimit` are well-formed. */
  'declarations',
  /** Balances: every non-zero asset, total and free (held funds excluded). */
  'balances',
  /** Market rules of every market a holding trades on. */
  'markets',
  /** USD prices of the holdings' markets. */
  'prices',
  /** A market without a usable price is priced null, never guessed. */
  'unpricedMarket',
  /** Open orders of every market, buys and sells. */
  'openOrders',
  /** Balances, open orders and prices of an account larger than a page. */
  'pagination',
  /** Reads issue no order-placing or cancelling request (needs `control.requests`). */
  'requestLog',
  /** Cancelling an order, and `order_not_found` for one that is gone or never existed. */
  'cancel',
  /** A market sell with a client order id. */
  'marketSell',
  /** Looking an order up by client order id; null for an unknown one. */
  'lookup',
  /** A sell below the market's minimums is `below_minimum` and sells nothing. */
  'belowMinimum',
  /** A sell of funds held by an open order is `insufficient_funds` and sells nothing. */
  'insufficientFunds',
  /** `convertDust`, for a broker that declares `dustConversion`. */
  'dustConversion',
  /** A rate limit is `rate_limited`, retryable (needs `control.faults`). */
  'rateLimit',
  /** A 5xx is `exchange_unavailable`, retryable (needs `control.faults`). */
  'serverError',
  /** Rejected credentials are `auth_failed`, not retryable (needs `control.faults`). */
  'badCredentials',
  /** A malformed answer is `malformed_response` (needs `control.faults`). */
  'malformedResponse',
  /** No credential in any error (needs `control.secrets`). */
  'secrets',
  /** Every async method rejects an already-aborted signal with `aborted`, changing nothing. */
  'abort',
] as const;

/** A group of conformance cases; see {@link CONFORMANCE_GROUPS}. */
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];

/** Groups to skip, each with the reason it cannot run for this broker (shown in the skipped test's title). */
export type SkipReasons = { readonly [G in ConformanceGroup]?: string };

/**
 * Rejects at compile time a reason that is an empty string literal, and a key that is not a group (a
 * misspelt group must not silently run the cases it meant to skip). Reasons held in `string` variables
 * cannot be checked here; the runtime validation catches those.
 */
export type CheckedSkipReasons<S> = { readonly [K in keyof S]: K extends ConformanceGroup ? (S[K] extends '' ? never : S[K]) : never };

/** How a broker's test file calls the suite. */
export interface ConformanceOptions<S extends SkipReasons = SkipReasons> {
  /** The broker's name, shown in the suite's title: `broker conformance: <name>`. */
  readonly name: string;
  /** Stands up the broker over an exchange holding a scenario; called once per case. */
  readonly create: HarnessFactory;
  /** Groups this broker cannot pass yet, each with its reason. */
  readonly skip?: S & CheckedSkipReasons<S>;
  /** Size of the pagination scenario: larger than the exchange's largest page. Default 260 holdings, 60 orders. */
  readonly pagination?: PaginationSize;
  /** An order id the exchange never issued, in its id format. Default `'9999999999'`. */
  readonly unknownOrderId?: string;
  /** Time limit of each case, ms (vitest's per-test timeout). Default 30 000. */
  readonly caseTimeoutMs?: number;
}

/** The options after validation, defaults applied. */
export interface ResolvedConformanceOptions {
  readonly name: string;
  readonly create: HarnessFactory;
  readonly skip: SkipReasons;
  readonly pagination: PaginationSize;
  readonly unknownOrderId: string;
  readonly caseTimeoutMs: number;
}

const reason = z
  .string({ error: 'a skip needs a reason: a non-empty string saying why the broker cannot pass this group yet' })
  .trim()
  .min(1, { error: 'a skip needs a reason: a non-empty string saying why the broker cannot pass this group yet' });

const skipShape = Object.fromEntries(CONFORMANCE_GROUPS.map((group) => [group, reason.optional()])) as Record<ConformanceGroup, z.ZodOptional<typeof reason>>;

const OptionsSchema = z.strictObject({
  name: z.string().trim().min(1),
  create: z.custom<HarnessFactory>((value) => typeof value === 'function', { error: 'expected a function (scenario) => Promise<BrokerHarness>' }),
  skip: z.strictObject(skipShape).default({}),
  pagination: z
    .strictObject({ holdings: z.number().int().min(1).max(5_000), openOrders: z.number().int().min(0).max(5_000) })
    .default({ ...DEFAULT_PAGINATION_SIZE }),
  unknownOrderId: z.string().min(1).default('9999999999'),
  caseTimeoutMs: z.number().int().positive().default(30_000),
});

/**
 * Validates the options a broker's test file passes. A bad option (an unknown group in `skip`, an empty
 * reason, a reason that is not a string) throws `invalid_config` naming it, so that the test file fails to
 * load rather than run a different suite than it says.
 */
export function resolveConformanceOptions(options: ConformanceOptions<SkipReasons>): ResolvedConformanceOptions {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.join('.') || '(options)';
      return issue.code === 'unrecognized_keys' ? `${where}: unknown ${issue.keys.join(', ')} (groups: ${CONFORMANCE_GROUPS.join(', ')})` : `${where}: ${issue.message}`;
    });
    throw cleanupError('invalid_config', `describeBrokerConformance: ${problems.join('; ')}`);
  }
  return parsed.data;
}
