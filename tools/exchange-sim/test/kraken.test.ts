import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '../src/index.js';
import { generateKrakenCredential } from '../src/testing/index.js';
import { ccxtKraken, krakenApiClient, rejectionOf } from './helpers/clients.js';

const key = generateKrakenCredential('kraken-test');
const other = generateKrakenCredential('kraken-test-other');

const state: SimStateInput = {
  credentials: { kraken: [key, other] },
  balances: { USD: { total: 500 }, BTC: { total: 0.012 }, DOT: { total: 3.5 }, SHIB: { total: 90000 }, 'DOT.S': { total: 10 } },
  markets: {
    'BTC-USD': { price: 97000, minQuantity: 0.00005, quantityStep: 0.00000001, minNotional: 0.5 },
    'DOT-USD': { price: 6.5, minQuantity: 0.5, quantityStep: 0.00000001, minNotional: 5 },
    'SHIB-USD': { price: 0.0000245, minQuantity: 50000, quantityStep: 1, minNotional: 0.5 },
  },
  openOrders: [{ id: 'OQCLML-BW3P3-BUCMWZ', userref: 42, symbol: 'DOT-USD', side: 'sell', quantity: 2, price: 9.5 }],
};

describe('kraken sim, driven by kraken-api 1.0.2', () => {
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'kraken', state });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('reads pairs (Kraken names and rules), tickers, balances and open orders', async () => {
    const kraken = krakenApiClient(sim, key);
    const pairs = (await kraken.api('AssetPairs')).result;
    expect(Object.keys(pairs)).toEqual(['XXBTZUSD', 'DOTUSD', 'SHIBUSD']);
    expect(pairs.XXBTZUSD).toMatchObject({ altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', ordermin: '0.00005', costmin: '0.5', lot_decimals: 8 });
    const ticker = (await kraken.api('Ticker', { pair: 'XBTUSD' })).result;
    expect(ticker.XXBTZUSD.c[0]).toBe('97000.0');
    expect((await kraken.api('Balance')).result).toMatchObject({ ZUSD: '500.0000', XXBT: '0.0120000000', 'DOT.S': '10.0000000000' });
    const ex = (await kraken.privateMethod('BalanceEx')).result;
    expect(ex.DOT).toEqual({ balance: '3.5000000000', hold_trade: '2.0000000000' });
    const open = (await kraken.api('OpenOrders')).result.open;
    expect(open['OQCLML-BW3P3-BUCMWZ']).toMatchObject({ userref: 42, status: 'open', descr: { pair: 'DOTUSD', type: 'sell', ordertype: 'limit' }, vol: '2.00000000' });
    expect(sim.requests.map((r) => r.kind)).toEqual(['read', 'read', 'read', 'read', 'read']);
  });

  it('refuses to sell what an open order holds: EOrder:Insufficient funds', async () => {
    const error = await rejectionOf(krakenApiClient(sim, key).api('AddOrder', { pair: 'DOTUSD', type: 'sell', ordertype: 'market', volume: '3' }));
    // kraken-api strips the leading "E" of Kraken's error strings.
    expect(error.message).toBe('Order:Insufficient funds');
    expect(sim.state.balances.DOT?.total).toBe(3.5);
  });

  it('market-sells, credits ZUSD, and finds the order by cl_ord_id and by userref', async () => {
    const kraken = krakenApiClient(sim, key);
    const placed = (await kraken.api('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.01', cl_ord_id: 'fc-btc-0001' })).result;
    expect(placed.descr.order).toBe('sell 0.01000000 XBTUSD @ market');
    const [txid] = placed.txid as string[];
    expect(sim.state.balances.USD?.total).toBeCloseTo(500 + 970, 9);
    const closed = (await kraken.api('ClosedOrders', { cl_ord_id: 'fc-btc-0001' })).result;
    expect(closed.count).toBe(1);
    expect(closed.closed[txid ?? '']).toMatchObject({ status: 'closed', cl_ord_id: 'fc-btc-0001', vol_exec: '0.01000000', price: '97000.0' });
    expect((await kraken.api('QueryOrders', { txid, trades: true })).result[txid ?? ''].trades).toHaveLength(1);

    const byRef = (await kraken.api('AddOrder', { pair: 'XXBTZUSD', type: 'sell', ordertype: 'market', volume: '0.0001', userref: 7 })).result;
    const found = (await kraken.api('ClosedOrders', { userref: 7 })).result.closed;
    expect(Object.keys(found)).toEqual(byRef.txid);
  });

  it('accepts a cl_ord_id again once its market order has filled (uniqueness is among open orders only)', async () => {
    const kraken = krakenApiClient(sim, key);
    await kraken.api('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.001', cl_ord_id: 'same-id' });
    await kraken.api('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.001', cl_ord_id: 'same-id' });
    expect(sim.state.balances.BTC?.total).toBeCloseTo(0.01, 12);
    expect((await kraken.api('ClosedOrders', { cl_ord_id: 'same-id' })).result.count).toBe(2);
    const bad = await rejectionOf(kraken.api('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '0.001', cl_ord_id: 'much-too-long-client-order-id' }));
    expect(bad.message).toBe('General:Invalid arguments:cl_ord_id');
  });

  it('enforces ordermin, costmin and lot_decimals with Kraken errors', async () => {
    const kraken = krakenApiClient(sim, key);
    const sell = (pair: string, volume: string) => rejectionOf(kraken.api('AddOrder', { pair, type: 'sell', ordertype: 'market', volume }));
    expect((await sell('XBTUSD', '0.00001')).message).toBe('Order:Order minimum not met');
    expect((await sell('DOTUSD', '0.6')).message).toBe('Order:Cost minimum not met');
    expect((await sell('XBTUSD', '0.000100001')).message).toBe('General:Invalid arguments:volume');
    expect((await sell('NOPEUSD', '1')).message).toBe('Query:Unknown asset pair');
    expect(sim.state.pastOrders).toHaveLength(0);
  });

  it('cancels by txid and by userref; a second cancel is EOrder:Unknown order', async () => {
    const kraken = krakenApiClient(sim, key);
    expect((await kraken.api('CancelOrder', { txid: 'OQCLML-BW3P3-BUCMWZ' })).result).toEqual({ count: 1 });
    expect((await rejectionOf(kraken.api('CancelOrder', { txid: 'OQCLML-BW3P3-BUCMWZ' }))).message).toBe('Order:Unknown order');
    expect((await kraken.privateMethod('BalanceEx')).result.DOT.hold_trade).toBe('0.0000000000');
    expect((await kraken.api('QueryOrders', { txid: 'OQCLML-BW3P3-BUCMWZ' })).result['OQCLML-BW3P3-BUCMWZ']).toMatchObject({ status: 'canceled', reason: 'User requested' });
    expect(sim.requests.filter((r) => r.kind === 'cancelling').map((r) => r.status)).toEqual([200, 200]);
  });

  it('rejects an unknown key and a wrong secret', async () => {
    const stranger = generateKrakenCredential('not-in-state');
    expect((await rejectionOf(krakenApiClient(sim, stranger).api('Balance'))).message).toBe('API:Invalid key');
    const wrongSecret = { apiKey: key.apiKey, secret: other.secret };
    expect((await rejectionOf(krakenApiClient(sim, wrongSecret).api('Balance'))).message).toBe('API:Invalid signature');
  });

  it('rejects a reused or stale nonce, including the one kraken-api writes back into a reused params object', async () => {
    const kraken = krakenApiClient(sim, key);
    await kraken.api('Balance', { nonce: 5_000 });
    expect((await rejectionOf(kraken.api('Balance', { nonce: 5_000 }))).message).toBe('API:Invalid nonce');
    expect((await rejectionOf(kraken.api('Balance', { nonce: 4_999 }))).message).toBe('API:Invalid nonce');
    const params: Record<string, unknown> = {};
    await kraken.api('Balance', params);
    expect(params.nonce).toBeTypeOf('number');
    expect((await rejectionOf(kraken.api('Balance', params))).message).toBe('API:Invalid nonce');
    // Nonces are per key: another key starts from scratch.
    expect((await krakenApiClient(sim, other).api('Balance', { nonce: 1 })).error).toEqual([]);
  });
});

describe('kraken sim, driven by ccxt.kraken 4.5.84', () => {
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'kraken', state });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('loads markets, reads free and used balances, sells with a clientOrderId and fetches the order', async () => {
    const exchange = ccxtKraken(sim, key);
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets)).toEqual(['BTC/USD', 'DOT/USD', 'SHIB/USD']);
    expect(markets['SHIB/USD']?.limits.amount?.min).toBe(50000);
    const dot = (await exchange.fetchBalance())['DOT'];
    expect(dot).toMatchObject({ free: 1.5, used: 2, total: 3.5 });
    const open = await exchange.fetchOpenOrders();
    expect(open.map((order) => [order.id, order.symbol, order.amount])).toEqual([['OQCLML-BW3P3-BUCMWZ', 'DOT/USD', 2]]);
    const order = await exchange.createOrder('BTC/USD', 'market', 'sell', 0.002, undefined, { clientOrderId: 'ccxt-sell-1' });
    const fetched = await exchange.fetchOrder(String(order.id));
    expect(fetched).toMatchObject({ clientOrderId: 'ccxt-sell-1', status: 'closed', filled: 0.002, average: 97000 });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toContain('GET /0/public/AssetPairs');
  });

  it('reports a wrong secret as a plain ExchangeError (ccxt maps only EAPI:Invalid key to AuthenticationError)', async () => {
    const exchange = ccxtKraken(sim, { apiKey: key.apiKey, secret: other.secret });
    await exchange.loadMarkets();
    const error = await rejectionOf(exchange.fetchBalance());
    expect(error.constructor.name).toBe('ExchangeError');
    expect(error.message).toContain('EAPI:Invalid signature');
    expect((await rejectionOf(ccxtKraken(sim, generateKrakenCredential('nobody')).fetchBalance())).constructor.name).toBe('AuthenticationError');
  });

  it("rejects ccxt's millisecond nonces once kraken-api's microsecond nonces were used on the same key", async () => {
    await krakenApiClient(sim, key).api('Balance');
    const error = await rejectionOf(ccxtKraken(sim, key).fetchBalance());
    expect(error.constructor.name).toBe('InvalidNonce');
  });
});
