import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExchangeSim, type ExchangeSim, type SimStateInput } from '../src/index.js';
import { generateCoinbaseKey, type CoinbaseKeyPair } from '../src/testing/index.js';
import { coinbaseClient, rejectionOf } from './helpers/clients.js';

const ecdsa = generateCoinbaseKey({ seed: 'coinbase-test-ecdsa' });
const ed25519 = generateCoinbaseKey({ algorithm: 'EdDSA', seed: 'coinbase-test-ed25519' });
const stranger = generateCoinbaseKey({ seed: 'coinbase-test-stranger' });

function state(extra: Partial<SimStateInput> = {}): SimStateInput {
  return {
    credentials: {
      coinbase: [ecdsa, ed25519].map(({ keyName, publicKeyPem }) => ({ keyName, publicKeyPem })),
    },
    balances: { USD: { total: 100 }, BTC: { total: 0.0523 }, ETH: { total: 0.8 }, SHIB: { total: 150000 }, DOGE: { total: 2.1 } },
    markets: {
      'BTC-USD': { price: 97000, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'ETH-USD': { price: 3400, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 1 },
      'SHIB-USD': { price: 0.0000245, minQuantity: 1, quantityStep: 1, minNotional: 1 },
      'DOGE-USD': { price: 0.38, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 },
    },
    openOrders: [{ id: 'open-btc-1', clientOrderId: 'manual-tp', symbol: 'BTC-USD', side: 'sell', quantity: 0.01, price: 120000 }],
    pastOrders: [
      { id: 'past-eth-1', clientOrderId: 'old-1', symbol: 'ETH-USD', side: 'sell', type: 'market', quantity: 0.1, filledQuantity: 0.1, averagePrice: 3350, status: 'filled' },
    ],
    ...extra,
  };
}

describe('coinbase sim, driven by coinbase-advanced-node 2.1.0', () => {
  let sim: ExchangeSim;
  beforeEach(async () => {
    sim = await startExchangeSim({ exchange: 'coinbase', state: state() });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('reads accounts (free and held), products with their rules, and one product', async () => {
    const client = coinbaseClient(sim, ecdsa);
    const accounts = await client.rest.account.listAccounts();
    const btc = accounts.data.find((account) => account.currency === 'BTC');
    expect(btc?.available_balance.value).toBe('0.0423');
    expect(btc?.hold.value).toBe('0.01');
    expect((await client.rest.account.getAccount(btc?.uuid ?? '')).available_balance.value).toBe('0.0423');
    const products = await client.rest.product.getProducts();
    const shib = products.find((product) => product.product_id === 'SHIB-USD');
    expect(shib).toMatchObject({ base_min_size: '1', base_increment: '1', quote_min_size: '1', price: '0.0000245' });
    expect((await client.rest.product.getProduct('DOGE-USD'))?.base_increment).toBe('0.1');
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/time',
      'GET /api/v3/brokerage/accounts',
      expect.stringMatching(/^GET \/api\/v3\/brokerage\/accounts\/[0-9a-f-]{36}$/),
      'GET /api/v3/brokerage/products',
      'GET /api/v3/brokerage/products/DOGE-USD',
    ]);
  });

  it('pages accounts 250 at a time with an opaque cursor', async () => {
    await sim.stop();
    const balances = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`A${i}`, { total: i + 1 }]));
    sim = await startExchangeSim({ exchange: 'coinbase', state: state({ balances, markets: {}, openOrders: [], pastOrders: [] }) });
    const client = coinbaseClient(sim, ecdsa);
    const first = await client.rest.account.listAccounts();
    expect(first.data).toHaveLength(250);
    expect(first.pagination.has_next).toBe(true);
    const second = await client.rest.account.listAccounts({ before: first.pagination.before });
    expect(second.data).toHaveLength(50);
    expect(second.pagination.has_next).toBe(false);
    expect(new Set([...first.data, ...second.data].map((account) => account.currency)).size).toBe(300);
  });

  it('pages orders 25 at a time, as the library asks', async () => {
    await sim.stop();
    const pastOrders = Array.from({ length: 30 }, (_, i) => ({
      id: `past-${i}`, clientOrderId: `c-${i}`, symbol: 'ETH-USD', side: 'sell' as const, type: 'market' as const,
      quantity: 0.01, filledQuantity: 0.01, averagePrice: 3000, status: 'filled' as const, createdAt: `2024-02-01T00:00:${String(i).padStart(2, '0')}.000Z`,
    }));
    sim = await startExchangeSim({ exchange: 'coinbase', state: state({ pastOrders }) });
    const client = coinbaseClient(sim, ecdsa);
    const first = await client.rest.order.getOrders({ order_status: ['FILLED'] as never });
    expect(first.data).toHaveLength(25);
    expect(first.pagination.has_next).toBe(true);
    const second = await client.rest.order.getOrders({ order_status: ['FILLED'], cursor: first.pagination.before } as never);
    expect(second.data).toHaveLength(5);
    expect(new Set([...first.data, ...second.data].map((order) => order.order_id)).size).toBe(30);
  });

  it('honours order_status=OPEN but ignores the bracketed order_status[]=OPEN, as Coinbase does', async () => {
    const fixed = await coinbaseClient(sim, ecdsa).rest.order.getOrders({ order_status: ['OPEN'] as never });
    expect(fixed.data.map((order) => [order.order_id, order.status])).toEqual([['open-btc-1', 'OPEN']]);
    const buggy = await coinbaseClient(sim, ecdsa, { bracketedArrays: true }).rest.order.getOrders({ order_status: ['OPEN'] as never });
    expect(buggy.data.map((order) => order.status).sort()).toEqual(['FILLED', 'OPEN']);
  });

  it('market-sells at the market price, credits the quote, and the order is found by client order id', async () => {
    const client = coinbaseClient(sim, ecdsa);
    const placed = await client.rest.order.placeOrder({
      client_order_id: 'fc-eth-1', product_id: 'ETH-USD', side: 'SELL' as never, order_configuration: { market_market_ioc: { base_size: '0.5' } },
    });
    expect(placed.success).toBe(true);
    const orderId = placed.success_response?.order_id ?? '';
    expect(sim.state.balances.ETH?.total).toBeCloseTo(0.3, 12);
    expect(sim.state.balances.USD?.total).toBeCloseTo(100 + 0.5 * 3400, 9);

    // Coinbase has no lookup by client id: list the orders and filter, as a broker must.
    const filled = await client.rest.order.getOrders({ order_status: ['FILLED'] as never });
    const found = filled.data.find((order) => order.client_order_id === 'fc-eth-1');
    expect(found).toMatchObject({ order_id: orderId, status: 'FILLED', filled_size: '0.5', average_filled_price: '3400' });
    expect(await client.rest.order.getOrder(orderId)).toMatchObject({ order_id: orderId, status: 'FILLED' });

    // The same client_order_id creates nothing and returns the original order.
    const again = await client.rest.order.placeOrder({
      client_order_id: 'fc-eth-1', product_id: 'ETH-USD', side: 'SELL' as never, order_configuration: { market_market_ioc: { base_size: '0.5' } },
    });
    expect(again.success_response?.order_id).toBe(orderId);
    expect(sim.state.balances.ETH?.total).toBeCloseTo(0.3, 12);
    expect(await client.rest.order.getOrder('no-such-order')).toBeNull();
  });

  it('refuses to sell what an open order holds: INSUFFICIENT_FUND, HTTP 200 with success false', async () => {
    const placed = await coinbaseClient(sim, ecdsa).rest.order.placeOrder({
      client_order_id: 'fc-btc-1', product_id: 'BTC-USD', side: 'SELL' as never, order_configuration: { market_market_ioc: { base_size: '0.05' } },
    });
    expect(placed).toMatchObject({ success: false, error_response: { error: 'INSUFFICIENT_FUND', preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND' } });
    expect(sim.requests.at(-1)?.status).toBe(200);
    expect(sim.state.balances.BTC?.total).toBe(0.0523);
  });

  it('rejects orders below the product rules with Coinbase failure reasons', async () => {
    const client = coinbaseClient(sim, ecdsa);
    const sell = (id: string, product: string, size: string) =>
      client.rest.order.placeOrder({ client_order_id: id, product_id: product, side: 'SELL' as never, order_configuration: { market_market_ioc: { base_size: size } } });
    expect((await sell('r1', 'DOGE-USD', '0.05')).error_response?.preview_failure_reason).toBe('PREVIEW_INVALID_BASE_SIZE_TOO_SMALL');
    expect((await sell('r2', 'DOGE-USD', '0.15')).error_response).toMatchObject({ error: 'INVALID_SIZE_PRECISION', preview_failure_reason: 'PREVIEW_INVALID_SIZE_PRECISION' });
    expect((await sell('r3', 'SHIB-USD', '1000')).error_response?.preview_failure_reason).toBe('PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL');
    expect((await sell('r4', 'NOPE-USD', '1')).error_response?.error).toBe('INVALID_PRODUCT_ID');
    expect(sim.state.pastOrders).toHaveLength(1);
  });

  it('cancels an open order (releasing its hold) and reports an unknown id as UNKNOWN_CANCEL_ORDER', async () => {
    const client = coinbaseClient(sim, ecdsa);
    expect(await client.rest.order.cancelOrder('open-btc-1')).toMatchObject({ success: true, order_id: 'open-btc-1' });
    expect(await client.rest.order.cancelOrder('open-btc-1')).toMatchObject({ success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER' });
    const btc = (await client.rest.account.listAccounts()).data.find((account) => account.currency === 'BTC');
    expect(btc?.hold.value).toBe('0');
    expect((await client.rest.order.getOrder('open-btc-1'))?.status).toBe('CANCELLED');
    expect(sim.requests.filter((r) => r.kind === 'cancelling')).toHaveLength(2);
  });

  it('accepts Ed25519 CDP keys (base64 seed ‖ public key) as well as ECDSA', async () => {
    const accounts = await coinbaseClient(sim, ed25519).rest.account.listAccounts();
    expect(accounts.data.length).toBeGreaterThan(0);
    expect(sim.requests.at(-1)?.apiKey).toBe(ed25519.keyName);
  });

  it('answers 401 to an unknown key and to a forged signature', async () => {
    const unknown = await rejectionOf(coinbaseClient(sim, stranger).rest.account.listAccounts());
    expect(unknown.response?.status).toBe(401);
    expect(unknown.response?.headers['x-exchange-sim-auth']).toBe('unknown key name');
    const forged: CoinbaseKeyPair = { ...stranger, keyName: ecdsa.keyName };
    const bad = await rejectionOf(coinbaseClient(sim, forged).rest.account.listAccounts());
    expect(bad.response?.status).toBe(401);
    expect(bad.response?.headers['x-exchange-sim-auth']).toBe('bad signature');
  });

  it('answers 401 to an expired JWT, one living longer than 120 s, and one signed for another uri', async () => {
    const withToken = (tokenOverrides: { nowSeconds?: number; lifetimeSeconds?: number; uri?: string }) =>
      coinbaseClient(sim, ecdsa, { tokenOverrides, retries: 0 }).rest.account.listAccounts();
    const now = Math.floor(Date.now() / 1000);
    expect((await rejectionOf(withToken({ nowSeconds: now - 300 }))).response?.headers['x-exchange-sim-auth']).toBe('expired');
    expect((await rejectionOf(withToken({ lifetimeSeconds: 600 }))).response?.headers['x-exchange-sim-auth']).toMatch(/lifetime/);
    expect((await rejectionOf(withToken({ uri: 'GET api.coinbase.com/api/v3/brokerage/accounts' }))).response?.headers['x-exchange-sim-auth']).toMatch(/uri claim/);
    expect(sim.requests.filter((r) => r.path === '/api/v3/brokerage/accounts').map((r) => r.status)).toEqual([401, 401, 401]);
  });

  it('logs key names only: no JWT, no PEM, no signature', async () => {
    await coinbaseClient(sim, ecdsa).rest.account.listAccounts();
    const log = JSON.stringify(sim.requests);
    expect(log).toContain(ecdsa.keyName);
    expect(log).not.toMatch(/Bearer|PRIVATE KEY|eyJ/);
  });
});
