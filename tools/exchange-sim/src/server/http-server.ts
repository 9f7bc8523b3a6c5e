import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { cleanupError } from '@forced-cleanup/contract';
import type { FaultBook, FaultKind } from './faults.js';
import type { ExchangeProtocol, SimRequest, SimResponse } from './protocol.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestLog } from './request-log.js';

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

const MAX_BODY_BYTES = 1024 * 1024;

/** Starts listening on 127.0.0.1 (port 0 = any free port). */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: 'exchange-sim internal error' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = new Date(options.now()).toISOString();
    const rawBody = await readBody(req);
    if (rawBody === null) {
      send(res, { status: 413, body: 'request body too large' });
      return;
    }
    const request = toSimRequest(req, rawBody);
    const { protocol, log } = options;
    const kind = protocol.classify(request);
    const apiKey = protocol.apiKeyId(request);
    const record = (status: number, fault?: FaultKind) =>
      log.write({ at: arrivedAt, exchange: protocol.exchange, method: request.method, path: request.path, kind, status, apiKey, ...(fault ? { fault } : {}) });

    const latency = options.latencyMs();
    if (latency > 0) await delay(latency);
    if (stopped) return;

    const hit = options.faults.take(request, kind);
    if (hit) {
      switch (hit.fault) {
        case 'http_429':
          return answer(res, protocol.tooManyRequests(request, hit.retryAfterSeconds), record, hit.fault);
        case 'http_5xx':
          return answer(res, protocol.serverError(request), record, hit.fault);
        case 'malformed_json':
          return answer(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"result":{"error":[' }, record, hit.fault);
        case 'timeout':
          // Never answered: the client's own timeout is what ends it.
          req.socket.once('close', () => record(0, 'timeout'));
          return;
        case 'connection_reset':
          record(0, hit.fault);
          return reset(req.socket);
        case 'executed_response_lost':
          safeHandle(protocol, request);
          record(0, hit.fault);
          return reset(req.socket);
      }
    }

    if (options.limiter) {
      const rejection = options.limiter.take(apiKey ?? `anonymous:${req.socket.remoteAddress ?? ''}`);
      if (rejection) return answer(res, protocol.rateLimited(request, kind, rejection), record);
    }
    answer(res, safeHandle(protocol, request), record);
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
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function safeHandle(protocol: ExchangeProtocol, request: SimRequest): SimResponse {
  try {
    return protocol.handle(request);
  } catch {
    // A bug in the sim must look like an exchange outage to the client, never like a success.
    return protocol.serverError(request);
  }
}

function answer(res: ServerResponse, response: SimResponse, record: (status: number, fault?: FaultKind) => void, fault?: FaultKind): void {
  record(response.status, fault);
  send(res, response);
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, { 'content-length': Buffer.byteLength(response.body), ...(response.headers ?? {}) });
  res.end(response.body);
}

function reset(socket: Socket): void {
  // An RST (ECONNRESET on the client) where the platform supports it; a plain close otherwise.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function toSimRequest(req: IncomingMessage, rawBody: string): SimRequest {
  const target = req.url ?? '/';
  const questionMark = target.indexOf('?');
  const rawQuery = questionMark < 0 ? '' : target.slice(questionMark + 1);
  const path = questionMark < 0 ? target : target.slice(0, questionMark);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query: new URLSearchParams(rawQuery),
    rawQuery,
    rawBody,
    headers: req.headers,
    host: req.headers.host ?? '',
  };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
