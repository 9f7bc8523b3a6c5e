import { describe, expect, it } from 'vitest';
import { EXCHANGE_NAMES, balanceOf, krakenAsset, krakenPair, parseSimState, sampleState } from '../src/index.js';
import { decimalPlaces, isMultipleOf } from '../src/state/decimal.js';
import { ruleViolations } from '../src/state/ledger.js';
import { binanceSignature, generateCoinbaseKey, krakenSignature, loadCoinbasePrivateKey } from '../src/testing/index.js';

describe('the neutral state', () => {
  it('parses every built-in sample state', () => {
    for (const exchange of EXCHANGE_NAMES) {
      const state = parseSimState(sampleState(exchange));
      expect(Object.keys(state.markets).length).toBeGreaterThan(3);
      expect(state.credentials[exchange].length).toBeGreaterThan(0);
    }
  });

  it("normalises Binance's { free, locked } to { total, held }, open orders' holds derived from the orders", () => {
    const state = parseSimState({
      balances: { ETH: { free: 0.02, locked: 0.05 } },
      markets: { 'ETH-USDT': { price: 3400 } },
      openOrders: [{ id: '1', symbol: 'ETH-USDT', side: 'sell', quantity: 0.03, price: 4200 }],
    });
    expect(state.balances.ETH).toEqual({ total: 0.07, held: 0.02 });
    expect(balanceOf(state, 'ETH')).toEqual({ total: 0.07, held: 0.05, free: 0.02 });
  });

  it('holds the quote of an open buy order', () => {
    const state = parseSimState({
      balances: { USD: { total: 100 } },
      markets: { 'BTC-USD': { price: 97000 } },
      openOrders: [{ id: 'b1', symbol: 'BTC-USD', side: 'buy', quantity: 0.001, price: 50000 }],
    });
    expect(balanceOf(state, 'USD')).toMatchObject({ held: 50, free: 50 });
  });

  it('refuses inconsistent states with invalid_config naming each path', () => {
    const attempt = () =>
      parseSimState({
        balances: { BTC: { total: 0.001 }, ETH: { free: 1, locked: 0 } },
        markets: { 'BTC-USD': { price: 97000 } },
        openOrders: [
          { id: 'x', symbol: 'BTC-USD', side: 'sell', quantity: 0.01, price: 1 },
          { id: 'x', symbol: 'ETH-USD', side: 'sell', quantity: 0.5, price: 1 },
        ],
      });
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('openOrders.1.id: duplicate order id "x"');
    expect(message).toContain('openOrders.1.symbol: no market "ETH-USD"');
    expect(message).toContain('balances.BTC: BTC: holds');
    expect(message).toContain('balances.ETH.locked');
  });

  it('checks rules on decimals without floating-point noise', () => {
    expect(isMultipleOf(0.3, 0.1)).toBe(true);
    expect(isMultipleOf(0.15, 0.1)).toBe(false);
    expect(isMultipleOf(123456789, 1)).toBe(true);
    expect(decimalPlaces(0.00000001)).toBe(8);
    expect(decimalPlaces(0.0000245)).toBe(7);
    const market = { price: 0.38, minQuantity: 0.1, quantityStep: 0.1, minNotional: 1 };
    expect(ruleViolations(market, 0.05)).toEqual(['below_min_quantity', 'bad_step', 'below_min_notional']);
    expect(ruleViolations(market, 2.7)).toEqual([]);
    expect(ruleViolations({ price: null, minQuantity: null, quantityStep: null, minNotional: 1 }, 0.001)).toEqual([]);
  });

  it("maps neutral names to Kraken's", () => {
    expect(krakenPair('BTC-USD')).toMatchObject({ key: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD' });
    expect(krakenPair('DOGE-USD').key).toBe('XXDGZUSD');
    expect(krakenPair('DOT-USD')).toMatchObject({ key: 'DOTUSD', altname: 'DOTUSD', wsname: 'DOT/USD' });
    expect(krakenAsset('BTC.F').id).toBe('XBT.F');
    expect(krakenAsset('USD')).toMatchObject({ id: 'ZUSD', decimals: 4 });
  });
});

describe('signing helpers', () => {
  it("reproduces Kraken's documented API-Sign example", () => {
    const secret = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
    const body = 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
    expect(krakenSignature('/0/private/AddOrder', body, secret, '1616492376594')).toBe(
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    );
  });

  it("reproduces Binance's documented HMAC signature example", () => {
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    const query = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(binanceSignature(query, secret)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('derives the same CDP key from the same seed, and loads the secret in every form Coinbase hands out', () => {
    const a = generateCoinbaseKey({ seed: 's' });
    expect(generateCoinbaseKey({ seed: 's' })).toEqual(a);
    expect(generateCoinbaseKey({ seed: 't' }).publicKeyPem).not.toBe(a.publicKeyPem);
    expect(a.privateKey).toContain('BEGIN EC PRIVATE KEY');
    expect(loadCoinbasePrivateKey(a.privateKey.replace(/\n/g, '\\n')).algorithm).toBe('ES256');
    const ed = generateCoinbaseKey({ algorithm: 'EdDSA', seed: 's' });
    expect(Buffer.from(ed.privateKey, 'base64')).toHaveLength(64);
    expect(loadCoinbasePrivateKey(ed.privateKey).algorithm).toBe('EdDSA');
  });
});
