import { ConformanceScenarioSchema, type ConformanceScenario, type ScenarioHolding } from './scenario.js';

/*
 * The scenarios the suite hands to a harness. The figures are chosen so that each rejection has exactly
 * one cause: a BTC sell of 0.00005 is below the minimum quantity but not the minimum notional, SHIB is
 * worth less than its minimum notional but is far above its minimum quantity, and ETH and SOL have funds
 * held by open orders (SOL by a sell and a buy, the buy holding USD).
 */

/** BTC: 0.5 at 40 000 USD; minimum quantity 0.0001 (a 0.00005 sell is below it, yet worth 2 USD ≥ 1). */
const BTC: ScenarioHolding = { asset: 'BTC', quantity: 0.5, priceUsd: 40_000, market: { minQuantity: 0.0001, quantityStep: 0.00000001, minNotional: 1 } };
/** ETH: 3, of which an open sell holds 1. */
const ETH: ScenarioHolding = { asset: 'ETH', quantity: 3, priceUsd: 2_000, market: { minQuantity: 0.001, quantityStep: 0.0001, minNotional: 10 } };
/** SOL: 10, of which an open sell holds 3; an open buy on SOL-USD holds 100 USD. */
const SOL: ScenarioHolding = { asset: 'SOL', quantity: 10, priceUsd: 100, market: { minQuantity: 0.01, quantityStep: 0.01, minNotional: 1 } };
/** SHIB: 50 000 at 0.00001 USD = 0.5 USD, below its minimum notional of 1 USD: stuck dust. */
const SHIB: ScenarioHolding = { asset: 'SHIB', quantity: 50_000, priceUsd: 0.00001, market: { minQuantity: 1, quantityStep: 1, minNotional: 1 } };

/**
 * The account most cases start from: 1000 USD (100 held by a buy), BTC, ETH, SOL and SHIB, and three open
 * orders on two markets. Expected balances: USD 1000/900, BTC 0.5/0.5, ETH 3/2, SOL 10/7, SHIB 50000/50000.
 */
export function standardScenario(): ConformanceScenario {
  return ConformanceScenarioSchema.parse({
    cash: { USD: 1_000 },
    holdings: [BTC, ETH, SOL, SHIB],
    openOrders: [
      { id: '1001', asset: 'ETH', side: 'sell', quantity: 1, price: 2_500 },
      { id: '1002', asset: 'SOL', side: 'buy', quantity: 2, price: 50 },
      { id: '1003', asset: 'SOL', side: 'sell', quantity: 3, price: 150 },
    ],
  });
}

/** The standard account plus XYZ, whose market `XYZ-USD` has no usable price. */
export function unpricedScenario(): ConformanceScenario {
  const standard = standardScenario();
  return ConformanceScenarioSchema.parse({
    ...standard,
    holdings: [...standard.holdings, { asset: 'XYZ', quantity: 10, priceUsd: null, market: { minQuantity: 1, quantityStep: 1, minNotional: 1 } }],
  });
}

/** How large the pagination scenario is. */
export interface PaginationSize {
  /** Non-cash holdings (each with its own market). */
  readonly holdings: number;
  /** Open sell orders, one per holding from the first on (at most `holdings`). */
  readonly openOrders: number;
}

/**
 * Larger than one page of every exchange we know: Coinbase lists 250 accounts and 25 orders a page; Kraken
 * and Binance answer in one page. An exchange with larger pages passes its own size in the options.
 */
export const DEFAULT_PAGINATION_SIZE: PaginationSize = Object.freeze({ holdings: 260, openOrders: 60 });

/** The asset name of the `index`-th pagination holding: `PG000`, `PG001`, … */
export function paginationAsset(index: number): string {
  return `PG${String(index).padStart(3, '0')}`;
}

/**
 * 100 USD and `size.holdings` assets (10 each at `index + 1` USD), the first `size.openOrders` of them with
 * an open sell of 1 at twice the price.
 */
export function paginationScenario(size: PaginationSize = DEFAULT_PAGINATION_SIZE): ConformanceScenario {
  const holdings = Array.from({ length: size.holdings }, (_, index) => ({
    asset: paginationAsset(index),
    quantity: 10,
    priceUsd: index + 1,
    market: { minQuantity: 0.001, quantityStep: 0.001, minNotional: 1 },
  }));
  const openOrders = Array.from({ length: Math.min(size.openOrders, size.holdings) }, (_, index) => ({
    id: String(2_000 + index),
    asset: paginationAsset(index),
    side: 'sell' as const,
    quantity: 1,
    price: 2 * (index + 1),
  }));
  return ConformanceScenarioSchema.parse({ cash: { USD: 100 }, holdings, openOrders });
}

/*
 * Client order ids the cases place orders with. They have the engine's form (`fc` + 16 hex digits, 18
 * characters: within Binance's 36 and Kraken's 18), so a broker that validates the form accepts them, and
 * each case uses its own, so no two orders of one exchange share an id.
 */

/** The `n`-th conformance client order id: `fc` + `n` as 16 hex digits. */
export function conformanceClientOrderId(n: number): string {
  return `fc${n.toString(16).padStart(16, '0')}`;
}

/** A client order id no case ever places an order with. */
export const UNKNOWN_CLIENT_ORDER_ID = conformanceClientOrderId(0xdead);
