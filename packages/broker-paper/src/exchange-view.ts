import type { Balance, MarketRules, OpenOrder } from '@forced-cleanup/contract';
import { splitSymbol, withoutFloatNoise } from './market-symbol.js';
import type { PaperPosition, PaperState } from './paper-state.js';

/*
 * What the paper exchange answers to reads: pure functions of its state, so that the same state always
 * reads the same way and the trading code (market-sell.ts) reasons with exactly these figures.
 */

/**
 * Funds held by open orders, per asset: a sell holds its base quantity, a buy holds quote cash
 * (quantity × limit price; a buy without a price holds nothing, there is no amount to reserve).
 */
export function heldByOpenOrders(state: PaperState): Map<string, number> {
  const held = new Map<string, number>();
  const add = (asset: string, amount: number): void => {
    held.set(asset, withoutFloatNoise((held.get(asset) ?? 0) + amount));
  };
  for (const order of state.openOrders) {
    const { base, quote } = splitSymbol(order.symbol);
    if (order.side === 'sell') add(base, order.quantity);
    else if (order.price !== null) add(quote, order.quantity * order.price);
  }
  return held;
}

/** `total − held`, never below 0 (a config may declare orders holding more than the balance). */
function freeOf(total: number, held: number): number {
  return Math.max(0, withoutFloatNoise(total - held));
}

/** The position holding `base`, if any (the schemas allow at most one per base). */
export function positionOfBase(state: PaperState, base: string): PaperPosition | undefined {
  return state.positions.find((position) => splitSymbol(position.symbol).base === base);
}

/** The position traded on `symbol`, if any. */
export function positionOfSymbol(state: PaperState, symbol: string): PaperPosition | undefined {
  return state.positions.find((position) => position.symbol === symbol);
}

/** Free quantity of `asset`: its balance minus what open orders hold. */
export function freeQuantity(state: PaperState, asset: string): number {
  const total = positionOfBase(state, asset)?.quantity ?? state.cash[asset] ?? 0;
  return freeOf(total, heldByOpenOrders(state).get(asset) ?? 0);
}

/** One balance per asset with a quantity > 0: cash assets first, then position bases, in file order. */
export function balancesOf(state: PaperState): Balance[] {
  const held = heldByOpenOrders(state);
  const balances: Balance[] = [];
  for (const [asset, quantity] of Object.entries(state.cash)) {
    if (quantity > 0) {
      balances.push({ asset, total: quantity, free: freeOf(quantity, held.get(asset) ?? 0), entryPrice: null, openedAt: null });
    }
  }
  for (const position of state.positions) {
    if (position.quantity <= 0) continue;
    const { base } = splitSymbol(position.symbol);
    balances.push({
      asset: base,
      total: position.quantity,
      free: freeOf(position.quantity, held.get(base) ?? 0),
      entryPrice: position.entryPrice,
      openedAt: position.openedAt,
    });
  }
  return balances;
}

/** Every symbol the exchange knows: positions ∪ markets ∪ open orders, first appearance first. */
export function knownSymbols(state: PaperState): string[] {
  const symbols = new Set<string>();
  for (const position of state.positions) symbols.add(position.symbol);
  for (const symbol of Object.keys(state.markets)) symbols.add(symbol);
  for (const order of state.openOrders) symbols.add(order.symbol);
  return [...symbols];
}

/** The rules of one known market; a market without an entry in `markets` has no rules (all null). */
export function marketRulesOf(state: PaperState, symbol: string): MarketRules {
  const { base, quote } = splitSymbol(symbol);
  const rules = state.markets[symbol];
  return {
    symbol,
    base,
    quote,
    minQuantity: rules?.minQuantity ?? null,
    quantityStep: rules?.quantityStep ?? null,
    minNotional: rules?.minNotional ?? null,
  };
}

/** Every known market with its rules. */
export function marketsOf(state: PaperState): MarketRules[] {
  return knownSymbols(state).map((symbol) => marketRulesOf(state, symbol));
}

/** The position's price when usable (the schema already turned anything else into null); unknown → null. */
export function priceOf(state: PaperState, symbol: string): number | null {
  return positionOfSymbol(state, symbol)?.price ?? null;
}

/** Prices of the requested symbols, one entry per symbol. */
export function pricesOf(state: PaperState, symbols: readonly string[]): Record<string, number | null> {
  const prices: Record<string, number | null> = {};
  for (const symbol of symbols) prices[symbol] = priceOf(state, symbol);
  return prices;
}

/** The open orders in the contract's form. */
export function openOrdersOf(state: PaperState): OpenOrder[] {
  return state.openOrders.map((order) => {
    const { base, quote } = splitSymbol(order.symbol);
    return {
      id: order.id,
      symbol: order.symbol,
      base,
      quote,
      side: order.side,
      quantity: order.quantity,
      price: order.price,
      clientOrderId: order.clientOrderId,
    };
  });
}
