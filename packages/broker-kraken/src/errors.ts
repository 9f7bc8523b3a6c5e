import { cleanupError, isCleanupError, type CleanupError, type ErrorCode } from '@forced-cleanup/contract';

/*
 * The Kraken broker's edge: every failure leaves it as a CleanupError with a contract code, built from the
 * error's kind and Kraken's error string only. The raw error is never passed on: kraken-api's errors come
 * from got, whose `options.headers` carry the API-Key and API-Sign headers and whose `options.body` carries
 * the signed form.
 */

/** How one Kraken error string maps to a contract code. */
interface KrakenErrorRule {
  /** Start of the error string as kraken-api reports it (Kraken's leading `E` stripped). */
  readonly prefix: string;
  readonly code: ErrorCode;
  /** Overrides the contract's default retryability of `code`. */
  readonly retryable?: boolean;
  /** Added to the message: what the user can do about it. */
  readonly hint?: string;
}

const NONCE_HINT =
  'another client sent a larger nonce on this key: a key shared with a ccxt-based bot needs the same nonce scale on both sides (nonce: milliseconds here) or, better, a key of its own';

/**
 * Kraken's error strings (docs.kraken.com "REST API errors"), most specific first. Order errors that mean
 * "this order can never pass" are not retryable; the service ones are.
 */
export const KRAKEN_ERROR_TABLE: readonly KrakenErrorRule[] = [
  { prefix: 'API:Invalid key', code: 'auth_failed' },
  { prefix: 'API:Invalid signature', code: 'auth_failed' },
  { prefix: 'API:Invalid nonce', code: 'auth_failed', hint: NONCE_HINT },
  { prefix: 'API:Feature disabled', code: 'permission_denied' },
  { prefix: 'API:Rate limit exceeded', code: 'rate_limited' },
  { prefix: 'API:Bad request', code: 'invalid_order' },
  { prefix: 'Auth:Account temporary disabled', code: 'auth_failed' },
  { prefix: 'Auth:Account unconfirmed', code: 'permission_denied' },
  { prefix: 'Auth:Rate limit exceeded', code: 'rate_limited' },
  { prefix: 'Auth:Too many requests', code: 'rate_limited' },
  { prefix: 'General:Permission denied', code: 'permission_denied', hint: 'the key needs the Query Funds, Query Open Orders & Trades, Query Closed Orders & Trades, Create & Modify Orders and Cancel & Close Orders permissions' },
  { prefix: 'General:Temporary lockout', code: 'rate_limited' },
  { prefix: 'General:Too many requests', code: 'rate_limited' },
  { prefix: 'General:Internal error', code: 'exchange_unavailable' },
  { prefix: 'General:Invalid arguments', code: 'invalid_order' },
  { prefix: 'General:Unknown method', code: 'unknown', hint: 'check baseUrl: it must be the origin of a Kraken-compatible API' },
  { prefix: 'Order:Rate limit exceeded', code: 'rate_limited' },
  { prefix: 'Order:Insufficient funds', code: 'insufficient_funds' },
  { prefix: 'Order:Order minimum not met', code: 'below_minimum' },
  { prefix: 'Order:Cost minimum not met', code: 'below_minimum' },
  { prefix: 'Order:Unknown order', code: 'order_not_found' },
  { prefix: 'Order:Invalid order', code: 'order_not_found' },
  { prefix: 'Order:Orders limit exceeded', code: 'invalid_order' },
  { prefix: 'Order:Positions limit exceeded', code: 'invalid_order' },
  { prefix: 'Order:Tick size check failed', code: 'invalid_order' },
  { prefix: 'Order:Trading agreement required', code: 'permission_denied' },
  { prefix: 'Query:Unknown asset pair', code: 'market_not_found' },
  { prefix: 'Query:Unknown asset', code: 'market_not_found' },
  { prefix: 'Service:Unavailable', code: 'exchange_unavailable' },
  { prefix: 'Service:Busy', code: 'exchange_unavailable' },
  { prefix: 'Service:Deadline elapsed', code: 'exchange_unavailable' },
  { prefix: 'Service:Market in cancel_only mode', code: 'invalid_order', retryable: false },
  { prefix: 'Service:Market in post_only mode', code: 'invalid_order', retryable: false },
  { prefix: 'Service:Market in limit_only mode', code: 'invalid_order', retryable: false },
];

/** The rule for one error string (with or without Kraken's leading `E`), or null for an unknown one. */
export function krakenErrorRule(message: string): KrakenErrorRule | null {
  const text = message.trim();
  for (const candidate of [text, /^E[A-Z]/.test(text) ? text.slice(1) : null]) {
    if (candidate === null) continue;
    const rule = KRAKEN_ERROR_TABLE.find((entry) => candidate.startsWith(entry.prefix));
    if (rule) return rule;
  }
  return null;
}

/** System error codes of a failed connection: the request may or may not have reached Kraken. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The parts of a got error this edge reads; everything else of it (headers, body) is left behind. */
interface GotLikeError {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly response?: { readonly statusCode?: unknown; readonly headers?: Record<string, unknown>; readonly body?: unknown };
}

/** What a mapped error is about: the call, and the secrets no message may contain. */
export interface ErrorScope {
  /** Kraken's method name, e.g. `BalanceEx`. */
  readonly call: string;
  /** The connection's credentials (API key and secret). */
  readonly secrets: readonly string[];
}

function build(code: ErrorCode, message: string, scope: ErrorScope, options: { retryable?: boolean; retryAfterMs?: number } = {}): CleanupError {
  return cleanupError(code, redactSecrets(`Kraken ${scope.call}: ${message}`, scope.secrets), options);
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), when the response had a usable one. */
function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  const value = headers?.['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Kraken's error strings in an HTTP error's body, when it has the `{error: [...]}` shape. */
function bodyErrors(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return Array.isArray(parsed.error) ? parsed.error.filter((entry): entry is string => typeof entry === 'string').slice(0, 3) : [];
  } catch {
    return [];
  }
}

function httpError(error: GotLikeError, scope: ErrorScope): CleanupError {
  const status = typeof error.response?.statusCode === 'number' ? error.response.statusCode : 0;
  const said = bodyErrors(error.response?.body);
  const detail = `HTTP ${status}${said.length > 0 ? ` (${said.join(', ')})` : ''}`;
  const wait = retryAfterMs(error.response?.headers);
  const withWait = wait === undefined ? {} : { retryAfterMs: wait };
  if (status === 429) return build('rate_limited', detail, scope, withWait);
  if (status >= 500) return build('exchange_unavailable', detail, scope, withWait);
  if (status === 401) return build('auth_failed', detail, scope);
  if (status === 403) return build('permission_denied', `${detail}: refused (a key without the permission, or an address Kraken blocks)`, scope);
  if (status === 404) return build('unknown', `${detail}: no such endpoint: check baseUrl`, scope);
  const rule = said.map(krakenErrorRule).find((candidate) => candidate !== null);
  return rule ? fromRule(rule, detail, scope) : build('unknown', detail, scope);
}

function fromRule(rule: KrakenErrorRule, said: string, scope: ErrorScope): CleanupError {
  const options = rule.retryable === undefined ? {} : { retryable: rule.retryable };
  return build(rule.code, rule.hint ? `${said} — ${rule.hint}` : said, scope, options);
}

/**
 * Maps anything kraken-api (or got under it) threw into a CleanupError. A CleanupError passes through; a
 * Kraken error string goes through {@link KRAKEN_ERROR_TABLE}; transport failures by their kind. The
 * message holds the call, the kind and Kraken's own words only — never a header, a body or a credential.
 */
export function mapKrakenError(error: unknown, scope: ErrorScope): CleanupError {
  if (isCleanupError(error)) return error as CleanupError;
  const raw = (typeof error === 'object' && error !== null ? error : {}) as GotLikeError;
  const name = typeof raw.name === 'string' ? raw.name : '';
  const code = typeof raw.code === 'string' ? raw.code : '';
  const message = typeof raw.message === 'string' ? raw.message : String(error);
  if (name === 'HTTPError') return httpError(raw, scope);
  if (name === 'TimeoutError') return build('timeout', 'no answer in time (the outcome is unknown)', scope);
  if (name === 'CancelError' || name === 'AbortError') return build('aborted', 'aborted', scope);
  if (error instanceof SyntaxError || name === 'ParseError') return build('malformed_response', 'the answer is not JSON', scope);
  // kraken-api reads `response.error` of whatever JSON it parsed: `null` or a bare value throws a TypeError.
  if (name === 'TypeError') return build('malformed_response', 'the answer is not a Kraken reply', scope);
  if (name === 'UnsupportedProtocolError') return build('invalid_config', 'baseUrl has an unsupported protocol', scope);
  if (name === 'RequestError' || name === 'ReadError' || NETWORK_CODES.has(code)) {
    return build('network', `connection failed${code !== '' ? ` (${code})` : ''}`, scope);
  }
  if (message === 'Kraken API returned an unknown error') return build('unknown', 'Kraken answered with an error it did not name', scope);
  const rule = message.split(', ').map(krakenErrorRule).find((candidate) => candidate !== null);
  if (rule) return fromRule(rule, message, scope);
  // An error string Kraken added after this table: keep Kraken's words (they never hold a credential).
  const krakenWords = /^[A-Z][A-Za-z]+:[^\n]{1,200}$/.test(message);
  return build('unknown', krakenWords ? message : `unexpected failure (${name || 'error'})`, scope);
}

/*
 * Removes every credential from a text before it leaves the broker. Messages are built from safe parts
 * only; this is the second line of defence, for an exchange or proxy that echoes what it was sent.
 */

const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of each secret (and of its URL-encoded form) replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join('[redacted]');
    }
  }
  return result;
}
