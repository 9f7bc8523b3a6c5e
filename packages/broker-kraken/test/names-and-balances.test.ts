import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleState, startExchangeSim, type ExchangeSim } from '@forced-cleanup/exchange-sim';
import { sampleCredentials } from '@forced-cleanup/exchange-sim/testing';
import type { BrokerConnection } from '@forced-cleanup/contract';
import { AssetNames, PairDirectory } from '../src/index.js';
import { AssetPairsResultSchema } from '../src/kraken-responses.js';
import { connectToSim, live } from './helpers/broker-context.js';

/*
 * Kraken's names (XXBT, ZUSD, XXDG, XBT.F, XXBTZUSD/XBTUSD/XBT/USD) become neutral ones, and free balances
 * come from BalanceEx (`balance − hold_trade`), on the sim's sample Kraken portfolio: a DOT sell holding 2 DOT,
 * and staked DOT.S / BTC.F balances without a market.
 */

describe('the sample Kraken portfolio, read through the broker', () => {
  let sim: ExchangeSim;
  let connection: BrokerConnection;
  beforeAll(async () => {
    const state = sampleState('kraken');
    state.markets = { ...state.markets, 'XLM-USD': { price: null, minQuantity: 1, quantityStep: 1, minNotional: 0.5 } };
    sim = await startExchangeSim({ exchange: 'kraken', state });
    connection = await connectToSim(sim, sampleCredentials().kraken);
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('reads balances with BalanceEx, neutral names, free = balance − hold_trade, staked balances priced as their base', async () => {
    const balances = await connection.fetchBalances(live());
    expect(balances.sort((a, b) => a.asset.localeCompare(b.asset))).toEqual([
      { asset: 'BTC', total: 0.012, free: 0.012 },
      { asset: 'BTC.F', total: 0.0005, free: 0.0005, priceAs: 'BTC' },
      { asset: 'DOGE', total: 12, free: 12 },
      { asset: 'DOT', total: 3.5, free: 1.5 },
      { asset: 'DOT.S', total: 10, free: 10, priceAs: 'DOT' },
      { asset: 'ETH', total: 0.25, free: 0.25 },
      { asset: 'SHIB', total: 90000, free: 90000 },
      { asset: 'USD', total: 500, free: 500 },
    ]);
    const privatePaths = sim.requests.filter((request) => request.path.startsWith('/0/private/')).map((request) => request.path);
    expect(privatePaths).toEqual(['/0/private/BalanceEx']);
  });

  it('maps pairs to BASE-QUOTE with ordermin, lot_decimals and costmin as the market rules', async () => {
    const markets = await connection.fetchMarkets(live());
    expect(markets.map((market) => market.symbol).sort()).toEqual(['BTC-USD', 'DOGE-USD', 'DOT-USD', 'ETH-USD', 'SHIB-USD', 'XLM-USD']);
    expect(markets.find((market) => market.symbol === 'BTC-USD')).toEqual({
      symbol: 'BTC-USD',
      base: 'BTC',
      quote: 'USD',
      minQuantity: 0.00005,
      quantityStep: 0.00000001,
      minNotional: 0.5,
    });
    expect(markets.find((market) => market.symbol === 'SHIB-USD')).toMatchObject({ minQuantity: 50000, quantityStep: 1 });
    expect(markets.find((market) => market.symbol === 'DOGE-USD')).toMatchObject({ base: 'DOGE', minQuantity: 15 });
  });

  it('prices through Ticker c[0]; an idle pair (price 0) and an unknown symbol are null', async () => {
    const prices = await connection.fetchPrices(['BTC-USD', 'DOGE-USD', 'XLM-USD', 'NOPE-USD'], live());
    expect(prices).toEqual({ 'BTC-USD': 97000, 'DOGE-USD': 0.38, 'XLM-USD': null, 'NOPE-USD': null });
  });

  it('a read of balances, markets and open orders together reads the pairs once', async () => {
    const fresh = await connectToSim(sim, sampleCredentials().kraken);
    const before = sim.requests.length;
    await Promise.all([fresh.fetchBalances(live()), fresh.fetchMarkets(live()), fresh.fetchOpenOrders(live())]);
    const paths = sim.requests.slice(before).map((request) => request.path).sort();
    expect(paths).toEqual(['/0/private/BalanceEx', '/0/private/OpenOrders', '/0/public/AssetPairs', '/0/public/Assets']);
  });

  it('lists open orders of every pair, the pair altname (DOTUSD) mapped back to DOT-USD', async () => {
    expect(await connection.fetchOpenOrders(live())).toEqual([
      { id: 'OQCLML-BW3P3-BUCMWZ', symbol: 'DOT-USD', base: 'DOT', quote: 'USD', side: 'sell', quantity: 2, price: 9.5, clientOrderId: null },
    ]);
  });
});

describe('AssetNames', () => {
  const directory = new AssetNames(new Map([['XXBT', 'XBT'], ['ZUSD', 'USD'], ['XXDG', 'XDG'], ['DOT', 'DOT'], ['XBT.F', 'XBT.F']]));

  it('names legacy ids by their altname, with XBT → BTC and XDG → DOGE', () => {
    expect(['XXBT', 'ZUSD', 'XXDG', 'DOT', 'XBT'].map((id) => directory.common(id))).toEqual(['BTC', 'USD', 'DOGE', 'DOT', 'BTC']);
  });

  it('falls back to the legacy table when the Assets directory does not list an id', () => {
    const bare = new AssetNames();
    expect(['XXBT', 'XETH', 'ZUSD', 'ZEUR', 'XXDG', 'SOL'].map((id) => bare.common(id))).toEqual(['BTC', 'ETH', 'USD', 'EUR', 'DOGE', 'SOL']);
  });

  it('keeps the suffix of staking and earn balances and prices them as their base', () => {
    expect(directory.neutral('XBT.F')).toEqual({ asset: 'BTC.F', priceAs: 'BTC' });
    expect(directory.neutral('DOT.S')).toEqual({ asset: 'DOT.S', priceAs: 'DOT' });
    expect(directory.neutral('XXBT.M')).toEqual({ asset: 'BTC.M', priceAs: 'BTC' });
    expect(directory.neutral('USDT.B')).toEqual({ asset: 'USDT.B', priceAs: 'USDT' });
    expect(directory.neutral('DOT.P')).toEqual({ asset: 'DOT.P', priceAs: 'DOT' });
    expect(directory.neutral('XXBT')).toEqual({ asset: 'BTC', priceAs: null });
  });
});

describe('PairDirectory', () => {
  const pairs = AssetPairsResultSchema.parse({
    XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', lot_decimals: 8, ordermin: '0.00005', costmin: '0.5', status: 'online' },
    'XXBTZUSD.d': { altname: 'XBTUSD.d', base: 'XXBT', quote: 'ZUSD', lot_decimals: 8, ordermin: '0.00005' },
    LUNAUSD: { altname: 'LUNAUSD', wsname: 'LUNA/USD', base: 'LUNA', quote: 'ZUSD', lot_decimals: 2, ordermin: '1', status: 'cancel_only' },
    DOTUSD: { altname: 'DOTUSD', wsname: 'DOT/USD', base: 'DOT', quote: 'ZUSD', lot_decimals: 8, ordermin: '0', costmin: '0' },
  });
  const directory = new PairDirectory(pairs, new AssetNames());

  it('finds a pair by neutral symbol or by any Kraken name (key, altname, wsname)', () => {
    for (const name of ['XXBTZUSD', 'XBTUSD', 'XBT/USD', 'xbtusd']) expect(directory.findByName(name)?.symbol).toBe('BTC-USD');
    expect(directory.findBySymbol('BTC-USD')?.key).toBe('XXBTZUSD');
    expect(directory.findByName('XBTUSD.d')).toBeNull();
  });

  it('offers only pairs that take market orders as markets; a rule of 0 does not apply', () => {
    expect(directory.marketRules()).toEqual([
      { symbol: 'BTC-USD', base: 'BTC', quote: 'USD', minQuantity: 0.00005, quantityStep: 1e-8, minNotional: 0.5 },
      { symbol: 'DOT-USD', base: 'DOT', quote: 'USD', minQuantity: null, quantityStep: 1e-8, minNotional: null },
    ]);
    expect(directory.findByName('LUNAUSD')).toMatchObject({ symbol: 'LUNA-USD', online: false });
  });
});
