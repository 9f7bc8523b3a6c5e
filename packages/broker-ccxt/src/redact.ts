/*
 * What may leave the broker inside a message. ccxt builds its error messages from the request it sent:
 * the full URL with its query string (Binance signs the query: `…&signature=…`), sometimes the body, and
 * in verbose mode the headers. Reports, journals and logs must never hold a credential, so every message
 * goes through here before it becomes a CleanupError.
 */

/** Longest message kept: an exchange's error is a sentence, a longer text is a response body. */
export const MAX_MESSAGE_LENGTH = 400;

/** Parameter and header names whose values are credentials or derived from them. */
const SENSITIVE_NAMES = [
  'signature',
  'sign',
  'api-sign',
  'apikey',
  'api_key',
  'api-key',
  'x-mbx-apikey',
  'key',
  'secret',
  'password',
  'passphrase',
  'token',
  'authorization',
  'ok-access-key',
  'ok-access-sign',
  'ok-access-passphrase',
  'cb-access-key',
  'cb-access-sign',
] as const;

const NAME_ALTERNATIVES = SENSITIVE_NAMES.map((name) => name.replace(/[-_]/g, '[-_]?')).join('|');
/** `name=value` in a query string or form body. */
const PARAMETER = new RegExp(`\\b(${NAME_ALTERNATIVES})=([^&\\s"',}]+)`, 'gi');
/** `"Name": "value"` or `Name: value` in a header dump or JSON. */
const HEADER = new RegExp(`("?\\b(?:${NAME_ALTERNATIVES})"?\\s*:\\s*"?)([^"\\s,}]+)`, 'gi');
/** A URL with a query string: the query is dropped whole (it may carry a timestamp and a signature). */
const URL_QUERY = /(https?:\/\/[^\s?#"']+)\?[^\s"']*/g;

/**
 * `text` with every occurrence of the given secrets (and their URL-encoded forms) replaced, every URL's
 * query string removed, every sensitive `name=value` and header value masked, and cut to
 * {@link MAX_MESSAGE_LENGTH} characters.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) {
    // Shorter strings would mask ordinary words; every real credential is far longer.
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) safe = safe.split(form).join('[redacted]');
  }
  safe = safe.replace(URL_QUERY, '$1?[query removed]');
  safe = safe.replace(PARAMETER, '$1=[redacted]');
  safe = safe.replace(HEADER, '$1[redacted]');
  return safe.length > MAX_MESSAGE_LENGTH ? `${safe.slice(0, MAX_MESSAGE_LENGTH)}…` : safe;
}
