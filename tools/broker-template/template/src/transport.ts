import { createHmac } from 'node:crypto';
import { cleanupError } from '@forced-cleanup/contract';

/*
 * How requests reach Acme. The connection speaks in WireRequests; `httpTransport` sends them over HTTP,
 * and a test hands the connection an in-memory exchange instead. If Acme has a client library, wrap it
 * here (or in the connection) instead of `fetch`, and keep every library error inside this package.
 *
 * TODO: Acme's signing scheme. This one (HMAC-SHA256 over method, path, sorted query and body, sent as
 * `x-api-key` / `x-signature`) is the conformance kit's fake exchange's, so that the package passes the
 * kit before any Acme code is written.
 */

/** An API key and its signing secret. Never logged, never put in an error. */
export interface AcmeCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** One request, as signed and sent. */
export interface WireRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** JSON text, or `''`. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One answer: status, headers (lower-case names) and the body text. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends requests to the exchange. */
export interface ExchangeTransport {
  /** Rejects with a CleanupError (`network`, `timeout`, `aborted`) when no answer arrives. */
  send(request: WireRequest, signal: AbortSignal): Promise<WireResponse>;
}

/** The signature of a request: hex HMAC-SHA256 of `METHOD path?sorted-query\nbody`. */
export function signRequest(request: Pick<WireRequest, 'method' | 'path' | 'query' | 'body'>, apiSecret: string): string {
  const query = Object.keys(request.query)
    .sort()
    .map((key) => `${key}=${request.query[key]}`)
    .join('&');
  return createHmac('sha256', apiSecret).update(`${request.method} ${request.path}?${query}\n${request.body}`).digest('hex');
}

/** Requests over HTTP to `baseUrl`, each bounded by `timeoutMs` and by the caller's signal. */
export function httpTransport(baseUrl: string, timeoutMs: number): ExchangeTransport {
  const origin = baseUrl.replace(/\/+$/, '');
  return {
    async send(request, signal) {
      const url = new URL(origin + request.path);
      for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await fetch(url, {
          method: request.method,
          headers: { ...request.headers, ...(request.body === '' ? {} : { 'content-type': 'application/json' }) },
          ...(request.body === '' ? {} : { body: request.body }),
          signal: AbortSignal.any([signal, timeout]),
        });
        const headers: Record<string, string> = {};
        response.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
        return { status: response.status, headers, body: await response.text() };
      } catch (error) {
        if (signal.aborted) throw cleanupError('aborted', `acme ${request.method} ${request.path} aborted`);
        if (timeout.aborted) throw cleanupError('timeout', `acme ${request.method} ${request.path}: no answer within ${timeoutMs} ms`);
        // The cause is left out on purpose: it may name the request, and the request carries the key.
        throw cleanupError('network', `acme ${request.method} ${request.path}: ${(error as Error).name}`);
      }
    },
  };
}
