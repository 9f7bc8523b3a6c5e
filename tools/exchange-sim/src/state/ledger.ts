import { add, clean, isMultipleOf, multiply, subtract } from './decimal.js';
import { holdsOfOrders, splitSymbol, type SimMarket, type SimOpenOrder, type SimPastOrder, type SimState } from './schema.js';

/**
 * The exchange-neutral bookkeeping every protocol shares: what is held, what is free, and what a market
 * sell or a cancel does to the balances. Each protocol validates its own wire request, checks the rules in
 * its own order with its own error strings, then calls these.
 */

/** A balance as the protocols report it. */
export interface BalanceView {
  readonly total: number;
  /** Held by open orders plus any other hold. */
  readonly held: number;
  /** total − held, never negative. */
  readonly free: number;
}

/** The balance of one asset (zero when the state has none). */
export function balanceOf(state: SimState, asset: string): BalanceView {
  // What the open orders hold of this one asset, summed in book order (as holdsOfOrders sums it).
  let orderHold: number | undefined;
  for (const order of state.openOrders) {
    const { base, quote } = splitSymbol(order.symbol);
    if (order.side === 'sell' ? base === asset : quote === asset) {
      orderHold = (orderHold ?? 0) + (order.side === 'sell' ? order.quantity : order.quantity * order.price);
    }
  }
  return balanceWithHold(state, asset, orderHold);
}

function balanceWithHold(state: SimState, asset: string, orderHold: number | undefined): BalanceView {
  const balance = state.balances[asset] ?? { total: 0, held: 0 };
  const held = clean(balance.held + (orderHold ?? 0));
  return { total: balance.total, held, free: Math.max(0, subtract(balance.total, held)) };
}

/** Every asset of the state with its balance, in the state's order (the open orders are summed once for all). */
export function allBalances(state: SimState): Array<[string, BalanceView]> {
  const orderHolds = holdsOfOrders(state.openOrders);
  return Object.keys(state.balances).map((asset) => [asset, balanceWithHold(state, asset, orderHolds.get(asset))]);
}

/** Why a quantity breaks a market's rules, checked in this order by {@link ruleViolations}. */
export type RuleViolation = 'below_min_quantity' | 'bad_step' | 'below_min_notional';

/**
 * The rules `quantity` breaks on `market`, in a fixed order (each protocol reports the ones it checks in
 * its own order). The notional uses the market's last price; a market without a price has no notional.
 */
export function ruleViolations(market: SimMarket, quantity: number): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (market.minQuantity !== null && quantity < market.minQuantity - 1e-15) violations.push('below_min_quantity');
  if (market.quantityStep !== null && !isMultipleOf(quantity, market.quantityStep)) violations.push('bad_step');
  if (market.minNotional !== null && market.price !== null && multiply(quantity, market.price) < market.minNotional - 1e-12) {
    violations.push('below_min_notional');
  }
  return violations;
}

/** A market sell the protocol has validated. */
export interface MarketSellRequest {
  readonly symbol: string;
  readonly quantity: number;
  readonly clientOrderId: string | null;
  readonly userref?: number | null;
  /** The exchange order id to give it (protocols use their own id formats). */
  readonly orderId: string;
  /** When it executes (ISO 8601). */
  readonly at: string;
}

/**
 * Fills a market sell fully at the market's price: debits the base, credits the quote, and records the
 * order in `pastOrders`. The caller has checked the market, its price, its rules and the free balance.
 */
export function executeMarketSell(state: SimState, request: MarketSellRequest): SimPastOrder {
  const market = state.markets[request.symbol];
  if (market?.price === null || market === undefined) throw new Error(`executeMarketSell: market ${request.symbol} has no price`);
  const { base, quote } = splitSymbol(request.symbol);
  const baseBalance = (state.balances[base] ??= { total: 0, held: 0 });
  baseBalance.total = subtract(baseBalance.total, request.quantity);
  const quoteBalance = (state.balances[quote] ??= { total: 0, held: 0 });
  quoteBalance.total = add(quoteBalance.total, multiply(request.quantity, market.price));
  const order: SimPastOrder = {
    id: request.orderId,
    clientOrderId: request.clientOrderId,
    userref: request.userref ?? null,
    symbol: request.symbol,
    side: 'sell',
    type: 'market',
    quantity: request.quantity,
    filledQuantity: request.quantity,
    averagePrice: market.price,
    price: null,
    status: 'filled',
    createdAt: request.at,
    closedAt: request.at,
  };
  state.pastOrders.push(order);
  return order;
}

/** Cancels an open order: it leaves the book (releasing its hold) and is kept as a cancelled past order. */
export function cancelOpenOrder(state: SimState, orderId: string, at: string): SimPastOrder | null {
  const index = state.openOrders.findIndex((order) => order.id === orderId);
  if (index < 0) return null;
  const [open] = state.openOrders.splice(index, 1) as [SimOpenOrder];
  const past: SimPastOrder = {
    id: open.id,
    clientOrderId: open.clientOrderId,
    userref: open.userref,
    symbol: open.symbol,
    side: open.side,
    type: 'limit',
    quantity: open.quantity,
    filledQuantity: 0,
    averagePrice: null,
    price: open.price,
    status: 'cancelled',
    createdAt: open.createdAt,
    closedAt: at,
  };
  state.pastOrders.push(past);
  return past;
}

/** An order of the state, open or past, in one shape for the protocols' order views. */
export type AnyOrder = { readonly open: true; readonly order: SimOpenOrder } | { readonly open: false; readonly order: SimPastOrder };

/** Finds an order by exchange id. */
export function findOrder(state: SimState, orderId: string): AnyOrder | null {
  const open = state.openOrders.find((order) => order.id === orderId);
  if (open) return { open: true, order: open };
  const past = state.pastOrders.find((order) => order.id === orderId);
  return past ? { open: false, order: past } : null;
}

/** Every order with this client order id, newest first (an id may be reused once the first is closed). */
export function findByClientOrderId(state: SimState, clientOrderId: string): AnyOrder[] {
  return ordersWhere(state, ({ order }) => order.clientOrderId === clientOrderId);
}

/**
 * The orders `keep` accepts, in {@link allOrders}' order. Only the past orders kept are sorted: a listing
 * of open orders, or of one symbol, does not pay for sorting every order the account ever placed.
 */
export function ordersWhere(state: SimState, keep: (entry: AnyOrder) => boolean): AnyOrder[] {
  const found: AnyOrder[] = [];
  for (const order of state.openOrders) {
    const entry = { open: true as const, order };
    if (keep(entry)) found.push(entry);
  }
  const keptPast = state.pastOrders.filter((order) => keep({ open: false, order }));
  // The sort is stable, so sorting the kept ones gives them the same order as sorting all, then keeping.
  for (const order of newestFirst(keptPast)) found.push({ open: false, order });
  return found;
}

/** Every order, open ones first, then past ones newest first. */
export function allOrders(state: SimState): AnyOrder[] {
  const past = newestFirst(state.pastOrders);
  return [
    ...state.openOrders.map((order) => ({ open: true as const, order })),
    ...past.map((order) => ({ open: false as const, order })),
  ];
}

/** Past orders newest first; orders of the same instant keep their reverse insertion order (sort is stable). */
function newestFirst(orders: readonly SimPastOrder[]): SimPastOrder[] {
  return [...orders].reverse().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
