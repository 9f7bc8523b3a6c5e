import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../src/index.js';
import { binanceSignature, sampleCredentials } from '../src/testing/index.js';

/**
 * The HTTP path every request takes (body, latency, log, answer), seen from plain node:http and fetch:
 * bodies with and without a length, chunked bodies, refused oversized bodies, and latency as a lower bound.
 */

const keys = sampleCredentials();
let sim: ExchangeSim;

afterEach(async () => {
  await sim.stop();
});

/** A raw request with full control over the body's framing; resolves with status and body text. */
function send(url: string, options: { method: string; path: string; headers?: Record<string, string>; chunks?: string[] }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest({ host: target.hostname, port: target.port, method: options.method, path: options.path, headers: options.headers ?? {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

function signedOrderBody(quantity: string): string {
  const params = `symbol=BTCUSDT&side=SELL&type=MARKET&quantity=${quantity}&timestamp=${Date.now()}`;
  return `${params}&signature=${binanceSignature(params, keys.binance.secret)}`;
}

describe('the HTTP path of a sim', () => {
  it('reads a body sent in chunks (Transfer-Encoding: chunked) exactly as sent: the signature over it holds', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const body = signedOrderBody('0.001');
    const cut = Math.floor(body.length / 3);
    const answer = await send(sim.url, {
      method: 'POST',
      path: '/api/v3/order',
      headers: { 'x-mbx-apikey': keys.binance.apiKey, 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      chunks: [body.slice(0, cut), body.slice(cut, 2 * cut), body.slice(2 * cut)],
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ symbol: 'BTCUSDT', status: 'FILLED', executedQty: '0.00100000' });
    expect(sim.state.pastOrders).toHaveLength(1);
  });

  it('answers a request without a body (no Content-Length) and one with Content-Length: 0 alike', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const bare = await send(sim.url, { method: 'GET', path: '/api/v3/time' });
    const zero = await send(sim.url, { method: 'GET', path: '/api/v3/time', headers: { 'content-length': '0' } });
    expect(bare.status).toBe(200);
    expect(zero.status).toBe(200);
    expect(JSON.parse(bare.body)).toHaveProperty('serverTime');
    expect(sim.requests.map((record) => [record.method, record.path, record.status])).toEqual([
      ['GET', '/api/v3/time', 200],
      ['GET', '/api/v3/time', 200],
    ]);
  });

  it('refuses a body over 1 MiB without performing or logging the request', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const padding = 'x'.repeat(64 * 1024);
    const outcome = await send(sim.url, {
      method: 'POST',
      path: '/api/v3/order',
      headers: { 'x-mbx-apikey': keys.binance.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      chunks: [signedOrderBody('0.001'), ...Array.from({ length: 20 }, () => `&pad=${padding}`)],
    }).then(
      (answer) => answer.status,
      (error: NodeJS.ErrnoException) => error.code ?? 'error',
    );
    // The socket is dropped while the client is still sending: it sees a reset (or, at best, the 413).
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect(sim.state.pastOrders).toHaveLength(0);
    expect(sim.requests).toHaveLength(0);
  });

  it('answers no request before its latency is over, and logs when each one arrived (not when it was answered)', async () => {
    sim = await startExchangeSim({ exchange: 'binance', latencyMs: 40 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const sent = performance.now();
        const answer = await fetch(`${sim.url}/api/v3/ping`);
        await answer.text();
        return { status: answer.status, waited: performance.now() - sent, receivedAt: Date.now() };
      }),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      // A lower bound only: latency is a floor, never a measure of speed.
      expect(answer.waited).toBeGreaterThanOrEqual(40);
    }
    // Matched in sorted order: the k-th arrival was logged at least 40 ms before the k-th answer came back.
    const arrivals = sim.requests.map((record) => Date.parse(record.at)).sort((a, b) => a - b);
    const received = answers.map((answer) => answer.receivedAt).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(6);
    arrivals.forEach((at, index) => expect(at + 40).toBeLessThanOrEqual(received[index] as number));
  });

  it('stop() drops requests still waiting out their latency: they are never performed', async () => {
    sim = await startExchangeSim({ exchange: 'binance', latencyMs: 200 });
    const pending = fetch(`${sim.url}/api/v3/order`, {
      method: 'POST',
      headers: { 'x-mbx-apikey': keys.binance.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: signedOrderBody('0.001'),
    }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    await sim.stop();
    expect(await pending).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(sim.state.pastOrders).toHaveLength(0);
    expect(sim.requests).toHaveLength(0);
  });
});
