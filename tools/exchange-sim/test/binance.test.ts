import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '../src/index.js';
import { generateBinanceCredential } from '../src/testing/index.js';
import { ccxtBinance, rejectionOf } from './helpers/clients.js';

const key = generateBinanceCredential('binance-test');
const other = generateBinanceCredential('binance-test-other');

const state: SimStateInput = {
  credentials: { binance: [key] },
  balances: {
    USDT: { free: 300, locked: 0 },
    BTC: { free: 0.0031, locked: 0 },
    ETH: { free: 0.02, locked: 0.03 },
    BNB: { free: 0.02, locked: 0 },
    TRX: { free: 3, locked: 0 },
    PEPE: { free: 8000, locked: 0 },
  },
  markets: {
    'BTC-USDT': { price: 97000, minQuantity: 0.00001, quantityStep: 0.00001, minNotional: 5 },
    'ETH-USDT': { price: 3400, minQuantity: 0.0001, quantityStep: 0.0001, minNotional: 5 },
    'BNB-USDT': { price: 600, minQuantity: 0.001, quantityStep: 0.001, minNotional: 5 },
    'TRX-USDT': { price: 0.25, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
    'PEPE-USDT': { price: 0.00001, minQuantity: 1, quantityStep: 1, minNotional: 1 },
  },
  openOrders: [{ id: '3456789012', clientOrderId: 'web_tp_eth_0001', symbol: 'ETH-USDT', side: 'sell', quantity: 0.03, price: 4200 }],
};

describe('binance sim, driven by ccxt.binance 4.5.84', () => {
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'binance', state });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('loads markets from exchangeInfo alone, reads free/locked, tickers, and open orders of every symbol', async () => {
    const exchange = ccxtBinance(sim, key);
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets)).toEqual(['BTC/USDT', 'ETH/USDT', 'BNB/USDT', 'TRX/USDT', 'PEPE/USDT']);
    expect(markets['PEPE/USDT']?.limits).toMatchObject({ amount: { min: 1 }, cost: { min: 1 } });
    expect(markets['BTC/USDT']?.precision.amount).toBe(0.00001);
    expect((await exchange.fetchBalance())['ETH']).toMatchObject({ free: 0.02, used: 0.03, total: 0.05 });
    const tickers = await exchange.fetchTickers(['BTC/USDT', 'TRX/USDT']);
    expect([tickers['BTC/USDT']?.last, tickers['TRX/USDT']?.last]).toEqual([97000, 0.25]);
    const open = await exchange.fetchOpenOrders();
    expect(open.map((order) => [order.id, order.symbol, order.amount, order.clientOrderId])).toEqual([['3456789012', 'ETH/USDT', 0.03, 'web_tp_eth_0001']]);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v3/exchangeInfo',
      'GET /api/v3/account',
      'GET /api/v3/ticker/24hr',
      'GET /api/v3/openOrders',
    ]);
  });

  it('market-sells at the market price and finds the order by its client order id', async () => {
    const exchange = ccxtBinance(sim, key);
    const order = await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001, undefined, { clientOrderId: 'fc-btc-1' });
    expect(order).toMatchObject({ status: 'closed', filled: 0.001, average: 97000, clientOrderId: 'fc-btc-1' });
    expect(sim.state.balances.USDT?.total).toBeCloseTo(397, 9);
    const found = await exchange.fetchOrder('', 'BTC/USDT', { origClientOrderId: 'fc-btc-1' });
    expect(found).toMatchObject({ id: order.id, status: 'closed', filled: 0.001 });
    expect(sim.requests.find((r) => r.method === 'POST')?.kind).toBe('order_placing');
  });

  it('rejects a client order id used by an OPEN order (-2010) but accepts one of a filled order again', async () => {
    const exchange = ccxtBinance(sim, key);
    await exchange.loadMarkets();
    const duplicate = await rejectionOf(exchange.createOrder('ETH/USDT', 'market', 'sell', 0.01, undefined, { clientOrderId: 'web_tp_eth_0001' }));
    expect(duplicate.message).toContain('"code":-2010,"msg":"Duplicate order sent."');
    await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001, undefined, { clientOrderId: 'reused' });
    await exchange.createOrder('BTC/USDT', 'market', 'sell', 0.001, undefined, { clientOrderId: 'reused' });
    expect(sim.state.balances.BTC?.total).toBeCloseTo(0.0011, 12);
  });

  it('applies LOT_SIZE, NOTIONAL and the free balance with Binance errors', async () => {
    const exchange = ccxtBinance(sim, key);
    await exchange.loadMarkets();
    const notional = await rejectionOf(exchange.createOrder('PEPE/USDT', 'market', 'sell', 100));
    // ccxt raises BadRequest for -1013: a broker must read the code, not the class.
    expect(notional.message).toContain('{"code":-1013,"msg":"Filter failure: NOTIONAL"}');
    // ccxt rounds amounts to the step before sending; the raw endpoint shows what Binance says to an off-step quantity.
    const lot = await rejectionOf(exchange.privatePostOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.000015' }));
    expect(lot.message).toContain('Filter failure: LOT_SIZE');
    const funds = await rejectionOf(exchange.createOrder('ETH/USDT', 'market', 'sell', 0.03));
    expect(funds.constructor.name).toBe('InsufficientFunds');
    expect(sim.requests.filter((r) => r.kind === 'order_placing').map((r) => r.status)).toEqual([400, 400, 400]);
  });

  it('cancels an open order; a second cancel and an unknown order are OrderNotFound', async () => {
    const exchange = ccxtBinance(sim, key);
    await exchange.loadMarkets();
    const cancelled = await exchange.cancelOrder('3456789012', 'ETH/USDT');
    expect(cancelled.status).toBe('canceled');
    expect((await exchange.fetchBalance())['ETH']).toMatchObject({ free: 0.05, used: 0 });
    expect((await rejectionOf(exchange.cancelOrder('3456789012', 'ETH/USDT'))).constructor.name).toBe('OrderNotFound');
    expect((await rejectionOf(exchange.fetchOrder('42', 'ETH/USDT'))).constructor.name).toBe('OrderNotFound');
  });

  it('converts dust to BNB once per 24 hours, refusing assets worth 0.001 BTC or more', async () => {
    const exchange = ccxtBinance(sim, key);
    const listed = await exchange.sapiPostAssetDustBtc();
    // Binance counts the FREE balance: 0.02 ETH (the rest is held by an order) is worth under 0.001 BTC.
    expect(listed.details.map((detail: { asset: string }) => detail.asset)).toEqual(['ETH', 'TRX', 'PEPE']);
    const tooBig = await rejectionOf(exchange.sapiPostAssetDust({ asset: ['BTC'] }));
    expect(tooBig.message).toContain('-5004');
    const converted = await exchange.sapiPostAssetDust({ asset: ['TRX', 'PEPE'] });
    expect(converted.transferResult.map((result: { fromAsset: string }) => result.fromAsset)).toEqual(['TRX', 'PEPE']);
    expect(sim.state.balances.TRX?.total).toBe(0);
    expect(sim.state.balances.BNB?.total).toBeGreaterThan(0.02);
    const again = await rejectionOf(exchange.sapiPostAssetDust({ asset: ['BNB'] }));
    expect(again.message).toContain('{"code":-5006,"msg":"Only transfer once in 24 hours."}');
  });

  it('rejects an unknown key (-2015), a wrong secret (-1022) and a stale timestamp (-1021)', async () => {
    expect((await rejectionOf(ccxtBinance(sim, other).fetchBalance())).message).toContain('-2015');
    const wrongSecret = ccxtBinance(sim, { apiKey: key.apiKey, secret: other.secret });
    const signature = await rejectionOf(wrongSecret.fetchBalance());
    expect(signature.constructor.name).toBe('AuthenticationError');
    expect(signature.message).toContain('-1022');
    await sim.stop();
    sim = await startExchangeSim({ exchange: 'binance', state, now: () => Date.now() + 60_000 });
    const stale = await rejectionOf(ccxtBinance(sim, key).fetchBalance());
    expect(stale.constructor.name).toBe('InvalidNonce');
    expect(stale.message).toContain('outside of the recvWindow');
  });

  it('logs the API key only: no secret and no signature', async () => {
    await ccxtBinance(sim, key).fetchBalance();
    const log = JSON.stringify(sim.requests);
    expect(log).toContain(key.apiKey);
    expect(log).not.toContain(key.secret);
    expect(log).not.toContain('signature');
  });
});
