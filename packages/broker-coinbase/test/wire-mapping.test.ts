import { describe, expect, it } from 'vitest';
import { balancesFromAccounts } from '../src/balances.js';
import { parseDecimal, sumDecimals, toDecimalText } from '../src/decimal-text.js';
import { retryAfterMs, toCoinbaseError } from '../src/errors.js';
import { marketsFromProducts, pricesFromProducts } from '../src/markets.js';
import { orderReportFromWire } from '../src/orders.js';
import { createRedactor } from '../src/redactor.js';
import { AccountSchema, OrderSchema, ProductSchema } from '../src/wire-schemas.js';

/*
 * Coinbase's wire forms in the contract's: the mappings the simulator cannot reach (vaults, disabled
 * markets, partial fills, odd statuses), and the decimal text every size goes through.
 */

const product = (overrides: Record<string, unknown>) =>
  ProductSchema.parse({ product_id: 'BTC-USD', price: '40000', base_min_size: '0.0001', base_increment: '0.00000001', quote_min_size: '1', base_currency_id: 'BTC', quote_currency_id: 'USD', status: 'online', product_type: 'SPOT', ...overrides });

const order = (overrides: Record<string, unknown>) =>
  OrderSchema.parse({ order_id: 'o1', product_id: 'BTC-USD', side: 'SELL', client_order_id: 'fc1', status: 'FILLED', order_configuration: { market_market_ioc: { base_size: '0.5' } }, filled_size: '0.5', average_filled_price: '40000', ...overrides });

describe('balances', () => {
  it('sums accounts per currency, counts holds as not free, keeps vault funds out of free, drops zero totals', () => {
    const accounts = [
      { currency: 'BTC', available_balance: { value: '0.0423' }, hold: { value: '0.01' }, type: 'ACCOUNT_TYPE_CRYPTO' },
      { currency: 'BTC', available_balance: { value: '1' }, hold: { value: '0' }, type: 'ACCOUNT_TYPE_VAULT' },
      { currency: 'USD', available_balance: { value: '10.5' }, hold: { value: '0' }, type: 'ACCOUNT_TYPE_FIAT' },
      { currency: 'ETH', available_balance: { value: '0' }, hold: { value: '0' } },
    ].map((account) => AccountSchema.parse(account));
    expect(balancesFromAccounts(accounts)).toEqual([
      { asset: 'BTC', total: 1.0523, free: 0.0423 },
      { asset: 'USD', total: 10.5, free: 10.5 },
    ]);
  });

  it('refuses a balance that is not a decimal rather than reading it as zero', () => {
    expect(AccountSchema.safeParse({ currency: 'BTC', available_balance: { value: '' } }).success).toBe(false);
    expect(AccountSchema.safeParse({ currency: 'BTC', available_balance: { value: '-1' } }).success).toBe(false);
  });
});

describe('markets and prices', () => {
  it('maps rules (0 = no rule), and leaves out markets a market sell cannot use', () => {
    const products = [
      product({}),
      product({ product_id: 'SHIB-USD', base_currency_id: 'SHIB', base_min_size: '0', quote_min_size: '0' }),
      product({ product_id: 'A-USD', base_currency_id: 'A', trading_disabled: true }),
      product({ product_id: 'B-USD', base_currency_id: 'B', limit_only: true }),
      product({ product_id: 'C-USD', base_currency_id: 'C', status: 'delisted' }),
      product({ product_id: 'BIT-28NOV25-CDE', base_currency_id: 'BIT', product_type: 'FUTURE' }),
      product({ product_id: 'WEIRD', base_currency_id: 'X' }),
    ];
    expect(marketsFromProducts(products)).toEqual([
      { symbol: 'BTC-USD', base: 'BTC', quote: 'USD', minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 },
      { symbol: 'SHIB-USD', base: 'SHIB', quote: 'USD', minQuantity: null, quantityStep: 0.00000001, minNotional: null },
    ]);
  });

  it('prices null for an empty or zero price and for an unknown symbol, never a guess', () => {
    const products = [product({}), product({ product_id: 'XYZ-USD', base_currency_id: 'XYZ', price: '' }), product({ product_id: 'Z-USD', base_currency_id: 'Z', price: '0' })];
    expect(pricesFromProducts(products, ['BTC-USD', 'XYZ-USD', 'Z-USD', 'NOPE-USD'])).toEqual({ 'BTC-USD': 40_000, 'XYZ-USD': null, 'Z-USD': null, 'NOPE-USD': null });
  });
});

describe('order reports', () => {
  it('maps statuses: filled, open-ish, cancelled with or without a fill, failed', () => {
    expect(orderReportFromWire(order({}), 'lookupOrder')).toEqual({
      orderId: 'o1', clientOrderId: 'fc1', symbol: 'BTC-USD', side: 'sell', status: 'filled', requestedQuantity: 0.5, filledQuantity: 0.5, averagePrice: 40_000,
    });
    expect(orderReportFromWire(order({ status: 'PENDING', filled_size: '0', average_filled_price: '0' }), 'lookupOrder')).toMatchObject({ status: 'open', filledQuantity: 0, averagePrice: null });
    expect(orderReportFromWire(order({ status: 'CANCELLED', filled_size: '0.2' }), 'lookupOrder')).toMatchObject({ status: 'partially_filled', filledQuantity: 0.2 });
    expect(orderReportFromWire(order({ status: 'EXPIRED', filled_size: '0', average_filled_price: '' }), 'lookupOrder')).toMatchObject({ status: 'cancelled', averagePrice: null });
    expect(orderReportFromWire(order({ status: 'FAILED', filled_size: '0' }), 'lookupOrder')).toMatchObject({ status: 'rejected' });
  });

  it('calls an undocumented status malformed rather than guess whether it sold', () => {
    expect(() => orderReportFromWire(order({ status: 'SETTLING_SOMEHOW' }), 'lookupOrder')).toThrow(expect.objectContaining({ code: 'malformed_response' }));
  });
});

describe('decimal text', () => {
  it('prints sizes as plain decimals without exponent or float noise', () => {
    expect(toDecimalText(1e-8)).toBe('0.00000001');
    expect(toDecimalText(0.1 + 0.2)).toBe('0.3');
    expect(toDecimalText(150_000)).toBe('150000');
    expect(toDecimalText(0.0523)).toBe('0.0523');
    expect(() => toDecimalText(-1)).toThrow(RangeError);
    expect(sumDecimals([0.0423, 0.01])).toBe(0.0523);
  });

  it('parses only plain decimals', () => {
    expect(parseDecimal('0.0000245')).toBe(0.0000245);
    expect(['', '1e-8', '-1', 'abc', '1.'].map(parseDecimal)).toEqual([null, null, null, null, null]);
  });
});

describe('error edges', () => {
  const redact = createRedactor(['organizations/o/apiKeys/secret-key']);

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('a TypeError while reading an answer is malformed; a transport error is mapped, and stripped of its token', () => {
    expect(toCoinbaseError(new TypeError("Cannot read properties of undefined (reading 'length')"), 'fetchBalances', redact)).toMatchObject({ code: 'malformed_response' });
    const reset = { isAxiosError: true, code: 'ECONNRESET', config: { headers: { Authorization: 'Bearer x' } } };
    const mapped = toCoinbaseError(reset, 'lookupOrder', redact);
    expect(mapped).toMatchObject({ code: 'network', retryable: true });
    expect(JSON.stringify(reset)).not.toContain('Bearer');
  });

  it('redacts credentials an error body echoes', () => {
    const echo = { isAxiosError: true, response: { status: 400, headers: {}, data: { error: 'INVALID_ARGUMENT', message: 'key organizations/o/apiKeys/secret-key token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' } } };
    const error = toCoinbaseError(echo, 'fetchMarkets', redact);
    expect(error.message).toBe('Coinbase fetchMarkets: HTTP 400: INVALID_ARGUMENT — key [redacted] token [redacted]');
  });
});
