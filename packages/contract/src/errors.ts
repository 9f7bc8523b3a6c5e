import { z } from 'zod';

/**
 * Every error a broker or the engine reports, by code. Brokers map their exchange's errors into these
 * at their edge (each broker's `errors.ts` table); callers check the code, never `instanceof`.
 */
export const ERROR_CODES = [
  /** Credentials rejected (bad key, bad signature, expired key). */
  'auth_failed',
  /** The key is valid but lacks a permission (e.g. trade). */
  'permission_denied',
  /** The exchange asked us to slow down (HTTP 429, Binance -1003, Kraken EAPI:Rate limit). */
  'rate_limited',
  /** Connection refused or reset, DNS failure. */
  'network',
  /** No answer in time. For an order-placing call the outcome is unknown: look the order up. */
  'timeout',
  /** The exchange is down or answered 5xx. */
  'exchange_unavailable',
  /** Not enough free balance (funds held by an open order are not free). */
  'insufficient_funds',
  /** The order is below the market's minimum quantity or notional: the position is stuck. */
  'below_minimum',
  /** The exchange rejected the order for another reason (bad step, bad symbol format). */
  'invalid_order',
  /** No such order (already filled or cancelled, or never placed). */
  'order_not_found',
  /** No such market. */
  'market_not_found',
  /** The exchange's answer did not match its schema: nothing is traded on the strength of it. */
  'malformed_response',
  /** A configuration value is wrong. */
  'invalid_config',
  /** The caller aborted the operation. */
  'aborted',
  /** Another cleanup holds the lock on these accounts' state directory. */
  'lock_held',
  /** The plan would sell more than `maxSellUsdPerRun` (the liquidation guard); refused unless forced. */
  'sell_limit_exceeded',
  /** Anything else. */
  'unknown',
] as const;

/** An error code; see {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes whose operations may be retried (for reads and cancels; never blindly for order placement). */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate_limited',
  'network',
  'timeout',
  'exchange_unavailable',
]);

/** The serialisable form of an error: what reports, events and journals carry. Never holds a secret. */
export const ErrorDataSchema = z.strictObject({
  /** What went wrong, by code. */
  code: z.enum(ERROR_CODES),
  /** A human-readable message. Plugins must never put a credential in it. */
  message: z.string(),
  /** Whether repeating the same (read or cancel) call may succeed. */
  retryable: z.boolean(),
  /** How long the exchange asked us to wait (from `Retry-After`), when it said. */
  retryAfterMs: z.number().nonnegative().optional(),
});
/** The serialisable form of an error. */
export type ErrorData = z.infer<typeof ErrorDataSchema>;

/**
 * The error every broker and the engine throws: an `Error` (for stack traces) that is also plain data.
 * `JSON.stringify` gives {@link ErrorData} and nothing else: no request, no headers, no cause.
 */
export class CleanupError extends Error implements ErrorData {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'CleanupError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** The serialisable form. */
  toJSON(): ErrorData {
    return toErrorData(this);
  }
}

/** Creates a {@link CleanupError}; `retryable` defaults from {@link RETRYABLE_CODES}. */
export function cleanupError(
  code: ErrorCode,
  message: string,
  options: { retryable?: boolean; retryAfterMs?: number } = {},
): CleanupError {
  return new CleanupError(code, message, options);
}

/** True when `value` carries a known error code and a retryable flag (checked by shape, not class). */
export function isCleanupError(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; retryable?: unknown };
  return (
    typeof candidate.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.retryable === 'boolean'
  );
}

/**
 * The serialisable form of anything thrown. A value that is not a {@link CleanupError} becomes `unknown`
 * with its message only: a raw library error may carry request headers, so nothing else of it is kept.
 */
export function toErrorData(value: unknown): ErrorData {
  if (isCleanupError(value)) {
    const data: ErrorData = { code: value.code, message: String(value.message), retryable: value.retryable };
    if (typeof value.retryAfterMs === 'number') data.retryAfterMs = value.retryAfterMs;
    return data;
  }
  if (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError') {
    return { code: 'aborted', message: 'aborted', retryable: false };
  }
  const message = value instanceof Error ? value.message : String(value);
  return { code: 'unknown', message, retryable: false };
}
