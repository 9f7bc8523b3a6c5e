import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { BadRequest, parseRequestHead, readChunk, type RequestHead } from './http1-head.js';

/**
 * One client connection of a sim, speaking HTTP/1.1 as node:http does for the requests the sim serves:
 * persistent connections (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `keep-alive`), bodies
 * framed by length or chunked, `Expect: 100-continue`, answers in request order (a held request holds the
 * ones behind it), 400/431 for a malformed or oversized head, an idle connection closed after 5 s (+1 s, as
 * node:http does). node:http itself cost a busy sim more per request than the exchange logic: this is the
 * same protocol without the stream objects around each request.
 */

/** A request as read from the wire. */
export interface WireRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: RequestHead['headers'];
  readonly body: string;
}

/** What the server can do with one request. */
export interface HttpExchange {
  readonly request: WireRequest;
  readonly socket: Socket;
  /** Sends the answer (after the answers of earlier requests on this connection). */
  answer(status: number, headers: readonly string[], body: string): void;
}

/** Heads above this are refused with 431, as node:http's default `maxHeaderSize` does. */
const MAX_HEAD_BYTES = 16 * 1024;
/** node:http's `keepAliveTimeout` (announced as `Keep-Alive: timeout=5`) plus the second it adds. */
export const IDLE_TIMEOUT_MS = 6_000;
/** node:http's `headersTimeout`: a head still incomplete after this is answered 408. */
export const HEAD_TIMEOUT_MS = 60_000;

const EMPTY = Buffer.alloc(0);
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

let cachedSecond = -1;
let cachedDate = '';

/** The `Date` header, formatted once per second as node:http does. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(now).toUTCString();
  }
  return cachedDate;
}

interface Slot {
  readonly keepAlive: boolean;
  readonly head: boolean;
  bytes: string | null;
  /** The answer's head has a character outside ASCII: written apart, in latin1. */
  latin1Head: string | null;
}

/** Reads requests from `socket` and hands each to `onRequest`; see the module comment. */
export class Http1Connection {
  private buffered: Buffer = EMPTY;
  private head: RequestHead | null = null;
  private chunks: Buffer[] = [];
  private chunkedBytes = 0;
  private chunkOffset = 0;
  private readonly slots: Slot[] = [];
  /** The request being read had an `Expect` other than 100-continue: it is answered 417, not performed. */
  private expectationFailed = false;
  /** No more requests are read (a `Connection: close` request, or an error). */
  private done = false;
  /** When the connection last did something (for the idle and head timeouts). */
  lastActivity = Date.now();

  constructor(
    private readonly socket: Socket,
    private readonly maxBodyBytes: number,
    private readonly onRequest: (exchange: HttpExchange) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // A client that goes away mid-request is not an error of the sim's.
    socket.on('error', () => undefined);
  }

  /** True when nothing is in progress: no request being read or waiting for its answer. */
  get idle(): boolean {
    return this.slots.length === 0 && this.buffered.length === 0 && this.head === null;
  }

  /** True when a head has started arriving but is not complete. */
  get readingHead(): boolean {
    return this.head === null && this.buffered.length > 0;
  }

  /** Closes an idle connection (the keep-alive timeout). */
  close(): void {
    this.done = true;
    this.socket.destroy();
  }

  /** Answers 408 and closes (node:http's answer to a head that takes too long). */
  timeOutHead(): void {
    this.fail(408);
  }

  private receive(chunk: Buffer): void {
    this.lastActivity = Date.now();
    if (this.done) return;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    try {
      this.parse();
    } catch (error) {
      // A malformed request is the client's (400); anything else is a sim bug, which must not take every
      // other sim of the process down with it: that connection is dropped.
      if (error instanceof BadRequest) this.fail(400);
      else this.close();
    }
  }

  private parse(): void {
    while (!this.done && !this.socket.destroyed) {
      if (this.head === null) {
        // Blank lines before a request line are ignored (RFC 9112 §2.2), as node:http ignores them.
        let start = 0;
        while (this.buffered[start] === 13 && this.buffered[start + 1] === 10) start += 2;
        if (start > 0) this.buffered = this.buffered.subarray(start);
        const end = this.buffered.indexOf('\r\n\r\n', 0, 'latin1');
        if (end < 0 ? this.buffered.length > MAX_HEAD_BYTES : end > MAX_HEAD_BYTES) return this.fail(431);
        if (end < 0) return;
        const head = parseRequestHead(this.buffered.toString('latin1', 0, end));
        this.buffered = this.buffered.subarray(end + 4);
        this.answerExpectation(head);
        if (head.body.kind === 'none') {
          this.emit(head, '');
          continue;
        }
        if (head.body.kind === 'length' && head.body.length > this.maxBodyBytes) return this.refuseBody();
        this.head = head;
        this.chunks = [];
        this.chunkedBytes = 0;
        this.chunkOffset = 0;
      }
      const head: RequestHead = this.head;
      if (head.body.kind === 'length') {
        const length = head.body.length;
        if (this.buffered.length < length) return;
        const body = this.buffered.toString('utf8', 0, length);
        this.buffered = this.buffered.subarray(length);
        this.head = null;
        this.emit(head, body);
        continue;
      }
      if (!this.readChunks()) return;
      this.head = null;
      this.emit(head, this.chunks.length === 1 ? (this.chunks[0] as Buffer).toString('utf8') : Buffer.concat(this.chunks).toString('utf8'));
    }
  }

  /** Reads chunks from `buffered`; true once the last one (and the trailers) are in. */
  private readChunks(): boolean {
    for (;;) {
      const step = readChunk(this.buffered, this.chunkOffset);
      if (step.kind === 'need-more') return false;
      if (step.kind === 'done') {
        this.buffered = this.buffered.subarray(step.next);
        return true;
      }
      this.chunkedBytes += step.end - step.start;
      if (this.chunkedBytes > this.maxBodyBytes) {
        this.refuseBody();
        return false;
      }
      this.chunks.push(this.buffered.subarray(step.start, step.end));
      this.chunkOffset = step.next;
    }
  }

  /**
   * node:http's rule for `Expect` on an HTTP/1.1 request: `100-continue` gets its interim answer at once; any
   * other expectation is answered 417 instead of the request (whose body is still read, and dropped).
   */
  private answerExpectation(head: RequestHead): void {
    const expect = head.headers.expect;
    this.expectationFailed = false;
    if (expect === undefined || head.version !== '1.1') return;
    if (/(?:^|\W)100-continue(?:$|\W)/i.test(expect)) this.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
    else this.expectationFailed = true;
  }

  private emit(head: RequestHead, body: string): void {
    const slot: Slot = { keepAlive: head.keepAlive, head: head.method === 'HEAD', bytes: null, latin1Head: null };
    this.slots.push(slot);
    if (!head.keepAlive) this.done = true;
    if (this.expectationFailed) {
      // The bytes node:http writes for `res.writeHead(417); res.end()`.
      const connection = slot.keepAlive ? 'Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n' : 'Connection: close\r\n';
      slot.bytes = `HTTP/1.1 417 Expectation Failed\r\nDate: ${httpDate()}\r\n${connection}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`;
      this.flush();
      return;
    }
    const request: WireRequest = { method: head.method, target: head.target, headers: head.headers, body };
    this.onRequest({ request, socket: this.socket, answer: (status, headers, text) => this.fill(slot, status, headers, text) });
  }

  /** Writes `slot`'s answer once every earlier answer is out. Throws for a header value node:http refuses. */
  private fill(slot: Slot, status: number, headers: readonly string[], body: string): void {
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
    let ascii = true;
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const value = headers[i + 1] as string;
      if (!HEADER_VALUE.test(value)) throw new TypeError(`invalid character in header "${headers[i] as string}"`);
      if (ascii && /[\x80-\xff]/.test(value)) ascii = false;
      head += `${headers[i] as string}: ${value}\r\n`;
    }
    head += `Date: ${httpDate()}\r\n${slot.keepAlive ? 'Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n' : 'Connection: close\r\n'}\r\n`;
    const text = slot.head ? '' : body;
    if (ascii) slot.bytes = head + text;
    else {
      slot.latin1Head = head;
      slot.bytes = text;
    }
    this.flush();
  }

  private flush(): void {
    const socket = this.socket;
    while (this.slots.length > 0) {
      const next = this.slots[0] as Slot;
      if (next.bytes === null) return;
      this.slots.shift();
      this.lastActivity = Date.now();
      if (socket.destroyed) continue;
      if (next.latin1Head !== null) socket.write(next.latin1Head, 'latin1');
      if (next.keepAlive) socket.write(next.bytes, 'utf8');
      else {
        socket.end(next.bytes, 'utf8');
        this.slots.length = 0;
        return;
      }
    }
  }

  /** A body above the limit: the socket is dropped without an answer, the request never performed. */
  private refuseBody(): void {
    this.done = true;
    this.socket.destroy();
  }

  private fail(status: 400 | 408 | 431): void {
    this.done = true;
    this.buffered = EMPTY;
    if (this.socket.destroyed) return;
    // With answers still owed on this connection the error cannot go out in order: the socket is dropped.
    if (this.slots.length > 0) this.socket.destroy();
    else this.socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`, 'latin1');
  }
}
