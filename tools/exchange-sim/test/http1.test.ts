import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../src/index.js';
import { BadRequest, parseRequestHead } from '../src/server/http1-head.js';
import { FaultBook } from '../src/server/faults.js';
import { startHttpServer, type RunningHttpServer } from '../src/server/http-server.js';
import { jsonResponse, type ExchangeProtocol } from '../src/server/protocol.js';
import { RequestLog } from '../src/server/request-log.js';

/**
 * The sim's own HTTP/1.1 layer against node:http, byte for byte where it matters: the same header object
 * from the same head, the same refusals, the same answer bytes, persistent connections, pipelining,
 * chunked bodies and `Expect: 100-continue`. Raw sockets, so that nothing smooths over a difference.
 */

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Sends `bytes` on a fresh connection; resolves with everything received until the server closes or `quietMs` pass. */
function exchangeBytes(port: number, bytes: string | string[], quietMs = 150): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      text += data;
      quiet();
    });
    socket.on('end', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', async () => {
      for (const part of Array.isArray(bytes) ? bytes : [bytes]) {
        socket.write(part, 'latin1');
        await new Promise((r) => setTimeout(r, 20));
      }
      quiet();
    });
  });
}

const maskDate = (text: string) => text.replace(/Date: [^\r]+\r\n/g, 'Date: <date>\r\n');

/** A node:http server that answers every request with its parsed headers (the oracle). */
async function nodeOracle(): Promise<{ port: number; heads: IncomingHttpHeaders[] }> {
  const heads: IncomingHttpHeaders[] = [];
  const server: Server = createHttpServer((req, res) => {
    heads.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, ['content-length', '2', 'content-type', 'application/json; charset=utf-8']);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  server.on('connection', (socket) => closers.push(async () => void socket.destroy()));
  return { port: (server.address() as AddressInfo).port, heads };
}

/** A sim-side server with a protocol that answers `{}` (what node:http's oracle answers); `bodies` collects what it read. */
async function simServer(options: { idleTimeoutMs?: number } = {}): Promise<{ port: number; server: RunningHttpServer; log: RequestLog; bodies: string[] }> {
  const bodies: string[] = [];
  const protocol: ExchangeProtocol = {
    exchange: 'binance',
    classify: () => 'read',
    apiKeyId: () => null,
    handle: (request) => {
      bodies.push(request.rawBody);
      return jsonResponse(200, {});
    },
    rateLimited: () => jsonResponse(429, {}),
    tooManyRequests: () => jsonResponse(429, {}),
    serverError: () => jsonResponse(503, {}),
  };
  const log = new RequestLog();
  const server = await startHttpServer({ protocol, port: 0, latencyMs: () => 0, faults: new FaultBook(), limiter: null, log, now: Date.now, ...options });
  closers.push(() => server.stop());
  return { port: Number(new URL(server.url).port), server, log, bodies };
}

const HEADS = [
  'GET /a HTTP/1.1\r\nHost: x\r\nAccept: a\r\naccept: b\r\nX-Custom: 1\r\nx-custom: 2\r\nCookie: c=1\r\nCookie: d=2\r\nSet-Cookie: s=1\r\nSet-Cookie: t=2\r\nUser-Agent: one\r\nUser-Agent: two\r\nAuthorization: first\r\nauthorization: second\r\nContent-Type: text/a\r\nContent-Type: text/b\r\n',
  'GET /b?q=1 HTTP/1.1\r\nHost: y\r\nX-Spaces:    padded value  \r\nX-Tab:\tv\t\r\nX-Empty:\r\nX-Latin: caf\xe9\r\nConnection: keep-alive, TE\r\n',
  'POST /c HTTP/1.1\r\nHost: z\r\nContent-Length: 2\r\nContent-Length: 2\r\n',
];

describe('request heads, parsed as node:http parses them', () => {
  it('builds the same header object (joins, cookies, first-wins fields, trimming, latin1)', async () => {
    const oracle = await nodeOracle();
    const heads = HEADS.slice(0, 2);
    for (const head of heads) await exchangeBytes(oracle.port, `${head}Connection: close\r\n\r\n`);
    expect(oracle.heads).toHaveLength(heads.length);
    heads.forEach((head, index) => expect(parseRequestHead(`${head}Connection: close`).headers).toEqual({ ...oracle.heads[index] }));
  });

  it('refuses what node:http refuses, with the same answer', async () => {
    const oracle = await nodeOracle();
    const sim = await simServer();
    const bad = [
      'BAD\r\n\r\n',
      'get / HTTP/1.1\r\nHost: x\r\n\r\n',
      'FOO / HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.2\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost : x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ];
    for (const request of bad) {
      const fromNode = await exchangeBytes(oracle.port, request);
      const fromSim = await exchangeBytes(sim.port, request);
      expect({ request, answer: fromSim.text, closed: fromSim.closed }).toEqual({ request, answer: fromNode.text, closed: fromNode.closed });
      expect(fromSim.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n\r\n$/);
    }
    expect(sim.log.records).toHaveLength(0);
    expect(() => parseRequestHead('GET / HTTP/1.1\r\nX: a\u0001b')).toThrow(BadRequest);
  });

  it('answers a head over 16 KiB with 431, as node:http does', async () => {
    const oracle = await nodeOracle();
    const sim = await simServer();
    const request = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`;
    const fromSim = await exchangeBytes(sim.port, request);
    expect(fromSim.text).toBe((await exchangeBytes(oracle.port, request)).text);
    expect(fromSim.text).toMatch(/^HTTP\/1\.1 431 /);
  });
});

describe('connections, as node:http keeps them', () => {
  it('writes the same answer bytes, keeps HTTP/1.1 open and answers pipelined requests in order', async () => {
    const oracle = await nodeOracle();
    const sim = await simServer();
    const three = 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nPOST /3 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody';
    const fromNode = await exchangeBytes(oracle.port, three);
    const fromSim = await exchangeBytes(sim.port, three);
    expect(maskDate(fromSim.text)).toBe(maskDate(fromNode.text));
    expect(fromSim.text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(3);
    expect(fromSim.closed).toBe(false);
    expect(sim.log.records.map((record) => [record.method, record.path])).toEqual([
      ['GET', '/1'],
      ['GET', '/2'],
      ['POST', '/3'],
    ]);
  });

  it('closes after `Connection: close`, after an HTTP/1.0 request, not after HTTP/1.0 keep-alive', async () => {
    const oracle = await nodeOracle();
    const sim = await simServer();
    for (const request of ['GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'GET / HTTP/1.0\r\n\r\n', 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n']) {
      const fromNode = await exchangeBytes(oracle.port, request);
      const fromSim = await exchangeBytes(sim.port, request);
      expect({ request, text: maskDate(fromSim.text), closed: fromSim.closed }).toEqual({ request, text: maskDate(fromNode.text), closed: fromNode.closed });
    }
  });

  it('reads chunked bodies (extensions and trailers too) and answers `Expect: 100-continue` first', async () => {
    const oracle = await nodeOracle();
    const sim = await simServer();
    // é is two bytes in UTF-8 (C3 A9), sent in two chunks: the body is decoded once whole.
    const chunked = ['POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n', '3;ext=1\r\nab\xc3\r\n', '1\r\n\xa9\r\n0\r\nX-Trailer: t\r\n\r\n'];
    const fromSim = await exchangeBytes(sim.port, chunked);
    expect(maskDate(fromSim.text)).toBe(maskDate((await exchangeBytes(oracle.port, chunked)).text));
    expect(fromSim.text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(sim.bodies).toEqual(['ab\u00e9']);
  });

  it('answers 417 to another expectation without performing the request, and ignores blank lines before a request', async () => {
    const oracle = await nodeOracle();
    const sim = await simServer();
    for (const request of ['POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\nContent-Length: 2\r\n\r\nab', '\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', 'GET / HTTP/0.9\r\nConnection: keep-alive\r\n\r\n']) {
      const fromNode = await exchangeBytes(oracle.port, request);
      const fromSim = await exchangeBytes(sim.port, request);
      expect({ request, text: maskDate(fromSim.text), closed: fromSim.closed }).toEqual({ request, text: maskDate(fromNode.text), closed: fromNode.closed });
    }
    expect(sim.bodies).toEqual(['', '', '']);
  });

  it('closes an idle keep-alive connection once its timeout has passed', async () => {
    const sim = await simServer({ idleTimeoutMs: 40 });
    const idle = await exchangeBytes(sim.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 2000);
    expect(idle.closed).toBe(true);
    expect(idle.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });
});

describe('a sim behind the HTTP layer', () => {
  let sim: ExchangeSim;

  it('holds a `timeout` request (and the ones pipelined behind it) until the client leaves', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    closers.push(() => sim.stop());
    sim.injectFault({ match: { pathIncludes: '/api/v3/time' }, fault: 'timeout', times: 1 });
    const port = Number(new URL(sim.url).port);
    const answer = await exchangeBytes(port, 'GET /api/v3/time HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v3/ping HTTP/1.1\r\nHost: x\r\n\r\n', 200);
    expect(answer.text).toBe('');
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.requests.map((record) => [record.path, record.status, record.fault])).toEqual([
      ['/api/v3/ping', 200, undefined],
      ['/api/v3/time', 0, 'timeout'],
    ]);
  });
});
