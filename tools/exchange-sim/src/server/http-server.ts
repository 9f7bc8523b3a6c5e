import { createServer, type Socket } from 'node:net';
import { cleanupError } from '@forced-cleanup/contract';
import type { FaultBook, FaultKind } from './faults.js';
import { DelayQueue } from './delay-queue.js';
import { HEAD_TIMEOUT_MS, Http1Connection, IDLE_TIMEOUT_MS, type HttpExchange } from './http1-connection.js';
import { MAX_BODY_BYTES, toSimRequest } from './incoming.js';
import type { ExchangeProtocol, RequestKind, SimRequest, SimResponse } from './protocol.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestLog, RequestRecord } from './request-log.js';

/**
 * The HTTP side of a sim: HTTP/1.1 on 127.0.0.1 only (see http1-connection.ts). Every request goes through
 * the same steps: read it in full → classify → latency → injected fault → rate limit → the protocol → log →
 * answer.
 */

/** What the server needs; the getters let the sim change latency while running. */
export interface HttpServerOptions {
  readonly protocol: ExchangeProtocol;
  readonly port: number;
  readonly latencyMs: () => number;
  readonly faults: FaultBook;
  readonly limiter: RateLimiter | null;
  readonly log: RequestLog;
  readonly now: () => number;
  /** How long an idle keep-alive connection stays open (default node:http's: {@link IDLE_TIMEOUT_MS}). */
  readonly idleTimeoutMs?: number;
}

/** A running server. */
export interface RunningHttpServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Closes the listener, destroys every socket (held `timeout` ones too) and cancels pending latency. */
  stop(): Promise<void>;
}

/** Starts listening on 127.0.0.1 (port 0 = any free port). */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const connections = new Set<Http1Connection>();
  const sockets = new Set<Socket>();
  const latency = new DelayQueue();
  let stopped = false;

  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    const connection = new Http1Connection(socket, MAX_BODY_BYTES, (exchange) => receive(exchange));
    connections.add(connection);
    socket.once('close', () => {
      sockets.delete(socket);
      connections.delete(connection);
    });
  });
  // Idle keep-alive connections close after node:http's timeout; a head that never completes gets 408.
  // One sweep a second serves every connection (node:http arms a timer per socket after every answer).
  const idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const connection of connections) {
        if (connection.idle && now - connection.lastActivity > idleTimeoutMs) connection.close();
        else if (connection.readingHead && now - connection.lastActivity > HEAD_TIMEOUT_MS) connection.timeOutHead();
      }
    },
    Math.min(1000, Math.max(10, Math.floor(idleTimeoutMs / 2))),
  );
  sweeper.unref();

  function receive(wire: HttpExchange): void {
    // Arrival time first: the request log records when the request came in, not when it was answered.
    const arrivedAt = new Date(options.now()).toISOString();
    let exchange: Exchange;
    try {
      exchange = arrive(wire, arrivedAt);
    } catch {
      internalError(wire);
      return;
    }
    const delay = options.latencyMs();
    if (delay > 0) latency.schedule(delay, () => proceed(exchange));
    else proceed(exchange);
  }

  /** Classifies the request and names its key: what the log and the faults need, before any latency. */
  function arrive(wire: HttpExchange, arrivedAt: string): Exchange {
    const request = toSimRequest(wire.request);
    const { protocol } = options;
    return { wire, request, arrivedAt, kind: protocol.classify(request), apiKey: protocol.apiKeyId(request) };
  }

  function proceed(exchange: Exchange): void {
    if (stopped) return;
    try {
      respond(exchange);
    } catch {
      internalError(exchange.wire);
    }
  }

  /** After the latency: an injected fault, else the rate limit, else the protocol. */
  function respond(exchange: Exchange): void {
    const { wire, request, kind, apiKey } = exchange;
    const { protocol } = options;
    const hit = options.faults.take(request, kind);
    if (hit) {
      switch (hit.fault) {
        case 'http_429':
          return answer(exchange, protocol.tooManyRequests(request, hit.retryAfterSeconds), hit.fault);
        case 'http_5xx':
          return answer(exchange, protocol.serverError(request), hit.fault);
        case 'malformed_json':
          return answer(exchange, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"result":{"error":[' }, hit.fault);
        case 'timeout':
          // Never answered: the client's own timeout is what ends it.
          wire.socket.once('close', () => record(exchange, 0, 'timeout'));
          return;
        case 'connection_reset':
          record(exchange, 0, hit.fault);
          return reset(wire.socket);
        case 'executed_response_lost':
          safeHandle(protocol, request);
          record(exchange, 0, hit.fault);
          return reset(wire.socket);
      }
    }

    if (options.limiter) {
      const rejection = options.limiter.take(apiKey ?? `anonymous:${wire.socket.remoteAddress ?? ''}`);
      if (rejection) return answer(exchange, protocol.rateLimited(request, kind, rejection));
    }
    answer(exchange, safeHandle(protocol, request));
  }

  function record(exchange: Exchange, status: number, fault?: FaultKind): void {
    const { request } = exchange;
    const entry: RequestRecord = {
      at: exchange.arrivedAt,
      exchange: options.protocol.exchange,
      method: request.method,
      path: request.path,
      kind: exchange.kind,
      status,
      apiKey: exchange.apiKey,
    };
    options.log.write(fault === undefined ? entry : { ...entry, fault });
  }

  function answer(exchange: Exchange, response: SimResponse, fault?: FaultKind): void {
    record(exchange, response.status, fault);
    send(exchange.wire, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(cleanupError('network', `exchange-sim cannot listen on 127.0.0.1:${options.port}: ${error.message}`)));
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw cleanupError('unknown', 'exchange-sim: server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        latency.clear();
        clearInterval(sweeper);
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A request on its way through the server. */
interface Exchange {
  readonly wire: HttpExchange;
  readonly request: SimRequest;
  /** When it arrived (ISO 8601), for the log. */
  readonly arrivedAt: string;
  readonly kind: RequestKind;
  readonly apiKey: string | null;
}

function safeHandle(protocol: ExchangeProtocol, request: SimRequest): SimResponse {
  try {
    return protocol.handle(request);
  } catch {
    // A bug in the sim must look like an exchange outage to the client, never like a success.
    return protocol.serverError(request);
  }
}

function internalError(wire: HttpExchange): void {
  if (!wire.socket.destroyed) send(wire, { status: 500, body: 'exchange-sim internal error' });
}

function send(wire: HttpExchange, response: SimResponse): void {
  if (wire.socket.destroyed) return;
  wire.answer(response.status, headerList(response), response.body);
}

/** `content-length` first, then the response's own headers, as one flat list of names and values. */
function headerList(response: SimResponse): string[] {
  const list = ['content-length', String(Buffer.byteLength(response.body))];
  const headers = response.headers;
  if (headers !== undefined) {
    for (const name in headers) {
      if (name === 'content-length') list[1] = headers[name] as string;
      else list.push(name, headers[name] as string);
    }
  }
  return list;
}

function reset(socket: Socket): void {
  // An RST (ECONNRESET on the client) where the platform supports it; a plain close otherwise.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
