import { describe, expect, it } from 'vitest';
import type { Balance } from '@forced-cleanup/contract';
import { selectPriceSymbols, selectQuoteMarket } from '../src/index.js';
import { market } from './fixtures.js';

const cash = ['USD', 'USDC', 'USDT', 'EUR'];

function balance(asset: string, total: number, extra: Partial<Balance> = {}): Balance {
  return { asset, total, free: total, ...extra };
}

describe('selectQuoteMarket', () => {
  it('prefers USD, then USDC, then USDT', () => {
    const markets = [market('BTC', 'USDT'), market('BTC', 'USDC'), market('BTC', 'USD'), market('BTC', 'EUR')];
    expect(selectQuoteMarket('BTC', markets)?.symbol).toBe('BTC-USD');
    expect(selectQuoteMarket('BTC', markets.filter((m) => m.quote !== 'USD'))?.symbol).toBe('BTC-USDC');
    expect(selectQuoteMarket('BTC', [market('BTC', 'EUR'), market('BTC', 'USDT')])?.symbol).toBe('BTC-USDT');
  });

  it('is null without a USD, USDC or USDT market, and never matches by quote', () => {
    expect(selectQuoteMarket('BTC', [market('BTC', 'EUR'), market('ETH', 'BTC')])).toBeNull();
    expect(selectQuoteMarket('USD', [market('BTC', 'USD')])).toBeNull();
  });

  it('does not depend on the order markets are listed in', () => {
    const a = market('X', 'USD', { minNotional: 1 });
    const b = { ...market('X', 'USD'), symbol: 'X/USD' };
    expect(selectQuoteMarket('X', [a, b])).toBe(selectQuoteMarket('X', [b, a]));
  });
});

describe('selectPriceSymbols', () => {
  it('lists the sorted, unique quote markets of non-cash, non-zero balances', () => {
    const markets = [market('BTC'), market('ETH', 'USDC'), market('SOL', 'USDT'), market('ZERO'), market('USDC', 'USD')];
    const balances = [balance('SOL', 2), balance('BTC', 1), balance('ETH', 3), balance('ZERO', 0), balance('usdc', 50), balance('USD', 10)];
    expect(selectPriceSymbols(balances, markets, cash)).toEqual(['BTC-USD', 'ETH-USDC', 'SOL-USDT']);
  });

  it('adds the priceAs asset’s market for a balance without a market of its own', () => {
    const markets = [market('BTC'), market('ETH')];
    const balances = [balance('BTC.F', 0.5, { priceAs: 'BTC' }), balance('DOT.S', 3, { priceAs: 'DOT' })];
    expect(selectPriceSymbols(balances, markets, cash)).toEqual(['BTC-USD']);
  });

  it('prefers a balance’s own market over its priceAs', () => {
    expect(selectPriceSymbols([balance('ETH2', 1, { priceAs: 'ETH' })], [market('ETH'), market('ETH2')], cash)).toEqual(['ETH2-USD']);
  });
});
