import { METHODS, type IncomingHttpHeaders } from 'node:http';

/**
 * The head of an HTTP/1.x request (request line and header fields, RFC 9112), parsed as node:http parses
 * it for a server: the same refusals (a malformed line, an invalid name or value, a body framed two ways)
 * and the same header object (lower-case names; repeated fields joined with `, `, or `; ` for `cookie`,
 * `set-cookie` kept as a list, and the first value kept for the fields that cannot repeat).
 */

/** A parsed request head. */
export interface RequestHead {
  readonly method: string;
  /** The request target as sent (origin form: path and query). */
  readonly target: string;
  /** The version as node:http's parser accepts it: 0.9, 1.0, 1.1 or 2.0 (the answer is HTTP/1.1 anyway). */
  readonly version: '0.9' | '1.0' | '1.1' | '2.0';
  readonly headers: IncomingHttpHeaders;
  /** How the body is framed: none, a length, or chunked. */
  readonly body: { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' };
  /** Whether the connection stays open after the answer. */
  readonly keepAlive: boolean;
}

/** Why a head was refused: node:http answers 400 for all of these (431 is for a head that is too large). */
export class BadRequest extends Error {}

const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\s]+) HTTP\/(0\.9|1\.0|1\.1|2\.0)$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values: visible characters, spaces and tabs, and obs-text; no other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const DIGITS = /^\d+$/;
/** The methods node:http's parser knows; any other is refused with 400. */
const KNOWN_METHODS = new Set(METHODS);

/** Fields of which node:http keeps the first value only (the others are joined). */
const SINGLE_VALUED = new Set([
  'age',
  'host',
  'from',
  'etag',
  'server',
  'referer',
  'expires',
  'location',
  'user-agent',
  'retry-after',
  'content-type',
  'max-forwards',
  'authorization',
  'last-modified',
  'content-length',
  'if-modified-since',
  'proxy-authorization',
  'if-unmodified-since',
]);

/** Parses `head` (the text before the blank line, latin1-decoded, without the final CRLF CRLF). */
export function parseRequestHead(head: string): RequestHead {
  const lines = head.split('\r\n');
  const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
  if (!requestLine) throw new BadRequest('malformed request line');
  const [, method, target, version] = requestLine as unknown as [string, string, string, RequestHead['version']];
  if (!KNOWN_METHODS.has(method)) throw new BadRequest('unknown method');
  const headers: Record<string, string | string[]> = {};
  const contentLengths: string[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] as string;
    const colon = line.indexOf(':');
    // A line starting with whitespace would be an obsolete folded continuation: refused, as node does.
    if (colon <= 0) throw new BadRequest('malformed header line');
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) throw new BadRequest('invalid header name');
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!FIELD_VALUE.test(value)) throw new BadRequest('invalid header value');
    const field = name.toLowerCase();
    if (field === 'content-length') contentLengths.push(value);
    addField(headers, field, value);
  }
  const transferEncoding = headers['transfer-encoding'];
  let body: RequestHead['body'] = { kind: 'none' };
  if (typeof transferEncoding === 'string') {
    if (contentLengths.length > 0) throw new BadRequest('both Content-Length and Transfer-Encoding');
    // The last coding must be chunked for a request body to have an end.
    if (!/(?:^|,)[ \t]*chunked[ \t]*$/i.test(transferEncoding)) throw new BadRequest('invalid Transfer-Encoding');
    body = { kind: 'chunked' };
  } else if (contentLengths.length > 0) {
    const [length] = contentLengths as [string];
    if (contentLengths.length > 1 || !DIGITS.test(length)) throw new BadRequest('invalid Content-Length');
    const bytes = Number(length);
    if (!Number.isSafeInteger(bytes)) throw new BadRequest('invalid Content-Length');
    if (bytes > 0) body = { kind: 'length', length: bytes };
  }
  const connection = typeof headers.connection === 'string' ? headers.connection.toLowerCase() : '';
  // llhttp's rule: 1.1 stays open unless told to close; 0.9, 1.0 and 2.0 only when told to keep alive.
  const keepAlive = version === '1.1' ? !/(?:^|,)\s*close\s*(?:,|$)/.test(connection) : /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection);
  return { method, target, version, headers, body, keepAlive };
}

function addField(headers: Record<string, string | string[]>, field: string, value: string): void {
  const known = headers[field];
  if (field === 'set-cookie') {
    if (Array.isArray(known)) known.push(value);
    else headers[field] = [value];
  } else if (known === undefined) {
    headers[field] = value;
  } else if (!SINGLE_VALUED.has(field)) {
    headers[field] = `${known as string}${field === 'cookie' ? '; ' : ', '}${value}`;
  }
}

/** One step of reading a chunked body: what the next bytes are. */
export type ChunkStep =
  | { readonly kind: 'need-more' }
  | { readonly kind: 'data'; readonly start: number; readonly end: number; readonly next: number }
  | { readonly kind: 'done'; readonly next: number };

const CHUNK_SIZE = /^([0-9A-Fa-f]{1,15})(?:[ \t]*;[^\r\n]*)?$/;

/**
 * Reads the chunk that starts at `offset` of `buffer` (RFC 9112 §7.1): its data range, or `done` after the
 * last chunk and its trailer section. Throws {@link BadRequest} for a malformed chunk.
 */
export function readChunk(buffer: Buffer, offset: number): ChunkStep {
  const lineEnd = buffer.indexOf('\r\n', offset, 'latin1');
  if (lineEnd < 0) {
    if (buffer.length - offset > 1024) throw new BadRequest('chunk size line too long');
    return { kind: 'need-more' };
  }
  const size = CHUNK_SIZE.exec(buffer.toString('latin1', offset, lineEnd));
  if (!size) throw new BadRequest('malformed chunk size');
  const length = Number.parseInt(size[1] as string, 16);
  if (length === 0) {
    // Trailer fields (ignored, as node keeps them apart from the headers) end with an empty line.
    let cursor = lineEnd + 2;
    for (;;) {
      const end = buffer.indexOf('\r\n', cursor, 'latin1');
      if (end < 0) return { kind: 'need-more' };
      if (end === cursor) return { kind: 'done', next: end + 2 };
      cursor = end + 2;
    }
  }
  const start = lineEnd + 2;
  const end = start + length;
  if (buffer.length < end + 2) return { kind: 'need-more' };
  if (buffer[end] !== 13 || buffer[end + 1] !== 10) throw new BadRequest('chunk data not followed by CRLF');
  return { kind: 'data', start, end, next: end + 2 };
}
