import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { seededRandom } from './prng.js';

/*
 * The portfolio of one simulated exchange account: `positions` holdings in proportions chosen so that a run
 * does every kind of work — dust to close, counted positions above the cap to close, a share of positions
 * with a resting sell order to cancel first — and markets whose rules every close meets (nothing stuck: a
 * stuck position costs no request, and would hide the per-close cost this is here to count).
 */

/** What to put in one account. */
export interface SimPortfolioOptions {
  /** Positions (non-cash holdings). */
  readonly positions: number;
  /** How many of them are dust (worth less than $1); the rest are worth $20–$500. */
  readonly dust: number;
  /** Share of positions with one resting sell order, in [0, 1]. */
  readonly openOrderShare: number;
  /** Seed of the generator. */
  readonly seed: number;
  /** How the exchange writes order ids: Binance's are integers, Kraken's are txids (`OABCDE-FGHIJ-KLMNOP`). */
  readonly orderIds: 'digits' | 'kraken-txid';
}

/** A sim state (without credentials) and what it holds. */
export interface SimPortfolio {
  readonly state: Omit<SimStateInput, 'credentials'>;
  /** Positions with an open order. */
  readonly withOpenOrders: number;
}

/** `C0001`…: plain asset names every protocol passes through unchanged (no Kraken X/Z prefix). */
export function simAssetName(index: number): string {
  return `C${String(index + 1).padStart(4, '0')}`;
}

/** The order id of the `index`th resting order, in the exchange's own form. */
export function simOrderId(index: number, style: SimPortfolioOptions['orderIds']): string {
  if (style === 'digits') return String(700_000_000 + index);
  const text = (index + 1).toString(36).toUpperCase().padStart(16, '0');
  return `O${text.slice(0, 5)}-${text.slice(5, 10)}-${text.slice(10, 16)}`;
}

/**
 * Builds the account: a USD balance, `positions` holdings each with its own `-USD` market (prices with
 * 8-decimal steps and tiny minimums), the first `dust` of them worth $0.10–$0.90.
 */
export function simPortfolio(options: SimPortfolioOptions): SimPortfolio {
  const random = seededRandom(options.seed);
  const balances: Record<string, { total: number }> = { USD: { total: 1_000 } };
  const markets: Record<string, { price: number; minQuantity: number; quantityStep: number; minNotional: number }> = {};
  const openOrders: { id: string; symbol: string; side: 'sell'; quantity: number; price: number }[] = [];
  for (let i = 0; i < options.positions; i++) {
    const asset = simAssetName(i);
    const symbol = `${asset}-USD`;
    const price = Number((1 + random.next() * 99).toFixed(4));
    const usd = i < options.dust ? 0.1 + random.next() * 0.8 : 20 + random.next() * 480;
    const total = Number((usd / price).toFixed(8));
    balances[asset] = { total };
    markets[symbol] = { price, minQuantity: 0.00000001, quantityStep: 0.00000001, minNotional: 0.01 };
    if (random.chance(options.openOrderShare)) {
      openOrders.push({ id: simOrderId(i, options.orderIds), symbol, side: 'sell', quantity: Number((total / 4).toFixed(8)), price: Number((price * 2).toFixed(4)) });
    }
  }
  return { state: { balances, markets, openOrders }, withOpenOrders: openOrders.length };
}
