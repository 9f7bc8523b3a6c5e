import { cleanupError, type CleanupError, type ErrorCode } from '@forced-cleanup/contract';
import type { FakeResponse } from './fake-exchange-api.js';
import { ErrorBodySchema } from './fake-wire.js';

/*
 * The fake broker's edge (like every broker's errors.ts): each exchange answer that is not a success
 * becomes a CleanupError with a contract code. The message is built from the status and the exchange's
 * machine code only — never from the body's text, which echoes the API key.
 */

/** The exchange's machine codes → contract codes. The retryable flag follows the contract's defaults. */
const CODE_TABLE: Readonly<Record<string, ErrorCode>> = {
  below_minimum: 'below_minimum',
  insufficient_funds: 'insufficient_funds',
  invalid_quantity: 'invalid_order',
  no_price: 'invalid_order',
  duplicate_client_order_id: 'invalid_order',
  unknown_market: 'market_not_found',
  order_not_found: 'order_not_found',
  unauthorized: 'auth_failed',
  rate_limited: 'rate_limited',
};

/** `Retry-After` in seconds → milliseconds, when the exchange sent a usable one. */
function retryAfterMs(response: FakeResponse): number | undefined {
  const seconds = Number(response.headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The exchange's machine code, when the body is an error body; null for anything else (an HTML page). */
function machineCode(response: FakeResponse): string | null {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(response.body));
    return parsed.success ? parsed.data.code : null;
  } catch {
    return null;
  }
}

/** The error of a failed answer to `operation` (e.g. `placeMarketSell BTC-USD`). */
export function fakeExchangeError(response: FakeResponse, operation: string): CleanupError {
  const { status } = response;
  if (status === 401) return cleanupError('auth_failed', `fake exchange rejected the credentials (HTTP 401) during ${operation}`, { retryable: false });
  if (status === 429) {
    const wait = retryAfterMs(response);
    return cleanupError('rate_limited', `fake exchange rate limit reached (HTTP 429) during ${operation}`, wait === undefined ? {} : { retryAfterMs: wait });
  }
  if (status >= 500) return cleanupError('exchange_unavailable', `fake exchange unavailable (HTTP ${status}) during ${operation}`);
  const code = machineCode(response);
  const mapped = code === null ? undefined : CODE_TABLE[code];
  if (mapped !== undefined) return cleanupError(mapped, `fake exchange refused ${operation}: ${code} (HTTP ${status})`);
  return cleanupError('unknown', `fake exchange answered HTTP ${status} (${code ?? 'no error code'}) to ${operation}`);
}

/** A success answer that is not the documented shape. */
export function fakeMalformedError(operation: string, detail: string): CleanupError {
  return cleanupError('malformed_response', `fake exchange answered ${operation} with a malformed body: ${detail}`);
}
