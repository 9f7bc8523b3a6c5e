import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { krakenErrorRule, mapKrakenError } from '../src/index.js';
import { connectToSim, live, rejectionOf } from './helpers/broker-context.js';

/*
 * errors.ts: Kraken's error strings (with or without the leading E that kraken-api strips) and got's
 * transport errors become contract codes with the right retryability, carrying no header, body or secret.
 */

const scope = { call: 'BalanceEx', secrets: ['KEY-MARKER-123456', 'U0VDUkVULU1BUktFUg=='] };

describe('the Kraken error table', () => {
  it.each([
    ['API:Invalid key', 'auth_failed', false],
    ['EAPI:Invalid signature', 'auth_failed', false],
    ['API:Invalid nonce', 'auth_failed', false],
    ['General:Permission denied', 'permission_denied', false],
    ['API:Rate limit exceeded', 'rate_limited', true],
    ['Order:Rate limit exceeded', 'rate_limited', true],
    ['General:Temporary lockout', 'rate_limited', true],
    ['Order:Insufficient funds', 'insufficient_funds', false],
    ['Order:Order minimum not met', 'below_minimum', false],
    ['Order:Cost minimum not met', 'below_minimum', false],
    ['General:Invalid arguments:volume', 'invalid_order', false],
    ['Query:Unknown asset pair', 'market_not_found', false],
    ['Order:Unknown order', 'order_not_found', false],
    ['Order:Invalid order', 'order_not_found', false],
    ['Service:Unavailable', 'exchange_unavailable', true],
    ['EService:Busy', 'exchange_unavailable', true],
    ['Service:Market in cancel_only mode', 'invalid_order', false],
  ] as const)('%s → %s (retryable %s)', (message, code, retryable) => {
    const error = mapKrakenError(new Error(message), scope);
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable });
    expect(error.message).toContain(message.replace(/^E/, ''));
  });

  it('tells the user what to do about a nonce refused on a shared key', () => {
    expect(mapKrakenError(new Error('API:Invalid nonce'), scope).message).toMatch(/ccxt.*nonce: milliseconds/);
  });

  it('reads the first known error of several, and keeps an unknown Kraken error as unknown with its words', () => {
    expect(mapKrakenError(new Error('Funding:Unknown thing, Order:Insufficient funds'), scope).code).toBe('insufficient_funds');
    const unknown = mapKrakenError(new Error('Funding:Something new'), scope);
    expect({ code: unknown.code, message: unknown.message }).toEqual({ code: 'unknown', message: 'Kraken BalanceEx: Funding:Something new' });
    expect(krakenErrorRule('Query:Unknown asset')?.code).toBe('market_not_found');
  });
});

describe('transport errors', () => {
  function gotError(name: string, extra: Record<string, unknown>): Error {
    // What got puts on its errors: the request options with their headers, which must never leave the broker.
    return Object.assign(new Error(`${name} happened`), {
      name,
      options: { headers: { 'API-Key': scope.secrets[0], 'API-Sign': 'c2lnbmF0dXJl' }, body: `nonce=1&secret=${scope.secrets[1]}` },
      ...extra,
    });
  }

  it('maps HTTP 429 to rate_limited with the Retry-After it asked for, and 5xx to exchange_unavailable', () => {
    const limited = mapKrakenError(gotError('HTTPError', { response: { statusCode: 429, headers: { 'retry-after': '3' }, body: '{"error":["EAPI:Rate limit exceeded"]}' } }), scope);
    expect(limited.toJSON()).toEqual({ code: 'rate_limited', retryable: true, retryAfterMs: 3000, message: 'Kraken BalanceEx: HTTP 429 (EAPI:Rate limit exceeded)' });
    const down = mapKrakenError(gotError('HTTPError', { response: { statusCode: 503, headers: {}, body: 'bad gateway' } }), scope);
    expect({ code: down.code, retryable: down.retryable }).toEqual({ code: 'exchange_unavailable', retryable: true });
  });

  it('maps timeouts, refused or reset connections, and unparsable bodies', () => {
    expect(mapKrakenError(gotError('TimeoutError', { code: 'ETIMEDOUT' }), scope).code).toBe('timeout');
    expect(mapKrakenError(gotError('RequestError', { code: 'ECONNREFUSED' }), scope).toJSON()).toEqual({
      code: 'network',
      retryable: true,
      message: 'Kraken BalanceEx: connection failed (ECONNREFUSED)',
    });
    expect(mapKrakenError(new SyntaxError('Unexpected end of JSON input'), scope).code).toBe('malformed_response');
    expect(mapKrakenError(new TypeError("Cannot read properties of null (reading 'error')"), scope).code).toBe('malformed_response');
  });

  it('keeps nothing of the raw error: no header, no body, no secret, whatever it held', () => {
    const raw = gotError('HTTPError', { response: { statusCode: 500, headers: {}, body: `{"error":["EGeneral:Internal error ${scope.secrets[0]}"]}` } });
    const mapped = mapKrakenError(raw, scope);
    for (const text of [JSON.stringify(mapped), String(mapped), mapped.message, mapped.stack ?? '']) {
      for (const secret of scope.secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain('API-Sign');
    }
  });
});

describe('transport errors from the sim, through the broker', () => {
  const key = generateKrakenCredential('kraken-errors');
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'kraken', state: { credentials: { kraken: [key] }, balances: { USD: { total: 10 } } } });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('a request that gets no answer is a retryable timeout', async () => {
    const connection = await connectToSim(sim, key, { timeoutMs: 200 });
    sim.injectFault({ fault: 'timeout' });
    const error = await rejectionOf(connection.fetchBalances(live()));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'timeout', retryable: true });
  });

  it('a reset connection is network; a literal HTTP 429 carries its Retry-After', async () => {
    const connection = await connectToSim(sim, key);
    // Pairs first, so that each read below is one request and each fault hits the request it is meant for.
    await connection.fetchMarkets(live());
    sim.injectFault({ fault: 'connection_reset', times: 1 });
    expect((await rejectionOf(connection.fetchOpenOrders(live()))).code).toBe('network');
    sim.injectFault({ fault: 'http_429', retryAfterSeconds: 2, times: 1 });
    const limited = await rejectionOf(connection.fetchOpenOrders(live()));
    expect({ code: limited.code, retryAfterMs: limited.retryAfterMs }).toEqual({ code: 'rate_limited', retryAfterMs: 2000 });
    expect(await connection.fetchOpenOrders(live())).toEqual([]);
  });

  it("Kraken's own rate limit (HTTP 200, EAPI:Rate limit exceeded) is rate_limited", async () => {
    await sim.stop();
    sim = await startExchangeSim({
      exchange: 'kraken',
      state: { credentials: { kraken: [key] }, balances: { USD: { total: 10 } } },
      rateLimit: { requestsPerSecond: 0.001, burst: 2 },
    });
    const connection = await connectToSim(sim, key);
    // Public calls have a bucket of their own (per address): Assets and AssetPairs take it.
    await connection.fetchMarkets(live());
    await connection.fetchOpenOrders(live());
    await connection.fetchOpenOrders(live());
    const error = await rejectionOf(connection.fetchOpenOrders(live()));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'rate_limited', retryable: true });
  });

  it('an abort releases the caller at once; the key lane waits for the request and the next call gets a fresh nonce', async () => {
    const connection = await connectToSim(sim, key);
    sim.setLatency(300);
    const controller = new AbortController();
    const pending = connection.fetchBalances(controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect((await rejectionOf(pending)).code).toBe('aborted');
    sim.setLatency(0);
    expect(await connection.fetchBalances(live())).toEqual([{ asset: 'USD', total: 10, free: 10 }]);
    expect(sim.requests.filter((request) => request.path === '/0/private/BalanceEx').map((request) => request.status)).toEqual([200, 200]);
  });
});
