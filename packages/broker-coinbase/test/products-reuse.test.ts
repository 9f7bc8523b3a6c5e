import { describe, expect, it } from 'vitest';
import { PRODUCTS_REUSE_MS } from '../src/products-memo.js';
import { connectTo, ecdsaKey, live, startCoinbaseSim } from './helpers.js';

/*
 * Markets and prices come from the same `products` listing: an account read (markets, then the prices of
 * the markets held) lists the products once. The listing stands in for the prices only once and only while
 * young, so a later price read sees the exchange's current prices.
 */

const PRODUCTS = '/api/v3/brokerage/products';

async function setUp() {
  // One clock for the sim and the plugin, so that moving it ages the kept listing without upsetting JWTs.
  let clock = Date.parse('2025-06-01T12:00:00Z');
  const sim = await startCoinbaseSim(
    { balances: { BTC: { total: 1 }, ETH: { total: 2 } }, markets: { 'BTC-USD': { price: 40000 }, 'ETH-USD': { price: 2000 } } },
    { now: () => clock },
  );
  const connection = await connectTo(sim, ecdsaKey, {}, { now: () => clock });
  const productReads = () => sim.requests.filter((request) => request.path === PRODUCTS).length;
  const advance = (ms: number) => (clock += ms);
  return { sim, connection, productReads, advance };
}

describe('one products listing per account read', () => {
  it('markets then prices: the listing is read once, and the prices are its prices', async () => {
    const { connection, productReads } = await setUp();
    expect((await connection.fetchMarkets(live())).map((market) => market.symbol)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(await connection.fetchPrices(['BTC-USD', 'ETH-USD', 'NOPE-USD'], live())).toEqual({ 'BTC-USD': 40000, 'ETH-USD': 2000, 'NOPE-USD': null });
    expect(productReads()).toBe(1);
  });

  it('the kept listing serves one price read only: the next one lists afresh and sees a moved price', async () => {
    const { sim, connection, productReads } = await setUp();
    await connection.fetchMarkets(live());
    await connection.fetchPrices(['BTC-USD'], live());
    const btc = sim.state.markets['BTC-USD'];
    if (btc === undefined) throw new Error('the sim lost BTC-USD');
    btc.price = 41000;
    expect(await connection.fetchPrices(['BTC-USD'], live())).toEqual({ 'BTC-USD': 41000 });
    expect(productReads()).toBe(2);
  });

  it('a listing older than PRODUCTS_REUSE_MS is not used for prices', async () => {
    const { sim, connection, productReads, advance } = await setUp();
    await connection.fetchMarkets(live());
    const btc = sim.state.markets['BTC-USD'];
    if (btc === undefined) throw new Error('the sim lost BTC-USD');
    btc.price = 39000;
    advance(PRODUCTS_REUSE_MS + 1);
    expect(await connection.fetchPrices(['BTC-USD'], live())).toEqual({ 'BTC-USD': 39000 });
    expect(productReads()).toBe(2);
  });

  it('prices without a market read first list the products themselves', async () => {
    const { connection, productReads } = await setUp();
    expect(await connection.fetchPrices(['ETH-USD'], live())).toEqual({ 'ETH-USD': 2000 });
    expect(productReads()).toBe(1);
  });
});
