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

/** The report of a recorded fill: a paper market order always fills in full. */
function reportOfFill(fill: PaperFill): OrderReport {
  return {
    orderId: fill.orderId,
    clientOrderId: fill.clientOrderId,
    symbol: fill.symbol,
    side: fill.side,
    status: 'filled',
    requestedQuantity: fill.quantity,
    filledQuantity: fill.quantity,
    averagePrice: fill.price,
  };
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

/**
 * Executes a market sell against `state` at the time `at`. A client order id already used returns that
 * order's report and changes nothing (where a real exchange would reject the duplicate, returning the
 * existing order gives the caller the same information without a second round trip). Otherwise the
 * order is checked (see {@link checkOrder}) and filled in full: the base leaves the position (which is
 * deleted at 0), quantity × price is credited to the quote, and a fill is appended.
 */
export function executeMarketSell(state: PaperState, request: MarketSellRequest, at: string): StateChange<OrderReport> {
  const parsed = MarketSellRequestSchema.safeParse(request);
  if (!parsed.success) throw cleanupError('invalid_order', `malformed market sell request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const existing = findOrder(state, { clientOrderId: request.clientOrderId });
  if (existing !== null) return { next: null, result: existing };

  const price = checkOrder(state, request);
  const { symbol, quantity, clientOrderId } = request;
  const { quote } = splitSymbol(symbol);
  const positions = state.positions.flatMap((position) => {
    if (position.symbol !== symbol) return [position];
    const remaining = withoutFloatNoise(position.quantity - quantity);
    // A sell of the whole free balance may differ from it by float noise: what is left is nothing.
    return remaining <= RELATIVE_TOLERANCE * position.quantity ? [] : [{ ...position, quantity: remaining }];
  });
  const sold: PaperState = { ...state, positions };
  const { orderId, nextOrderNumber } = nextOrderId(state);
  const fill: PaperFill = { orderId, clientOrderId, symbol, side: 'sell', quantity, price, at };
  const next: PaperState = {
    ...sold,
    ...credit(sold, quote, quantity * price),
    fills: [...state.fills, fill],
    nextOrderNumber,
  };
  return { next, result: reportOfFill(fill) };
}
