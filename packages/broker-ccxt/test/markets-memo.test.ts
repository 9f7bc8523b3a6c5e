import { afterEach, describe, expect, it } from 'vitest';
import { AccountConfigSchema, type BrokerConnection } from '@forced-cleanup/contract';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '@forced-cleanup/exchange-sim';
import type { CcxtExchange } from '../src/ccxt-exchange.js';
import { instantiateExchange, loadCcxt } from '../src/load-ccxt.js';
import { installMarketsMemo, MarketsMemo, sameJsonValue, type MemoisableExchange } from '../src/markets-memo.js';
import plugin from '../src/index.js';
import { brokerContext, never } from './helpers/broker-context.js';
import { credentialFor, withCredential } from './helpers/sim-accounts.js';

/*
 * Binance's exchangeInfo parsed once per process for identical answers. An account whose answer lists
 * exactly the symbols of an earlier answer (same exchange, same base URL) gets that answer's markets —
 * the same as ccxt would have made of its own answer — and still asks for it; any difference, however
 * small, is parsed anew; and an account that already holds another answer's markets reloads as ccxt does.
 */

type Exchange = CcxtExchange & MemoisableExchange & Record<string, unknown>;

/** One exchangeInfo symbol, as Binance writes it. */
function symbol(base: string, quote: string, minQty = '0.00100000', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    symbol: `${base}${quote}`,
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'],
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty, maxQty: '9000000.00000000', stepSize: '0.00100000' },
      { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    ...extra,
  };
}

const SYMBOLS = [symbol('BTC', 'USDT'), symbol('ETH', 'USDT'), symbol('PEPE', 'USDT', '1.00000000')];

function answer(serverTime: number, symbols: readonly unknown[] = SYMBOLS): string {
  return JSON.stringify({ timezone: 'UTC', serverTime, rateLimits: [], exchangeFilters: [], symbols });
}

/** A Binance instance whose exchangeInfo requests get `answers` in turn (parsed from JSON text, as ccxt parses). */
async function binance(answers: readonly string[], memo: MarketsMemo | null, baseUrl = 'http://127.0.0.1:1'): Promise<{ exchange: Exchange; asked: () => number }> {
  const ccxt = await loadCcxt();
  const exchange = instantiateExchange(ccxt, 'binance', {
    apiKey: 'key',
    secret: 'secret',
    enableRateLimit: false,
    timeout: 5_000,
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  }, 'exchange') as Exchange;
  let asked = 0;
  exchange.publicGetExchangeInfo = () => Promise.resolve(JSON.parse(answers[asked++] ?? answers.at(-1)!) as unknown);
  if (memo !== null) installMarketsMemo(exchange, baseUrl, memo);
  return { exchange, asked: () => asked };
}

const STATE_KEYS = ['markets', 'markets_by_id', 'symbols', 'ids', 'currencies', 'currencies_by_id', 'baseCurrencies', 'quoteCurrencies', 'codes'] as const;

/** The market state of an instance, for comparing with what ccxt alone makes of the same answers. */
function stateOf(exchange: Exchange): Record<string, unknown> {
  return Object.fromEntries(STATE_KEYS.map((key) => [key, exchange[key]]));
}

/** What ccxt alone makes of `answers`, loaded (then reloaded) in turn. */
async function ccxtAlone(...answers: string[]): Promise<Record<string, unknown>> {
  const { exchange } = await binance(answers, null);
  for (let i = 0; i < answers.length; i++) await exchange.loadMarkets(i > 0);
  return stateOf(exchange);
}

describe('same JSON value', () => {
  it('is equality of JSON values: every value, every key in order, -0 apart from 0', () => {
    expect(sameJsonValue(JSON.parse('{"a":[1,{"b":"x"}],"c":null}'), JSON.parse('{ "a": [1.0, {"b": "x"}], "c": null }'))).toBe(true);
    expect(sameJsonValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJsonValue({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameJsonValue({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJsonValue({ a: 0 }, JSON.parse('{"a":-0}'))).toBe(false);
    expect(sameJsonValue({ a: {} }, { a: [] })).toBe(false);
    expect(sameJsonValue({ a: null }, {})).toBe(false);
  });
});

describe('markets memo bounds', () => {
  it('keeps the latest answer of each base URL, and forgets the oldest base URL past its limit', () => {
    const memo = new MarketsMemo({ scopes: 2, answersPerScope: 1 });
    const [one, two] = [[{ symbol: 'A' }], [{ symbol: 'B' }]];
    memo.remember('binance http://a', one, []);
    memo.remember('binance http://a', two, []);
    expect(memo.find('binance http://a', one)).toBeUndefined();
    expect(memo.find('binance http://a', [{ symbol: 'B' }])?.symbols).toBe(two);
    memo.remember('binance http://b', one, []);
    memo.remember('binance http://c', one, []);
    expect(memo.find('binance http://a', two)).toBeUndefined();
    expect(memo.find('binance http://b', one)).toBeDefined();
    expect(memo.find('binance http://c', one)).toBeDefined();
  });
});

describe('markets memo', () => {
  it('gives an account whose answer lists the same symbols the markets ccxt made of an earlier one, each account asking once', async () => {
    const memo = new MarketsMemo();
    const first = await binance([answer(1)], memo);
    const second = await binance([answer(2)], memo);
    await first.exchange.loadMarkets();
    await second.exchange.loadMarkets();
    expect([first.asked(), second.asked()]).toEqual([1, 1]);
    expect(second.exchange.markets).toBe(first.exchange.markets);
    expect(stateOf(second.exchange)).toEqual(await ccxtAlone(answer(2)));
    expect(Object.keys(second.exchange.markets as object)).toEqual(['BTC/USDT', 'ETH/USDT', 'PEPE/USDT']);
    // Each keeps its own instance: credentials, options and request methods are its own.
    expect(second.exchange).not.toBe(first.exchange);
    expect(second.exchange.options).not.toBe(first.exchange.options);
  });

  it.each([
    ['a value', [symbol('BTC', 'USDT'), symbol('ETH', 'USDT'), symbol('PEPE', 'USDT', '2.00000000')]],
    ['the writing of a value', [symbol('BTC', 'USDT'), symbol('ETH', 'USDT'), symbol('PEPE', 'USDT', '1.0000000')]],
    ['a symbol fewer', SYMBOLS.slice(0, 2)],
    ['a symbol more', [...SYMBOLS, symbol('SHIB', 'USDT')]],
    ['the order of the symbols', [SYMBOLS[1], SYMBOLS[0], SYMBOLS[2]]],
    ['a field more', [symbol('BTC', 'USDT', undefined, { icebergAllowed: true }), SYMBOLS[1], SYMBOLS[2]]],
    ['the status of a market', [symbol('BTC', 'USDT', undefined, { status: 'BREAK' }), SYMBOLS[1], SYMBOLS[2]]],
  ])('parses anew an answer that differs by %s', async (_difference, symbols) => {
    const memo = new MarketsMemo();
    const first = await binance([answer(1)], memo);
    await first.exchange.loadMarkets();
    const other = answer(1, symbols);
    const second = await binance([other], memo);
    await second.exchange.loadMarkets();
    expect(second.exchange.markets).not.toBe(first.exchange.markets);
    expect(stateOf(second.exchange)).toEqual(await ccxtAlone(other));
    expect(stateOf(first.exchange)).toEqual(await ccxtAlone(answer(1)));
  });

  it('keeps exchanges apart by base URL', async () => {
    const memo = new MarketsMemo();
    const first = await binance([answer(1)], memo, 'http://127.0.0.1:1');
    const second = await binance([answer(1)], memo, 'https://proxy.example/binance');
    await first.exchange.loadMarkets();
    await second.exchange.loadMarkets();
    expect(second.exchange.markets).not.toBe(first.exchange.markets);
    expect(stateOf(second.exchange)).toEqual(stateOf(first.exchange));
  });

  it('reloads as ccxt does: the latest answer, currencies merged with those the account already had', async () => {
    const memo = new MarketsMemo();
    const fewer = answer(3, SYMBOLS.slice(0, 2));
    // An account that only ever saw the shorter answer: its parse is remembered.
    const fresh = await binance([fewer], memo);
    await fresh.exchange.loadMarkets();
    // An account that saw all three symbols, then the shorter answer: ccxt keeps PEPE among its currencies.
    const reloading = await binance([answer(1), fewer], memo);
    await reloading.exchange.loadMarkets();
    await reloading.exchange.loadMarkets(true);
    expect(reloading.asked()).toBe(2);
    expect(stateOf(reloading.exchange)).toEqual(await ccxtAlone(answer(1), fewer));
    expect(Object.keys(reloading.exchange.markets as object)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(reloading.exchange.currencies).toHaveProperty('PEPE');
    expect(fresh.exchange.currencies).not.toHaveProperty('PEPE');
    // Reloading the same answer again: still ccxt's merge, not the fresh account's markets.
    await reloading.exchange.loadMarkets(true);
    expect(stateOf(reloading.exchange)).toEqual(await ccxtAlone(answer(1), fewer, fewer));
    expect(reloading.exchange.currencies).toHaveProperty('PEPE');
  });

  it('never hands an account the currencies another account merged at a reload', async () => {
    const memo = new MarketsMemo();
    const fewer = answer(3, SYMBOLS.slice(0, 2));
    const reloading = await binance([answer(1), fewer], memo);
    await reloading.exchange.loadMarkets();
    await reloading.exchange.loadMarkets(true);
    const fresh = await binance([fewer], memo);
    await fresh.exchange.loadMarkets();
    expect(stateOf(fresh.exchange)).toEqual(await ccxtAlone(fewer));
    expect(fresh.exchange.currencies).not.toHaveProperty('PEPE');
    // The next account with that answer shares the fresh account's markets.
    const next = await binance([fewer], memo);
    await next.exchange.loadMarkets();
    expect(next.exchange.markets).toBe(fresh.exchange.markets);
  });

  it('leaves an answer without symbols to ccxt', async () => {
    const memo = new MarketsMemo();
    const odd = JSON.stringify({ serverTime: 1 });
    const { exchange, asked } = await binance([odd], memo);
    await exchange.loadMarkets();
    expect(asked()).toBe(1);
    expect(stateOf(exchange)).toEqual(await ccxtAlone(odd));
  });
});

describe('markets memo through the plugin', () => {
  const started: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((each) => each.stop()));
  });

  const state: SimStateInput = {
    balances: { USDT: { total: 100 } },
    markets: {
      'BTC-USDT': { price: 97000, minQuantity: 0.0001, quantityStep: 0.00001, minNotional: 5 },
      'ETH-USDT': { price: 3500, minQuantity: 0.001, quantityStep: 0.0001, minNotional: 5 },
    },
  };

  async function simWithKeys(keys: number, simState: SimStateInput): Promise<{ sim: ExchangeSim; credentials: ReturnType<typeof credentialFor>[] }> {
    const credentials = Array.from({ length: keys }, (_, i) => credentialFor('binance', `markets-memo ${i} ${Math.random()}`));
    let withKeys = simState;
    for (const credential of credentials) withKeys = withCredential(withKeys, 'binance', credential);
    // A clock that moves at every read: every exchangeInfo answer has its own serverTime.
    let tick = 0;
    const sim = await startExchangeSim({ exchange: 'binance', state: withKeys, now: () => Date.now() + tick++ });
    started.push(sim);
    return { sim, credentials };
  }

  async function connect(sim: ExchangeSim, credential: ReturnType<typeof credentialFor>, id: string): Promise<BrokerConnection> {
    const account = AccountConfigSchema.parse({ id, owner: 'platform', broker: 'ccxt', exchange: 'binance', baseUrl: sim.url, apiKeyEnv: 'K', apiSecretEnv: 'S' });
    const connection = await plugin.connect(account, brokerContext({ K: credential.apiKey, S: credential.secret }), never);
    started.push({ stop: async () => connection.close?.() });
    return connection;
  }

  it('shares the markets of identical answers between two keys of one exchange, each key reading exchangeInfo itself', async () => {
    const { sim, credentials } = await simWithKeys(2, state);
    const [first, second] = [await connect(sim, credentials[0]!, 'first'), await connect(sim, credentials[1]!, 'second')];
    const [firstRules, secondRules] = [await first.fetchMarkets(never), await second.fetchMarkets(never)];
    expect(secondRules).toEqual(firstRules);
    expect(secondRules[0]).toBe(firstRules[0]);
    expect(Object.isFrozen(secondRules[0])).toBe(true);
    expect(sim.requests.filter((request) => request.path === '/api/v3/exchangeInfo')).toHaveLength(2);
    // Both keys can trade with them.
    await expect(second.fetchBalances(never)).resolves.toEqual([{ asset: 'USDT', total: 100, free: 100 }]);
  });

  it('reads a changed exchangeInfo anew at the next load', async () => {
    const { sim, credentials } = await simWithKeys(2, state);
    const first = await connect(sim, credentials[0]!, 'first');
    const before = await first.fetchMarkets(never);
    sim.state.markets['ETH-USDT']!.minNotional = 10;
    const second = await connect(sim, credentials[1]!, 'second');
    const after = await second.fetchMarkets(never);
    expect(after.find((rules) => rules.symbol === 'ETH-USDT')?.minNotional).toBe(10);
    expect(before.find((rules) => rules.symbol === 'ETH-USDT')?.minNotional).toBe(5);
    expect((await first.fetchMarkets(never)).find((rules) => rules.symbol === 'ETH-USDT')?.minNotional).toBe(10);
  });
});
