import type { IncomingHttpHeaders } from 'node:http';
import type { SimState } from '../state/schema.js';

/**
 * What the HTTP server and an exchange protocol say to each other. A protocol is synchronous: it reads and
 * mutates the live state within one call, so two requests never interleave half-way through an order.
 */

/** The exchanges the sim speaks. */
export const EXCHANGE_NAMES = ['coinbase', 'kraken', 'binance'] as const;
/** An exchange the sim speaks. */
export type ExchangeName = (typeof EXCHANGE_NAMES)[number];

/** What a request does, for the request log and fault matching. */
export const REQUEST_KINDS = ['read', 'order_placing', 'cancelling', 'other'] as const;
/** What a request does. */
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** A request as the protocols see it: body read in full, URL split. */
export interface SimRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The query string as sent, without `?` (Binance signs it byte for byte). */
  readonly rawQuery: string;
  /** The body as sent (Kraken and Binance sign it byte for byte). */
  readonly rawBody: string;
  readonly headers: IncomingHttpHeaders;
  /** The `Host` header: Coinbase JWTs name it in their `uri` claim. */
  readonly host: string;
}

/** A response, body already serialised (so that malformed bodies can be sent on purpose). */
export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The headers of most answers, shared (answers are never changed once built, so one object serves all). */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json; charset=utf-8' });
const TEXT_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'text/plain; charset=utf-8' });

/** A JSON response. */
export function jsonResponse(status: number, value: unknown, headers?: Record<string, string>): SimResponse {
  return { status, headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers }, body: JSON.stringify(value) };
}

/** A JSON response whose body is already serialised. */
export function jsonTextResponse(status: number, json: string): SimResponse {
  return { status, headers: JSON_HEADERS, body: json };
}

/** A plain-text response. */
export function textResponse(status: number, text: string, headers?: Record<string, string>): SimResponse {
  return { status, headers: headers === undefined ? TEXT_HEADERS : { ...TEXT_HEADERS, ...headers }, body: text };
}

/** What every protocol gets: the live state and the clock (milliseconds since the epoch). */
export interface ProtocolContext {
  readonly state: SimState;
  readonly now: () => number;
}

/** Details of a rate-limit rejection. */
export interface RateLimitRejection {
  /** Whole seconds until the key has a token again (the `Retry-After` value). */
  readonly retryAfterSeconds: number;
  /** Requests this key sent while already limited (Binance bans with 418 when a client keeps going). */
  readonly violations: number;
}

/** One exchange's wire protocol. */
export interface ExchangeProtocol {
  readonly exchange: ExchangeName;
  /** read, order_placing, cancelling or other (unknown routes). */
  classify(request: SimRequest): RequestKind;
  /** The API key id the request claims (never a secret), or null for unsigned requests. */
  apiKeyId(request: SimRequest): string | null;
  /** Authenticates and answers the request, mutating the state for orders and cancels. */
  handle(request: SimRequest): SimResponse;
  /** The exchange's own answer when the key's request budget is spent. */
  rateLimited(request: SimRequest, kind: RequestKind, rejection: RateLimitRejection): SimResponse;
  /** An HTTP 429, as the exchange's edge sends it (injected `http_429` fault). */
  tooManyRequests(request: SimRequest, retryAfterSeconds: number): SimResponse;
  /** An HTTP 5xx, as the exchange sends it when it is down (injected `http_5xx` fault, or a sim bug). */
  serverError(request: SimRequest): SimResponse;
}
