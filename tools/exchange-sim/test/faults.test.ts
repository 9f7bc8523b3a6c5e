import ccxt from 'ccxt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startExchangeSim, type ExchangeSim } from '../src/index.js';
import { sampleCredentials } from '../src/testing/index.js';
import { ccxtBinance, coinbaseClient, krakenApiClient, rejectionOf } from './helpers/clients.js';

/**
 * Every injected fault, seen from a real client library. The sample states are used: their keys come from
 * `sampleCredentials()`.
 */

const keys = sampleCredentials();
let sim: ExchangeSim;

afterEach(async () => {
  await sim.stop();
});

describe('injected faults, seen by ccxt.binance', { timeout: 15_000 }, () => {
  it('http_429 answers with Binance\'s -1003 and a Retry-After, without performing the request', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const exchange = ccxtBinance(sim, keys.binance);
    sim.injectFault({ match: { kind: 'order_placing' }, fault: 'http_429', retryAfterSeconds: 7, times: 1 });
    await exchange.loadMarkets();
    const error = await rejectionOf(exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001));
    // ccxt.binance turns an HTTP 429 into DDoSProtection (and -1003 bodies into RateLimitExceeded): back off on both.
    expect(error).toBeInstanceOf(ccxt.DDoSProtection);
    expect((exchange.last_response_headers as Record<string, string> | undefined)?.['Retry-After']).toBe('7');
    expect(sim.state.pastOrders).toHaveLength(0);
    // `times: 1` is spent: the same call now goes through.
    await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001);
    expect(sim.state.pastOrders).toHaveLength(1);
    expect(sim.requests.filter((r) => r.kind === 'order_placing').map((r) => [r.status, r.fault])).toEqual([
      [429, 'http_429'],
      [200, undefined],
    ]);
  });

  it('http_5xx and connection_reset fail the call, malformed_json reaches the client; none performs the request', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const exchange = ccxtBinance(sim, keys.binance);
    await exchange.loadMarkets();
    sim.injectFault({ match: { pathIncludes: '/api/v3/account' }, fault: 'http_5xx', times: 1 });
    const unavailable = await rejectionOf(exchange.fetchBalance());
    expect(unavailable).toBeInstanceOf(ccxt.OperationFailed);
    expect(unavailable.message).toContain('-1001');
    sim.injectFault({ match: { method: 'POST' }, fault: 'connection_reset', times: 1 });
    const reset = await rejectionOf(exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001));
    expect(reset).toBeInstanceOf(ccxt.NetworkError);
    sim.injectFault({ match: { kind: 'read' }, fault: 'malformed_json', times: 1 });
    // ccxt does NOT reject a body it cannot parse: it returns an EMPTY balance whose `info` is the raw text.
    // A broker must validate what ccxt hands back, or it reads "no holdings" from a broken answer.
    const malformed = await exchange.fetchBalance();
    expect(malformed.info).toBe('{"result":{"error":[');
    expect(malformed.total).toEqual({});
    expect(sim.state.pastOrders).toHaveLength(0);
    expect(sim.requests.map((r) => r.fault).filter(Boolean)).toEqual(['http_5xx', 'connection_reset', 'malformed_json']);
  });

  it('timeout holds the socket until the client gives up; latency does the same until lowered', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const exchange = ccxtBinance(sim, keys.binance, 1000);
    sim.injectFault({ match: { pathIncludes: 'exchangeInfo' }, fault: 'timeout', times: 1 });
    expect((await rejectionOf(exchange.loadMarkets())).constructor.name).toBe('RequestTimeout');
    await vi.waitFor(() => expect(sim.requests.at(-1)).toMatchObject({ status: 0, fault: 'timeout' }), { timeout: 3000 });
    sim.setLatency(3000);
    expect((await rejectionOf(exchange.fetchTime())).constructor.name).toBe('RequestTimeout');
    sim.setLatency(0);
    expect(await exchange.fetchTime()).toBeTypeOf('number');
  });

  it('executed_response_lost performs the order, then drops the connection: the client id finds it', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    const exchange = ccxtBinance(sim, keys.binance);
    await exchange.loadMarkets();
    sim.injectFault({ match: { kind: 'order_placing' }, fault: 'executed_response_lost', times: 1 });
    const lost = await rejectionOf(exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001, undefined, { clientOrderId: 'fc-lost-1' }));
    expect(lost).toBeInstanceOf(ccxt.NetworkError);
    const found = await exchange.fetchOrder('', 'BTC/USDT', { origClientOrderId: 'fc-lost-1' });
    expect(found).toMatchObject({ status: 'closed', filled: 0.001 });
    expect(sim.state.balances.BTC?.total).toBeCloseTo(0.0021, 12);
  });

  it('refuses a malformed fault spec', async () => {
    sim = await startExchangeSim({ exchange: 'binance' });
    expect(() => sim.injectFault({ fault: 'explode' as never })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    expect(() => sim.setLatency(-1)).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });
});

describe('injected faults, seen by kraken-api (got) and coinbase-advanced-node (axios + axios-retry)', { timeout: 15_000 }, () => {
  it('kraken: a timeout surfaces as a got TimeoutError; a lost AddOrder response is found by cl_ord_id', async () => {
    sim = await startExchangeSim({ exchange: 'kraken' });
    const kraken = krakenApiClient(sim, keys.kraken, 1000);
    sim.injectFault({ match: { pathIncludes: 'Balance' }, fault: 'timeout', times: 1 });
    expect((await rejectionOf(kraken.api('Balance'))).name).toBe('TimeoutError');
    sim.injectFault({ match: { kind: 'order_placing' }, fault: 'executed_response_lost', times: 1 });
    const lost = await rejectionOf(kraken.api('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.001', cl_ord_id: 'kr-lost-1' }));
    expect(lost.code).toBe('ECONNRESET');
    const closed = (await kraken.api('ClosedOrders', { cl_ord_id: 'kr-lost-1' })).result;
    expect(closed.count).toBe(1);
    sim.injectFault({ fault: 'http_429', retryAfterSeconds: 3, times: 1 });
    const limited = await rejectionOf(kraken.api('Time'));
    expect(limited.response?.statusCode).toBe(429);
    expect(limited.response?.headers['retry-after']).toBe('3');
  });

  it('coinbase: axios-retry resends a POST whose response was lost; Coinbase idempotency returns the same order', async () => {
    sim = await startExchangeSim({ exchange: 'coinbase' });
    const client = coinbaseClient(sim, keys.coinbase.ecdsa, { retries: 1 });
    sim.injectFault({ match: { kind: 'order_placing' }, fault: 'executed_response_lost', times: 1 });
    const placed = await client.rest.order.placeOrder({
      client_order_id: 'cb-lost-1', product_id: 'ETH-USD', side: 'SELL' as never, order_configuration: { market_market_ioc: { base_size: '0.1' } },
    });
    expect(placed.success).toBe(true);
    const sells = sim.state.pastOrders.filter((order) => order.clientOrderId === 'cb-lost-1');
    expect(sells.map((order) => order.id)).toEqual([placed.success_response?.order_id]);
    expect(sim.requests.filter((r) => r.kind === 'order_placing').map((r) => [r.status, r.fault])).toEqual([
      [0, 'executed_response_lost'],
      [200, undefined],
    ]);
  });
});
