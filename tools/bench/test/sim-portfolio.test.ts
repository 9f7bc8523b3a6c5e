import { describe, expect, it } from 'vitest';
import { parseSimState } from '@forced-cleanup/exchange-sim';
import { simAssetName, simOrderId, simPortfolio } from '../src/sim-portfolio.js';

describe('sim portfolios', () => {
  it('is a valid sim state with the asked number of positions and dust, one USD market each', () => {
    const portfolio = simPortfolio({ positions: 50, dust: 30, openOrderShare: 0.1, seed: 3, orderIds: 'digits' });
    const state = parseSimState(portfolio.state, 'bench');
    const assets = Object.keys(state.balances).filter((asset) => asset !== 'USD');
    expect(assets).toHaveLength(50);
    expect(Object.keys(state.markets)).toEqual(assets.map((asset) => `${asset}-USD`));
    const values = assets.map((asset) => state.balances[asset]!.total * state.markets[`${asset}-USD`]!.price!);
    expect(values.filter((usd) => usd < 1)).toHaveLength(30);
    expect(values.filter((usd) => usd >= 20)).toHaveLength(20);
    expect(state.openOrders).toHaveLength(portfolio.withOpenOrders);
  });

  it('writes order ids as the exchange does: Binance integers, Kraken txids, all distinct', () => {
    const digits = Array.from({ length: 2000 }, (_, i) => simOrderId(i, 'digits'));
    const txids = Array.from({ length: 2000 }, (_, i) => simOrderId(i, 'kraken-txid'));
    expect(digits.every((id) => /^\d+$/.test(id))).toBe(true);
    expect(txids.every((id) => /^O[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{6}$/.test(id))).toBe(true);
    expect(new Set(digits).size).toBe(2000);
    expect(new Set(txids).size).toBe(2000);
  });

  it('names assets with letters and digits only (no Kraken X/Z prefix, no dash)', () => {
    expect(simAssetName(0)).toBe('C0001');
    expect(simAssetName(999)).toBe('C1000');
  });
});
