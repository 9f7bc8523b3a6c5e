import { cleanupError, type CleanupError, type ErrorCode } from '@forced-cleanup/contract';
import { ErrorBodySchema } from './acme-wire.js';
import type { WireResponse } from './transport.js';

/*
 * Acme's edge: every answer that is not a success becomes a CleanupError with a contract code, built from
 * the status and the exchange's machine code only — never from the body's text, which may echo the key.
 * TODO: Acme's error codes. The engine acts on these codes: it backs off on `rate_limited`, looks an order
 * up after `timeout`/`network`, marks a position stuck on `below_minimum`.
 */

/** Acme's machine codes → contract codes (retryable follows the contract's defaults). */
export const ERROR_TABLE: Readonly<Record<string, ErrorCode>> = {
  below_minimum: 'below_minimum',
  insufficient_funds: 'insufficient_funds',
  invalid_quantity: 'invalid_order',
  no_price: 'invalid_order',
  duplicate_client_order_id: 'invalid_order',
  unknown_market: 'market_not_found',
  order_not_found: 'order_not_found',
  unauthorized: 'auth_failed',
  forbidden: 'permission_denied',
  rate_limited: 'rate_limited',
};

function machineCode(response: WireResponse): string | null {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(response.body));
    return parsed.success ? parsed.data.code : null;
  } catch {
    return null;
  }
}

/** The error of a failed answer to `operation`. */
export function exchangeError(response: WireResponse, operation: string): CleanupError {
  const { status } = response;
  if (status === 401) return cleanupError('auth_failed', `acme rejected the credentials (HTTP 401) during ${operation}`);
  if (status === 429) {
    const seconds = Number(response.headers['retry-after']);
    const wait = Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: seconds * 1000 } : {};
    return cleanupError('rate_limited', `acme rate limit reached (HTTP 429) during ${operation}`, wait);
  }
  if (status >= 500) return cleanupError('exchange_unavailable', `acme unavailable (HTTP ${status}) during ${operation}`);
  const code = machineCode(response);
  const mapped = code === null ? undefined : ERROR_TABLE[code];
  if (mapped !== undefined) return cleanupError(mapped, `acme refused ${operation}: ${code} (HTTP ${status})`);
  return cleanupError('unknown', `acme answered HTTP ${status} (${code ?? 'no error code'}) to ${operation}`);
}

/** A success answer that is not the documented shape. */
export function malformedError(operation: string, detail: string): CleanupError {
  return cleanupError('malformed_response', `acme answered ${operation} with a malformed body: ${detail}`);
}
