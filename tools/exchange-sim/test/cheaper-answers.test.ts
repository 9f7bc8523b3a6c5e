import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSimState, sampleState, startExchangeSim } from '../src/index.js';
import { BinanceListings } from '../src/exchanges/binance/listings.js';
import { neutralSymbol, symbolInfoView, ticker24hView } from '../src/exchanges/binance/wire.js';
import { CoinbaseListings } from '../src/exchanges/coinbase/listings.js';
import { accountView, productView, stableUuid } from '../src/exchanges/coinbase/wire.js';
import { FragmentCache } from '../src/server/fragment-cache.js';
import { clean, decimalPlaces, fixed, plain } from '../src/state/decimal.js';
import { allBalances, allOrders, balanceOf, findByClientOrderId, ordersWhere, type AnyOrder } from '../src/state/ledger.js';
import { holdsOfOrders } from '../src/state/schema.js';
import { coinbaseJwt, generateCoinbaseKey } from '../src/testing/index.js';

/**
 * What the sim does to answer more cheaply must not change a byte of what it answers: listings written from
 * remembered items equal `JSON.stringify` of the fresh views after every change to the state, the decimal
 * helpers equal their straightforward definitions, and the shortcuts in lookups find what a full scan finds.
 */

/** The definitions the faster helpers must agree with (as they were first written). */
const reference = {
  clean: (value: number) => (!Number.isFinite(value) || value === 0 ? (value === 0 ? 0 : value) : Number.parseFloat(value.toPrecision(15))),
  decimalPlaces(value: number): number {
    const text = reference.clean(value).toString();
    const exponent = /e-(\d+)$/.exec(text);
    if (exponent?.[1] !== undefined) {
      const mantissa = text.slice(0, text.indexOf('e'));
      return Number(exponent[1]) + (mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0);
    }
    return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  },
  plain: (value: number) => reference.clean(value).toFixed(Math.min(12, reference.decimalPlaces(value))),
};

const anyNumber = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
  fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 12 })).map(([units, places]) => units / 10 ** places),
  fc.constantFrom(0, -0, 1e15, 1e15 - 1, -1e15 + 1, 1.5e21, 1e-7, 1.5e-7, 0.1 + 0.2, 0.0000245, Number.NaN, Number.POSITIVE_INFINITY),
);

describe('decimal helpers', () => {
  it('clean, decimalPlaces and plain agree with their definitions for any number', () => {
    fc.assert(
      fc.property(anyNumber, (value) => {
        expect(Object.is(clean(value), reference.clean(value))).toBe(true);
        expect(decimalPlaces(value)).toBe(reference.decimalPlaces(value));
        expect(plain(value)).toBe(reference.plain(value));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('listings written from remembered items', () => {
  it('Binance exchangeInfo, ticker/24hr and account equal the fresh views after prices, rules and balances move', () => {
    const state = parseSimState(sampleState('binance'));
    const listings = new BinanceListings(state);
    const symbols = Object.keys(state.markets);
    const check = (now: number) => {
      const info = JSON.parse(listings.exchangeInfo(symbols, now).body) as { serverTime: number; symbols: unknown[] };
      expect(info.symbols).toEqual(symbols.map((symbol) => symbolInfoView(symbol, state.markets[symbol] as never)));
      expect(info.serverTime).toBe(now);
      expect(listings.tickers24h(symbols, false, now).body).toBe(JSON.stringify(symbols.map((symbol) => ticker24hView(symbol, state.markets[symbol] as never, now))));
      expect(listings.tickers24h(symbols.slice(1, 2), true, now).body).toBe(JSON.stringify(ticker24hView(symbols[1] as string, state.markets[symbols[1] as string] as never, now)));
      // The account answer as the protocol wrote it before balances were remembered.
      const balances = allBalances(state).map(([asset, balance]) => ({ asset, free: fixed(balance.free, 8), locked: fixed(balance.held, 8) }));
      expect(listings.account(allBalances(state), now).body).toBe(
        JSON.stringify({
          makerCommission: 10,
          takerCommission: 10,
          buyerCommission: 0,
          sellerCommission: 0,
          commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
          canTrade: true,
          canWithdraw: true,
          canDeposit: true,
          brokered: false,
          requireSelfTradePrevention: false,
          preventSor: false,
          updateTime: now,
          accountType: 'SPOT',
          balances,
          permissions: ['SPOT'],
          uid: 354937868,
        }),
      );
    };
    check(1_700_000_000_000);
    check(1_700_000_000_000); // the same again: every item now comes from memory
    const btc = state.markets['BTC-USDT'];
    if (!btc) throw new Error('sample state has BTC-USDT');
    btc.price = 101_234.5;
    btc.quantityStep = 0.001;
    const eth = state.balances.ETH;
    if (!eth) throw new Error('sample state has ETH');
    eth.total = 0.5;
    check(1_700_000_001_234);
  });

  it('Binance exchangeInfo items are shared by sims only where they are the same', () => {
    const info = (state: ReturnType<typeof parseSimState>) => new BinanceListings(state).exchangeInfo(Object.keys(state.markets), 1).body;
    const fresh = (state: ReturnType<typeof parseSimState>) =>
      JSON.stringify(Object.keys(state.markets).map((symbol) => symbolInfoView(symbol, state.markets[symbol] as never)));
    const withPrice = (price: number, step: number) => parseSimState({ balances: {}, markets: { 'X-USD': { price, quantityStep: step }, 'Y-USD': { price: 2 } } });
    const states = [withPrice(1.2345, 0.01), withPrice(6.789, 0.01), withPrice(1.234567, 0.01), withPrice(1.2345, 0.001), withPrice(1.2345, 0.01)];
    for (const state of [...states, ...states.reverse()]) expect(info(state).endsWith(`"symbols":${fresh(state)}}`)).toBe(true);
  });

  it('Coinbase accounts and products equal the fresh views after prices and balances move', () => {
    const state = parseSimState(sampleState('coinbase'));
    const listings = new CoinbaseListings();
    const check = () => {
      const page = allBalances(state);
      expect(listings.accountsPage(page, false, '').body).toBe(JSON.stringify({ accounts: page.map(([asset, balance]) => accountView(asset, balance)), has_next: false, cursor: '', size: page.length }));
      const products = Object.entries(state.markets).map(([symbol, market]) => productView(symbol, market));
      expect(listings.productList(state.markets).body).toBe(JSON.stringify({ products, num_products: products.length }));
    };
    check();
    check();
    const sol = state.markets['SOL-USD'];
    const usd = state.balances.USD;
    if (!sol || !usd) throw new Error('sample state has SOL-USD and USD');
    sol.price = 181.25;
    sol.minNotional = 5;
    usd.total = 10;
    usd.held = 2.5;
    check();
  });

  it('renders an item again when any input differs, NaN and -0 included', () => {
    const cache = new FragmentCache();
    let renders = 0;
    const json = (inputs: unknown[]) =>
      cache.json('item', inputs, () => {
        renders += 1;
        return JSON.stringify(inputs);
      });
    json([1, null]);
    json([1, null]);
    expect(renders).toBe(1);
    expect(json([1, 2])).toBe('[1,2]');
    expect(json([Number.NaN])).toBe('[null]');
    json([Number.NaN]);
    expect(renders).toBe(3);
    json([-0]);
    json([0]);
    expect(renders).toBe(5);
  });
});

describe('lookups that no longer scan everything', () => {
  it('neutralSymbol finds what a scan of every market finds, ambiguous cuts included', () => {
    const state = parseSimState({ balances: {}, markets: { 'AB-CD': { price: 1 }, 'ABC-D': { price: 1 }, 'BTC-USDT': { price: 1 }, 'X-Y': { price: 1 } } });
    const scan = (wire: string) => Object.keys(state.markets).find((symbol) => symbol.replace('-', '') === wire) ?? null;
    for (const wire of ['ABCD', 'BTCUSDT', 'XY', 'BTCUSD', 'NOPE', '', 'B']) expect(neutralSymbol(state, wire)).toBe(scan(wire));
  });

  it('ordersWhere keeps allOrders’ order (open first, then newest first, ties in reverse insertion order)', () => {
    const state = parseSimState({
      balances: { A: { total: 100 }, B: { total: 100 } },
      markets: { 'A-USD': { price: 1 }, 'B-USD': { price: 1 } },
      openOrders: [
        { id: 'o1', symbol: 'A-USD', side: 'sell', quantity: 1, price: 2 },
        { id: 'o2', symbol: 'B-USD', side: 'sell', quantity: 1, price: 2 },
      ],
      pastOrders: ['2024-01-02T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00+02:00'].map((at, index) => ({
        id: `p${index}`,
        symbol: index % 2 === 0 ? 'A-USD' : 'B-USD',
        side: 'sell' as const,
        type: 'market' as const,
        quantity: 1,
        filledQuantity: 1,
        averagePrice: 1,
        status: 'filled' as const,
        createdAt: at,
        closedAt: at,
      })),
    });
    const predicates: Array<(entry: AnyOrder) => boolean> = [() => true, (entry) => entry.open, (entry) => !entry.open, (entry) => entry.order.symbol === 'A-USD', (entry) => entry.order.id !== 'p2'];
    for (const keep of predicates) expect(ordersWhere(state, keep).map((entry) => entry.order.id)).toEqual(allOrders(state).filter(keep).map((entry) => entry.order.id));
  });

  it('balanceOf sums one asset\'s holds as the per-asset table does, buys holding quote and sells holding base', () => {
    const assets = ['A', 'B', 'USD'];
    const order = fc.record({
      pair: fc.constantFrom('A-USD', 'B-USD', 'A-B'),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      quantity: fc.double({ min: 0.0001, max: 5, noNaN: true }),
      price: fc.double({ min: 0.0001, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 8 }), fc.double({ min: 0, max: 3, noNaN: true }), (orders, otherHold) => {
        const state = parseSimState({ balances: { A: { total: 1000, held: otherHold }, B: { total: 1000 }, USD: { total: 1_000_000 } }, markets: { 'A-USD': { price: 1 }, 'B-USD': { price: 1 }, 'A-B': { price: 1 } } });
        state.openOrders = orders.map((o, index) => ({ id: `o${index}`, clientOrderId: null, userref: null, symbol: o.pair, side: o.side, quantity: o.quantity, price: o.price, createdAt: '2024-01-01T00:00:00.000Z' }));
        const holds = holdsOfOrders(state.openOrders);
        for (const asset of assets) {
          const balance = state.balances[asset] ?? { total: 0, held: 0 };
          const held = clean(balance.held + (holds.get(asset) ?? 0));
          const expected = { total: balance.total, held, free: Math.max(0, reference.clean(balance.total - held)) };
          expect(balanceOf(state, asset)).toEqual(expected);
          expect(allBalances(state).find(([name]) => name === asset)?.[1]).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('findByClientOrderId lists open orders first, then past ones newest first', () => {
    const state = parseSimState({
      balances: { A: { total: 100 } },
      markets: { 'A-USD': { price: 1 } },
      openOrders: [{ id: 'o1', clientOrderId: 'same', symbol: 'A-USD', side: 'sell', quantity: 1, price: 2 }],
      pastOrders: ['2024-01-01T00:00:00.000Z', '2024-01-03T00:00:00.000Z', '2024-01-02T00:00:00.000Z'].map((at, index) => ({
        id: `p${index}`,
        clientOrderId: index === 2 ? 'other' : 'same',
        symbol: 'A-USD',
        side: 'sell' as const,
        type: 'market' as const,
        quantity: 1,
        filledQuantity: 1,
        averagePrice: 1,
        status: 'filled' as const,
        createdAt: at,
        closedAt: at,
      })),
    });
    expect(findByClientOrderId(state, 'same').map((entry) => [entry.open, entry.order.id])).toEqual([
      [true, 'o1'],
      [false, 'p1'],
      [false, 'p0'],
    ]);
    expect(findByClientOrderId(state, 'none')).toEqual([]);
  });

  it('stableUuid gives one name the same id every time and different names different ids', () => {
    const first = stableUuid('account:BTC');
    expect(stableUuid('account:BTC')).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('account:ETH')).not.toBe(first);
  });
});

describe('Coinbase keys kept as key objects', () => {
  it('verifies every request: a token of another key under the same name is refused, and a replaced key takes over at once', async () => {
    const keyName = 'organizations/o/apiKeys/k';
    const first = generateCoinbaseKey({ seed: 'first', keyName });
    const second = generateCoinbaseKey({ seed: 'second', keyName });
    const sim = await startExchangeSim({ exchange: 'coinbase', state: { ...sampleState('coinbase'), credentials: { coinbase: [{ keyName, publicKeyPem: first.publicKeyPem }] } } });
    try {
      const path = '/api/v3/brokerage/accounts';
      const status = async (key: typeof first) => {
        const token = coinbaseJwt({ keyName, privateKey: key.privateKey, method: 'GET', host: new URL(sim.url).host, path });
        const answer = await fetch(sim.url + path, { headers: { authorization: `Bearer ${token}` } });
        return [answer.status, answer.headers.get('x-exchange-sim-auth')];
      };
      expect(await status(first)).toEqual([200, null]);
      expect(await status(second)).toEqual([401, 'bad signature']);
      expect(await status(first)).toEqual([200, null]);
      const credential = sim.state.credentials.coinbase[0];
      if (!credential) throw new Error('the state has the key');
      credential.publicKeyPem = second.publicKeyPem;
      expect(await status(first)).toEqual([401, 'bad signature']);
      expect(await status(second)).toEqual([200, null]);
    } finally {
      await sim.stop();
    }
  });
});
