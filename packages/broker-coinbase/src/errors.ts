import { z } from 'zod';
import { cleanupError, isCleanupError, type CleanupError, type ErrorCode } from '@forced-cleanup/contract';
import { axiosErrorFacts, isAxiosLike, stripAxiosError } from './axios-error.js';
import type { Redactor } from './redactor.js';

/*
 * The Coinbase edge: every failure leaves the plugin as a CleanupError with a contract code, built afresh
 * (never wrapping the library's error, which carries the request). Three sources, three tables: transport
 * errors (no answer), HTTP statuses, and the reason strings of an order Coinbase refused with HTTP 200 and
 * `success: false`.
 */

/** The BrokerConnection calls (and connect), named in messages. */
export type CoinbaseOperation =
  | 'connect'
  | 'fetchBalances'
  | 'fetchMarkets'
  | 'fetchPrices'
  | 'fetchOpenOrders'
  | 'cancelOrder'
  | 'placeMarketSell'
  | 'lookupOrder';

/** Transport error codes (no HTTP answer) → contract codes. Anything else without an answer is `network`. */
const TRANSPORT_CODES: Readonly<Record<string, ErrorCode>> = {
  ERR_CANCELED: 'aborted',
  ECONNABORTED: 'timeout',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ECONNREFUSED: 'network',
  ECONNRESET: 'network',
  EPIPE: 'network',
  ENOTFOUND: 'network',
  EAI_AGAIN: 'network',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
  ERR_NETWORK: 'network',
};

/** Error names Coinbase puts in an error body (`{error, message, error_details}`) → contract codes. */
const BODY_ERRORS: Readonly<Record<string, ErrorCode>> = {
  UNAUTHENTICATED: 'auth_failed',
  PERMISSION_DENIED: 'permission_denied',
  RATE_LIMIT_EXCEEDED: 'rate_limited',
  INSUFFICIENT_FUND: 'insufficient_funds',
};

/**
 * Why Coinbase refused to create an order (HTTP 200, `success: false`): its `preview_failure_reason`,
 * `new_order_failure_reason`, `error` or `failure_reason` → contract codes. `UNKNOWN_FAILURE_REASON` is
 * deliberately absent: it says nothing, and the other fields or the message decide.
 */
export const ORDER_FAILURES: Readonly<Record<string, ErrorCode>> = {
  INSUFFICIENT_FUND: 'insufficient_funds',
  INSUFFICIENT_FUNDS: 'insufficient_funds',
  PREVIEW_INSUFFICIENT_FUND: 'insufficient_funds',
  PREVIEW_INVALID_BASE_SIZE_TOO_SMALL: 'below_minimum',
  PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL: 'below_minimum',
  INVALID_BASE_SIZE_TOO_SMALL: 'below_minimum',
  INVALID_QUOTE_SIZE_TOO_SMALL: 'below_minimum',
  INVALID_SIZE_PRECISION: 'invalid_order',
  PREVIEW_INVALID_SIZE_PRECISION: 'invalid_order',
  PREVIEW_INVALID_BASE_SIZE_TOO_LARGE: 'invalid_order',
  INVALID_PRODUCT_ID: 'market_not_found',
  PREVIEW_INVALID_PRODUCT_ID: 'market_not_found',
  INVALID_NO_LIQUIDITY: 'invalid_order',
  PREVIEW_INVALID_NO_LIQUIDITY: 'invalid_order',
  UNSUPPORTED_ORDER_CONFIGURATION: 'invalid_order',
  PREVIEW_UNSUPPORTED_ORDER_CONFIGURATION: 'invalid_order',
  INVALID_SIDE: 'invalid_order',
  ORDER_ENTRY_DISABLED: 'exchange_unavailable',
  PERMISSION_DENIED: 'permission_denied',
  UNAUTHENTICATED: 'auth_failed',
};

/** Message fallbacks for reasons the table does not know. */
const ORDER_MESSAGES: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/too small|below (the )?min/i, 'below_minimum'],
  [/insufficient/i, 'insufficient_funds'],
];

/** Why Coinbase refused to cancel one order (`batch_cancel` results) → contract codes; `null` = it is done. */
export const CANCEL_FAILURES: Readonly<Record<string, ErrorCode | null>> = {
  UNKNOWN_CANCEL_ORDER: 'order_not_found',
  ORDER_IS_FULLY_FILLED: 'order_not_found',
  // A cancel of this order is already under way: the order is going, which is what was asked.
  DUPLICATE_CANCEL_REQUEST: null,
  INVALID_CANCEL_REQUEST: 'invalid_order',
  COMMANDER_REJECTED_CANCEL_ORDER: 'invalid_order',
  NOT_ALLOWED_TO_CANCEL: 'permission_denied',
};

const ErrorBodySchema = z.looseObject({ error: z.string().optional(), message: z.string().optional(), error_details: z.string().optional() });

/** What to check, for the answers a person can fix. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  auth_failed: ' (Coinbase rejected the CDP key: check its name and private key, that it is not revoked, and the local clock)',
  permission_denied: ' (the CDP key lacks a permission: it needs View and Trade)',
};

function httpStatusCode(status: number, operation: CoinbaseOperation): ErrorCode {
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'permission_denied';
  if (status === 404) return operation === 'cancelOrder' ? 'order_not_found' : 'unknown';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'exchange_unavailable';
  if ((status === 400 || status === 422) && operation === 'placeMarketSell') return 'invalid_order';
  return 'unknown';
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The short human text of an error body: Coinbase's error name and message, redacted and bounded. */
function describeBody(data: unknown, redact: Redactor): string {
  const body = ErrorBodySchema.safeParse(data);
  if (!body.success) return '';
  const parts = [body.data.error, body.data.message ?? body.data.error_details].filter((part): part is string => typeof part === 'string' && part.length > 0);
  return parts.length === 0 ? '' : `: ${redact(parts.join(' — ')).slice(0, 300)}`;
}

function fromAxios(error: Parameters<typeof axiosErrorFacts>[0], operation: CoinbaseOperation, redact: Redactor): CleanupError {
  const { code, response } = axiosErrorFacts(error);
  if (!response) {
    const mapped = (code !== undefined ? TRANSPORT_CODES[code] : undefined) ?? 'network';
    if (mapped === 'aborted') return cleanupError('aborted', `Coinbase ${operation}: aborted`, { retryable: false });
    const unclear = operation === 'placeMarketSell' ? ' (the order may or may not have been placed: look it up)' : '';
    return cleanupError(mapped, `Coinbase ${operation}: ${mapped === 'timeout' ? 'no answer in time' : 'connection failed'} (${code ?? 'no code'})${unclear}`);
  }
  const body = ErrorBodySchema.safeParse(response.data);
  const bodyCode = body.success && body.data.error !== undefined ? BODY_ERRORS[body.data.error] : undefined;
  const mapped = bodyCode ?? httpStatusCode(response.status, operation);
  const options: { retryable?: boolean; retryAfterMs?: number } = {};
  const wait = retryAfterMs(response.headers['retry-after']);
  if (wait !== undefined) options.retryAfterMs = wait;
  const hint = HINTS[mapped] ?? '';
  return cleanupError(mapped, `Coinbase ${operation}: HTTP ${response.status}${describeBody(response.data, redact)}${hint}`, options);
}

/** A malformed answer: nothing is traded on it. `detail` names the place, never a value. */
export function malformed(operation: CoinbaseOperation, detail: string): CleanupError {
  return cleanupError('malformed_response', `Coinbase ${operation}: malformed answer (${detail})`, { retryable: false });
}

/** Describes a zod failure by path and message only (zod messages hold no values). */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}

/**
 * Maps anything a call threw to a CleanupError: a request's own error (axios, or an interceptor's
 * CleanupError: aborted while paced, a foreign host), or an answer that does not validate.
 */
export function toCoinbaseError(error: unknown, operation: CoinbaseOperation, redact: Redactor): CleanupError {
  if (isCleanupError(error)) return error as CleanupError;
  stripAxiosError(error);
  if (isAxiosLike(error)) return fromAxios(error, operation, redact);
  if (error instanceof z.ZodError) return malformed(operation, describeZodError(error));
  // A field of an answer read without a schema (defensive: every answer is validated first).
  if (error instanceof TypeError) return malformed(operation, 'the answer lacks what the plugin reads from it');
  return cleanupError('unknown', `Coinbase ${operation}: unexpected failure`, { retryable: false });
}

/** The fields of a refused create-order answer that say why. */
export interface OrderRefusal {
  readonly failureReason?: string | undefined;
  readonly error?: string | undefined;
  readonly message?: string | undefined;
  readonly details?: string | undefined;
  readonly previewFailureReason?: string | undefined;
  readonly newOrderFailureReason?: string | undefined;
}

/** The error of an order Coinbase refused with `success: false`. Never retryable: the same order fails the same way. */
export function orderRefusalError(refusal: OrderRefusal, redact: Redactor): CleanupError {
  const reasons = [refusal.previewFailureReason, refusal.newOrderFailureReason, refusal.error, refusal.failureReason].filter(
    (reason): reason is string => typeof reason === 'string' && reason.length > 0,
  );
  const text = [refusal.message, refusal.details].filter((part): part is string => typeof part === 'string' && part.length > 0).join(' — ');
  const fromTable = reasons.map((reason) => ORDER_FAILURES[reason]).find((code): code is ErrorCode => code !== undefined);
  const fromText = ORDER_MESSAGES.find(([pattern]) => pattern.test(text))?.[1];
  const code = fromTable ?? fromText ?? 'invalid_order';
  const why = redact([...new Set(reasons)].join(', ') + (text ? ` — ${text}` : '')).slice(0, 400);
  return cleanupError(code, `Coinbase refused the order: ${why || 'no reason given'}`, { retryable: false });
}

/** The error of a refused cancel, or null when the refusal means the order is going anyway. */
export function cancelRefusalError(orderId: string, reason: string | undefined, redact: Redactor): CleanupError | null {
  const known = reason !== undefined && reason in CANCEL_FAILURES;
  const code = known ? CANCEL_FAILURES[reason] : 'invalid_order';
  if (code === null) return null;
  return cleanupError(code ?? 'invalid_order', `Coinbase refused to cancel order ${redact(orderId)}: ${redact(reason ?? 'no reason given')}`, { retryable: false });
}
