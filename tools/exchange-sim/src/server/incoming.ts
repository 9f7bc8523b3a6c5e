import type { IncomingHttpHeaders } from 'node:http';
import type { SimRequest } from './protocol.js';
import type { WireRequest } from './http1-connection.js';

/**
 * Turning a request read from the wire into a {@link SimRequest}: the URL split, the query parsed only if
 * a protocol asks for it (most requests never read it).
 */

/** Bodies above this are refused: the socket is dropped and the request never performed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request as the protocols see it; `query` is parsed on first use. */
class ParsedRequest implements SimRequest {
  private parsedQuery: URLSearchParams | null = null;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly rawQuery: string,
    readonly rawBody: string,
    readonly headers: IncomingHttpHeaders,
    readonly host: string,
  ) {}

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.rawQuery);
    return this.parsedQuery;
  }
}

/** The {@link SimRequest} of a request read in full. */
export function toSimRequest(request: WireRequest): SimRequest {
  const target = request.target;
  const questionMark = target.indexOf('?');
  const rawQuery = questionMark < 0 ? '' : target.slice(questionMark + 1);
  const path = questionMark < 0 ? target : target.slice(0, questionMark);
  const host = request.headers.host;
  return new ParsedRequest(request.method.toUpperCase(), path, rawQuery, request.body, request.headers, typeof host === 'string' ? host : '');
}
