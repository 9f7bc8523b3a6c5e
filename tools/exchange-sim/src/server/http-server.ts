import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { cleanupError } from '@forced-cleanup/contract';
import type { FaultBook, FaultKind } from './faults.js';
import { DelayQueue } from './delay-queue.js';
import { readBody, toSimRequest } from './incoming.js';
import type { ExchangeProtocol, RequestKind, SimRequest, SimResponse } from './protocol.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestLog, RequestRecord } from './request-log.js';

/**
 * The HTTP side of a sim: node:http on 127.0.0.1 only. Every request goes through the same steps:
 * read the body → classify → latency → injected fault → rate limit → the protocol → log → answer.
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
  const sockets = new Set<Socket>();
  const latency = new DelayQueue();
  let stopped = false;

  const server = createServer((req, res) => {
    // Arrival time first: the request log records when the request came in, not when it was answered.
    const arrivedAt = new Date(options.now()).toISOString();
    readBody(req, (rawBody) => {
      if (rawBody === null) {
        send(res, { status: 413, body: 'request body too large' });
        return;
      }
      let exchange: Exchange;
      try {
        exchange = arrive(req, res, rawBody, arrivedAt);
      } catch {
        internalError(res);
        return;
      }
      const delay = options.latencyMs();
      if (delay > 0) latency.schedule(delay, () => proceed(exchange));
      else proceed(exchange);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  /** Classifies the request and names its key: what the log and the faults need, before any latency. */
  function arrive(req: IncomingMessage, res: ServerResponse, rawBody: string, arrivedAt: string): Exchange {
    const request = toSimRequest(req, rawBody);
    const { protocol } = options;
    return { req, res, request, arrivedAt, kind: protocol.classify(request), apiKey: protocol.apiKeyId(request) };
  }

  function proceed(exchange: Exchange): void {
    if (stopped) return;
    try {
      respond(exchange);
    } catch {
      internalError(exchange.res);
    }
  }

  /** After the latency: an injected fault, else the rate limit, else the protocol. */
  function respond(exchange: Exchange): void {
    const { req, request, kind, apiKey } = exchange;
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
          req.socket.once('close', () => record(exchange, 0, 'timeout'));
          return;
        case 'connection_reset':
          record(exchange, 0, hit.fault);
          return reset(req.socket);
        case 'executed_response_lost':
          safeHandle(protocol, request);
          record(exchange, 0, hit.fault);
          return reset(req.socket);
      }
    }

    if (options.limiter) {
      const rejection = options.limiter.take(apiKey ?? `anonymous:${req.socket.remoteAddress ?? ''}`);
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
    send(exchange.res, response);
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
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A request on its way through the server. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
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

function internalError(res: ServerResponse): void {
  if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: 'exchange-sim internal error' });
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, headerList(response));
  res.end(response.body);
}

/** `content-length` first, then the response's own headers, as one flat list (no object to spread). */
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
