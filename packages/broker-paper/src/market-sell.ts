import { z } from 'zod';
import { cleanupError, type MarketSellRequest, type OrderLookup, type OrderReport } from '@forced-cleanup/contract';
import { freeQuantity, knownSymbols, marketRulesOf, positionOfBase, priceOf } from './exchange-view.js';
import { clearlyLess, isStepMultiple, RELATIVE_TOLERANCE, splitSymbol, withoutFloatNoise } from './market-symbol.js';
import type { StateChange } from './paper-state-store.js';
import type { PaperFill, PaperState } from './paper-state.js';

/*
 * The paper exchange's matching engine for market sells, as pure functions of the state: it checks an
 * order the way a real exchange does, fills it in full at the position's price, and records the fill.
 * A rejection throws before anything changes, so the state is left exactly as it was.
 */

/** The request as the engine sends it; checked here because the exchange must not trust its client. */
const MarketSellRequestSchema = z.object({
  symbol: z.string().min(1),
  quantity: z.number(),
  clientOrderId: z.string().min(1),
});

/**
 * The report of a recorded fill. Without a `requestedQuantity` it filled in full; with one it filled in
 * part, or not at all: a market order is never left resting, so what did not fill is cancelled.
 */
function reportOfFill(fill: PaperFill): OrderReport {
  const partial = fill.requestedQuantity !== undefined;
  return {
    orderId: fill.orderId,
    clientOrderId: fill.clientOrderId,
    symbol: fill.symbol,
    side: fill.side,
    status: !partial ? 'filled' : fill.quantity > 0 ? 'partially_filled' : 'cancelled',
    requestedQuantity: fill.requestedQuantity ?? fill.quantity,
    filledQuantity: fill.quantity,
    averagePrice: fill.quantity > 0 ? fill.price : null,
  };
}

/**
 * The quantity a partial fill sells: `quantity × ratio` rounded down to the market's step (float noise
 * tolerated, so 0.3 × 0.5 on a 0.05 step is 3 steps, not 2). Without a step it is not rounded.
 */
export function partialQuantity(quantity: number, ratio: number, step: number | null): number {
  const wanted = quantity * ratio;
  if (step === null) return withoutFloatNoise(wanted);
  const steps = wanted / step;
  return withoutFloatNoise(Math.floor(steps + RELATIVE_TOLERANCE * Math.max(1, steps)) * step);
}

/**
 * The order placed with `clientOrderId` (and `orderId`, when given), from the fills, or else from the
 * open orders (status `open`, nothing filled); null when the exchange has no such order. The symbol of
 * the lookup is not used: client order ids are unique per account, as on Coinbase.
 */
export function findOrder(state: PaperState, lookup: Pick<OrderLookup, 'clientOrderId' | 'orderId'>): OrderReport | null {
  const matches = (clientOrderId: string | null, orderId: string): boolean =>
    clientOrderId === lookup.clientOrderId && (lookup.orderId === undefined || lookup.orderId === orderId);
  const fill = state.fills.find((candidate) => matches(candidate.clientOrderId, candidate.orderId));
  if (fill !== undefined) return reportOfFill(fill);
  const open = state.openOrders.find((candidate) => matches(candidate.clientOrderId, candidate.id));
  if (open === undefined || open.clientOrderId === null) return null;
  return {
    orderId: open.id,
    clientOrderId: open.clientOrderId,
    symbol: open.symbol,
    side: open.side,
    status: 'open',
    requestedQuantity: open.quantity,
    filledQuantity: 0,
    averagePrice: null,
  };
}

/** The next unused order id `paper-<n>` and the counter after it (ids written in a config are skipped). */
function nextOrderId(state: PaperState): { orderId: string; nextOrderNumber: number } {
  const taken = new Set([...state.fills.map((fill) => fill.orderId), ...state.openOrders.map((order) => order.id)]);
  let number = state.nextOrderNumber;
  while (taken.has(`paper-${number}`)) number += 1;
  return { orderId: `paper-${number}`, nextOrderNumber: number + 1 };
}

/** Throws the exchange's rejection of `request`, in the order a real exchange checks; returns the fill price. */
function checkOrder(state: PaperState, request: MarketSellRequest): number {
  const { symbol, quantity } = request;
  if (!Number.isFinite(quantity) || quantity <= 0) {
    throw cleanupError('invalid_order', `${symbol}: quantity ${quantity} is not a number > 0`);
  }
  if (!knownSymbols(state).includes(symbol)) throw cleanupError('market_not_found', `no paper market ${symbol}`);
  const price = priceOf(state, symbol);
  if (price === null) throw cleanupError('invalid_order', `${symbol} has no valid price to fill a market order against`);
  const rules = marketRulesOf(state, symbol);
  if (rules.quantityStep !== null && !isStepMultiple(quantity, rules.quantityStep)) {
    throw cleanupError('invalid_order', `${symbol}: quantity ${quantity} is not a multiple of the step ${rules.quantityStep}`);
  }
  if (rules.minQuantity !== null && clearlyLess(quantity, rules.minQuantity)) {
    throw cleanupError('below_minimum', `${symbol}: quantity ${quantity} is below the minimum quantity ${rules.minQuantity}`);
  }
  if (rules.minNotional !== null && clearlyLess(quantity * price, rules.minNotional)) {
    throw cleanupError('below_minimum', `${symbol}: value ${quantity * price} ${rules.quote} is below the minimum notional ${rules.minNotional}`);
  }
  const { base } = splitSymbol(symbol);
  const free = freeQuantity(state, base);
  if (clearlyLess(free, quantity)) {
    throw cleanupError('insufficient_funds', `${symbol}: quantity ${quantity} exceeds the free ${base} balance ${free} (open sell orders hold the rest)`);
  }
  return price;
}

/** Adds `amount` of `asset`: to the position holding it when there is one (an asset is cash or a position, never both), else to cash. */
function credit(state: PaperState, asset: string, amount: number): Pick<PaperState, 'cash' | 'positions'> {
  if (positionOfBase(state, asset) !== undefined) {
    const positions = state.positions.map((position) =>
      splitSymbol(position.symbol).base === asset ? { ...position, quantity: withoutFloatNoise(position.quantity + amount) } : position,
    );
    return { cash: state.cash, positions };
  }
  return { cash: { ...state.cash, [asset]: withoutFloatNoise((state.cash[asset] ?? 0) + amount) }, positions: state.positions };
}

/** `state` after `quantity` of `symbol` was sold at `price`: the base leaves the position, the quote is credited. */
function afterSale(state: PaperState, symbol: string, quantity: number, price: number): PaperState {
  if (quantity === 0) return state;
  const positions = state.positions.flatMap((position) => {
    if (position.symbol !== symbol) return [position];
    const remaining = withoutFloatNoise(position.quantity - quantity);
    // A sell of the whole free balance may differ from it by float noise: what is left is nothing.
    return remaining <= RELATIVE_TOLERANCE * position.quantity ? [] : [{ ...position, quantity: remaining }];
  });
  const sold: PaperState = { ...state, positions };
  return { ...sold, ...credit(sold, splitSymbol(symbol).quote, quantity * price) };
}

/**
 * Executes a market sell against `state` at the time `at`. A client order id already used returns that
 * order's report and changes nothing (where a real exchange would reject the duplicate, returning the
 * existing order gives the caller the same information without a second round trip). Otherwise the
 * order is checked (see {@link checkOrder}) on the quantity asked for and filled: in full, or with a
 * `fillRatio` below 1 (a `partial_fill` fault) in part, see {@link partialQuantity}. The base leaves the
 * position (which is deleted at 0), filled × price is credited to the quote, and a fill is appended,
 * even one that filled nothing, so that the order can be looked up.
 */
export function executeMarketSell(state: PaperState, request: MarketSellRequest, at: string, fillRatio = 1): StateChange<OrderReport> {
  const parsed = MarketSellRequestSchema.safeParse(request);
  if (!parsed.success) throw cleanupError('invalid_order', `malformed market sell request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const existing = findOrder(state, { clientOrderId: request.clientOrderId });
  if (existing !== null) return { next: null, result: existing };

  const price = checkOrder(state, request);
  const { symbol, quantity, clientOrderId } = request;
  const partial = fillRatio < 1;
  const filled = partial ? partialQuantity(quantity, fillRatio, marketRulesOf(state, symbol).quantityStep) : quantity;
  const { orderId, nextOrderNumber } = nextOrderId(state);
  const fill: PaperFill = partial
    ? { orderId, clientOrderId, symbol, side: 'sell', quantity: filled, requestedQuantity: quantity, price, at }
    : { orderId, clientOrderId, symbol, side: 'sell', quantity, price, at };
  const next: PaperState = { ...afterSale(state, symbol, filled, price), fills: [...state.fills, fill], nextOrderNumber };
  return { next, result: reportOfFill(fill) };
}
