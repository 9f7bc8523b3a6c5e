import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/*
 * A proxy on 127.0.0.1 in front of a sim that forwards every request unchanged, except those a test
 * answers itself: the answers the sim cannot be told to give (a 200 with an empty body, a 431 for a
 * request of ordinary size).
 */

/** An answer the proxy gives instead of forwarding. */
export interface ProxyAnswer {
  readonly status: number;
  readonly body: string;
}

/** A running proxy. */
export interface AnsweringProxy {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a proxy to the origin `target()` names (read per request: the sim may start after the proxy);
 * `answer` returns what to say instead of forwarding, or null to forward.
 */
export async function startAnsweringProxy(target: () => string, answer: (method: string, path: string) => ProxyAnswer | null): Promise<AnsweringProxy> {
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = new URL(target());
    const upstream = httpRequest(
      { host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const given = answer(req.method ?? 'GET', path);
    if (given === null) return forward(req, res);
    req.resume();
    res.writeHead(given.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(given.body) });
    res.end(given.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
