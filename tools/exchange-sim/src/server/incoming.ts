import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { SimRequest } from './protocol.js';

/**
 * Turning a node:http request into a {@link SimRequest}: the body read in full, the URL split. This runs for
 * every request a sim serves, so it avoids what a busy sim pays for per request: no async iterator over
 * the body, no read at all for a request that has no body, and the query parsed only if a protocol asks.
 */

/** Bodies above this are refused (the socket is dropped, as the stream is destroyed). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the whole body as UTF-8 and hands it to `done`; `null` when it exceeds {@link MAX_BODY_BYTES}. A
 * request without `Content-Length` and `Transfer-Encoding` has no body (RFC 9112 §6.3): `done('')` at once.
 * If the client goes away mid-body, `done` is never called — there is nobody left to answer.
 */
export function readBody(req: IncomingMessage, done: (body: string | null) => void): void {
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
    done('');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      refused = true;
      chunks.length = 0;
      req.destroy();
      done(null);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    done(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
  });
}

/** A request as the protocols see it; `query` is parsed on first use (most requests never read it). */
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

/** The {@link SimRequest} of a node:http request whose body has been read. */
export function toSimRequest(req: IncomingMessage, rawBody: string): SimRequest {
  const target = req.url ?? '/';
  const questionMark = target.indexOf('?');
  const rawQuery = questionMark < 0 ? '' : target.slice(questionMark + 1);
  const path = questionMark < 0 ? target : target.slice(0, questionMark);
  return new ParsedRequest((req.method ?? 'GET').toUpperCase(), path, rawQuery, rawBody, req.headers, req.headers.host ?? '');
}
