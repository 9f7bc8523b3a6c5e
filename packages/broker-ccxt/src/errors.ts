import { cleanupError, isCleanupError, type CleanupError, type ErrorCode } from '@forced-cleanup/contract';
import { MalformedResponseError } from './response-guard.js';
import { redact } from './redact.js';

/*
 * The ccxt broker's edge: every failure leaves it as a CleanupError with a contract code and a message
 * that holds no credential. ccxt errors are recognised by class NAME along their prototype chain (the
 * ccxt module is loaded lazily, so there is no class to compare with `instanceof`), most specific first:
 * a RateLimitExceeded is also a NetworkError, and the first name found in the table wins.
 */

/** A contract code and whether repeating the call may succeed. */
interface Mapping {
  readonly code: ErrorCode;
  readonly retryable: boolean;
}

/** ccxt error class → contract code. Classes not listed fall through to their parent class. */
export const CCXT_ERROR_TABLE: Readonly<Record<string, Mapping>> = {
  PermissionDenied: { code: 'permission_denied', retryable: false },
  AccountNotEnabled: { code: 'permission_denied', retryable: false },
  AccountSuspended: { code: 'permission_denied', retryable: false },
  AuthenticationError: { code: 'auth_failed', retryable: false },
  // A rejected nonce or timestamp (Kraken nonce, Binance recvWindow): the key is used elsewhere with
  // larger nonces, or the clock is off. Repeating the call does not fix either.
  InvalidNonce: { code: 'auth_failed', retryable: false },
  RateLimitExceeded: { code: 'rate_limited', retryable: true },
  DDoSProtection: { code: 'rate_limited', retryable: true },
  RequestTimeout: { code: 'timeout', retryable: true },
  OnMaintenance: { code: 'exchange_unavailable', retryable: true },
  ExchangeNotAvailable: { code: 'exchange_unavailable', retryable: true },
  NetworkError: { code: 'network', retryable: true },
  NullResponse: { code: 'malformed_response', retryable: false },
  BadResponse: { code: 'malformed_response', retryable: false },
  CancelPending: { code: 'exchange_unavailable', retryable: true },
  // Binance answers an internal error (-1001, HTTP 5xx) with OperationFailed: a transient failure.
  OperationFailed: { code: 'exchange_unavailable', retryable: true },
  InsufficientFunds: { code: 'insufficient_funds', retryable: false },
  OrderNotFound: { code: 'order_not_found', retryable: false },
  OrderNotCached: { code: 'order_not_found', retryable: false },
  BadSymbol: { code: 'market_not_found', retryable: false },
  MarketClosed: { code: 'invalid_order', retryable: false },
  InvalidOrder: { code: 'invalid_order', retryable: false },
  NotSupported: { code: 'invalid_config', retryable: false },
  ArgumentsRequired: { code: 'invalid_config', retryable: false },
  BadRequest: { code: 'invalid_order', retryable: false },
  OperationRejected: { code: 'invalid_order', retryable: false },
  ExchangeError: { code: 'unknown', retryable: false },
};

/**
 * Exchange messages whose meaning ccxt's classes lose, checked before the class. ccxt reports Binance's
 * `-1013 Filter failure: NOTIONAL` as a BadRequest, Kraken's `EOrder:Cost minimum not met` as a plain
 * ExchangeError and `EOrder:Unknown order` as an InvalidOrder, and Binance's `-2015` (revoked key, or an
 * IP not on the key's list) as DDoSProtection once the key has worked before.
 */
export const MESSAGE_PATTERNS: ReadonlyArray<{ readonly pattern: RegExp; readonly mapping: Mapping }> = [
  {
    pattern: /Filter failure: (MIN_)?NOTIONAL|Filter failure: LOT_SIZE|Order minimum not met|Cost minimum not met|must be greater than minimum amount precision/i,
    mapping: { code: 'below_minimum', retryable: false },
  },
  { pattern: /"code":\s*-2015\b/, mapping: { code: 'auth_failed', retryable: false } },
  { pattern: /EOrder:Unknown order|Unknown order sent|Order does not exist/i, mapping: { code: 'order_not_found', retryable: false } },
  { pattern: /insufficient balance|EOrder:Insufficient funds/i, mapping: { code: 'insufficient_funds', retryable: false } },
];

/** The class names of `error`, most specific first (`RateLimitExceeded`, `NetworkError`, …, `Error`). */
export function classNamesOf(error: unknown): string[] {
  const names: string[] = [];
  let prototype: unknown = typeof error === 'object' && error !== null ? Object.getPrototypeOf(error) : null;
  while (prototype !== null && prototype !== Object.prototype) {
    const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '') names.push(name);
    prototype = Object.getPrototypeOf(prototype);
  }
  return names;
}

/** What the error mapping needs besides the error. */
export interface ErrorContext {
  /** The ccxt exchange id, e.g. `binance`. */
  readonly exchange: string;
  /** The contract call that failed, e.g. `fetchBalances`. */
  readonly operation: string;
  /** Every credential of the connection: none of them may appear in the message. */
  readonly secrets: readonly string[];
  /** The `Retry-After` of the failed response, in milliseconds, when it said. */
  readonly retryAfterMs?: number | undefined;
}

/**
 * Maps anything a ccxt call threw to a CleanupError. A CleanupError passes through; an AbortError is
 * `aborted`; a ccxt error is mapped by message pattern, then by class; a TypeError or SyntaxError raised
 * inside ccxt means it could not read the exchange's answer (`malformed_response`: for a sell, the
 * engine then looks the order up); anything else is `unknown`. The message is redacted in every case.
 */
export function toCleanupError(error: unknown, context: ErrorContext): CleanupError {
  if (isCleanupError(error)) return error as CleanupError;
  const raw = error instanceof Error ? error.message : String(error);
  const message = redact(raw, context.secrets);
  const where = `ccxt ${context.exchange} ${context.operation}`;
  if (error instanceof MalformedResponseError) return cleanupError('malformed_response', `${where}: ${message}`);
  const names = classNamesOf(error);
  if (names.includes('AbortError')) return cleanupError('aborted', `${where} aborted`);
  const matched = MESSAGE_PATTERNS.find(({ pattern }) => pattern.test(raw))?.mapping;
  const byClass = names.map((name) => CCXT_ERROR_TABLE[name]).find((mapping) => mapping !== undefined);
  const isCcxtError = names.includes('BaseError');
  if (!isCcxtError && (names.includes('TypeError') || names.includes('SyntaxError'))) {
    return cleanupError('malformed_response', `${where}: ccxt could not read the exchange's answer (${names[0]}: ${message})`);
  }
  const mapping = matched ?? (isCcxtError ? byClass : undefined) ?? { code: 'unknown' as const, retryable: false };
  const className = isCcxtError ? names[0] : (names[0] ?? 'error');
  const options: { retryable: boolean; retryAfterMs?: number } = { retryable: mapping.retryable };
  if (mapping.code === 'rate_limited' && context.retryAfterMs !== undefined) options.retryAfterMs = context.retryAfterMs;
  return cleanupError(mapping.code, `${where} failed (${className}): ${message}`, options);
}

/**
 * The `Retry-After` header of a response as milliseconds: delta-seconds or an HTTP date. Undefined when
 * absent or unreadable. `nowMs` is the clock an HTTP date is measured against.
 */
export function retryAfterMsOf(headers: unknown, nowMs: number): number | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers as Record<string, unknown>).find(([name]) => name.toLowerCase() === 'retry-after');
  const value = entry?.[1];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}
