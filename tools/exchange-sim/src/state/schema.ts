import { z } from 'zod';
import { clean } from './decimal.js';

/**
 * The simulator's state: one exchange-neutral JSON format for all three exchanges (documented in
 * docs/exchange-sim.md). Assets are neutral (`BTC`, not `XXBT`), markets are `BASE-QUOTE`; each protocol maps
 * them to its own wire names. The parsed state is live: the server mutates it as orders fill and cancel.
 */

const quantity = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const isoTime = z.iso.datetime({ offset: true });
/** Kraken staking/earn balances (`DOT.S`, `BTC.F`, `USDT.B`) are assets with a suffix and no market. */
const assetName = z.string().regex(/^[A-Z0-9]{1,12}(\.[A-Z]{1,2})?$/, 'an asset is upper-case letters and digits, e.g. BTC or DOT.S');
const symbolName = z.string().regex(/^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$/, 'a market symbol is BASE-QUOTE, e.g. BTC-USD');
/** Start of the simulated epoch: the default creation time of seeded orders, so states stay deterministic. */
const DEFAULT_CREATED_AT = '2024-01-01T00:00:00.000Z';

/** A Coinbase CDP API key the sim accepts: its name and the PUBLIC half (ECDSA P-256 or Ed25519) as SPKI PEM. */
export const CoinbaseCredentialSchema = z.strictObject({
  /** `organizations/{org}/apiKeys/{id}`: the JWT's `kid` and `sub`. */
  keyName: z.string().min(1),
  /** `-----BEGIN PUBLIC KEY-----` PEM. Only the public key: the sim never holds a Coinbase secret. */
  publicKeyPem: z.string().includes('-----BEGIN PUBLIC KEY-----', { message: 'publicKeyPem must be an SPKI "BEGIN PUBLIC KEY" PEM' }),
});

/** A Kraken API key: its public key string and base64 secret (the HMAC-SHA512 key). */
export const KrakenCredentialSchema = z.strictObject({
  apiKey: z.string().min(1),
  secret: z.base64().min(4),
});

/** A Binance API key and its HMAC-SHA256 secret. */
export const BinanceCredentialSchema = z.strictObject({
  apiKey: z.string().min(1),
  secret: z.string().min(1),
});

/** The keys the sim accepts, per exchange. */
export const CredentialsSchema = z.strictObject({
  coinbase: z.array(CoinbaseCredentialSchema).default([]),
  kraken: z.array(KrakenCredentialSchema).default([]),
  binance: z.array(BinanceCredentialSchema).default([]),
});

/**
 * One balance, in either of two models. `{ total, held }`: `held` is what is held by something OTHER than the
 * state's open orders (open orders add their own holds). `{ free, locked }` (Binance's model): `locked` includes
 * the open orders' holds; it is normalised to `{ total, held }` when the state is parsed.
 */
const BalanceInputSchema = z.union([
  z.strictObject({ total: quantity, held: quantity.default(0) }),
  z.strictObject({ free: quantity, locked: quantity }),
]);

/** A balance after parsing: `held` excludes the holds of open orders, which are derived from them. */
export interface SimBalance {
  total: number;
  held: number;
}

/** One market and its rules. `null` rules do not apply; a `null` price means the market has no last trade. */
export const SimMarketSchema = z.strictObject({
  price: positive.nullable(),
  minQuantity: positive.nullable().default(null),
  quantityStep: positive.nullable().default(null),
  minNotional: positive.nullable().default(null),
});
/** One market and its rules. */
export type SimMarket = z.infer<typeof SimMarketSchema>;

/** An order resting on the book. A sell holds its base quantity; a buy holds quantity × price of the quote. */
export const SimOpenOrderSchema = z.strictObject({
  /** The exchange order id as it appears on the wire (Binance: digits only). */
  id: z.string().min(1),
  clientOrderId: z.string().min(1).nullable().default(null),
  /** Kraken's numeric user reference, when the order was placed with one. */
  userref: z.number().int().nullable().default(null),
  symbol: symbolName,
  side: z.enum(['buy', 'sell']),
  /** Remaining quantity, base units. */
  quantity: positive,
  /** Limit price, quote units. */
  price: positive,
  createdAt: isoTime.default(DEFAULT_CREATED_AT),
});
/** An order resting on the book. */
export type SimOpenOrder = z.infer<typeof SimOpenOrderSchema>;

/** An order that is no longer open: filled market orders, cancelled orders. Kept for lookups. */
export const SimPastOrderSchema = z.strictObject({
  id: z.string().min(1),
  clientOrderId: z.string().min(1).nullable().default(null),
  userref: z.number().int().nullable().default(null),
  symbol: symbolName,
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit']),
  /** Quantity asked for, base units. */
  quantity: positive,
  filledQuantity: quantity,
  /** Average fill price, or null when nothing filled. */
  averagePrice: positive.nullable(),
  /** Limit price of a limit order, else null. */
  price: positive.nullable().default(null),
  status: z.enum(['filled', 'cancelled']),
  createdAt: isoTime.default(DEFAULT_CREATED_AT),
  closedAt: isoTime.default(DEFAULT_CREATED_AT),
});
/** An order that is no longer open. */
export type SimPastOrder = z.infer<typeof SimPastOrderSchema>;

const RawStateSchema = z.strictObject({
  credentials: CredentialsSchema.default({ coinbase: [], kraken: [], binance: [] }),
  balances: z.record(assetName, BalanceInputSchema).default({}),
  markets: z.record(symbolName, SimMarketSchema).default({}),
  openOrders: z.array(SimOpenOrderSchema).default([]),
  pastOrders: z.array(SimPastOrderSchema).default([]),
});

/**
 * The whole state, validated: every order's market exists, ids are unique, and no asset is held beyond its
 * total. `{ free, locked }` balances come out as `{ total, held }`.
 */
export const SimStateSchema = RawStateSchema.superRefine((state, ctx) => {
  const ids = new Set<string>();
  const orders = [...state.openOrders.map((o) => ['openOrders', o] as const), ...state.pastOrders.map((o) => ['pastOrders', o] as const)];
  orders.forEach(([list, order], index) => {
    if (ids.has(order.id)) ctx.addIssue({ code: 'custom', path: [list, index, 'id'], message: `duplicate order id "${order.id}"` });
    ids.add(order.id);
    if (!(order.symbol in state.markets)) {
      ctx.addIssue({ code: 'custom', path: [list, index, 'symbol'], message: `no market "${order.symbol}" in markets` });
    }
  });
  const orderHolds = holdsOfOrders(state.openOrders);
  for (const [asset, input] of Object.entries(state.balances)) {
    const fromOrders = orderHolds.get(asset) ?? 0;
    const balance = normalise(input, fromOrders);
    if ('locked' in input && input.locked + 1e-12 < fromOrders) {
      ctx.addIssue({ code: 'custom', path: ['balances', asset, 'locked'], message: `locked ${input.locked} is less than the ${fromOrders} held by open orders` });
    } else if (balance.held + fromOrders > balance.total + 1e-12) {
      ctx.addIssue({ code: 'custom', path: ['balances', asset], message: `${asset}: holds (${balance.held} + ${fromOrders} by open orders) exceed the total ${balance.total}` });
    }
  }
  for (const [asset, fromOrders] of orderHolds) {
    if (!(asset in state.balances)) {
      ctx.addIssue({ code: 'custom', path: ['balances', asset], message: `open orders hold ${fromOrders} ${asset} but there is no ${asset} balance` });
    }
  }
}).transform((state) => {
  const orderHolds = holdsOfOrders(state.openOrders);
  const balances: Record<string, SimBalance> = {};
  for (const [asset, input] of Object.entries(state.balances)) balances[asset] = normalise(input, orderHolds.get(asset) ?? 0);
  return { ...state, balances };
});

function normalise(input: z.output<typeof BalanceInputSchema>, fromOrders: number): SimBalance {
  return 'total' in input
    ? { total: input.total, held: input.held }
    : { total: clean(input.free + input.locked), held: Math.max(0, clean(input.locked - fromOrders)) };
}

/** The state as written in a state file (before defaults and normalisation). */
export type SimStateInput = z.input<typeof SimStateSchema>;
/** The live state the server reads and mutates. */
export type SimState = z.output<typeof SimStateSchema>;

/** Splits `BASE-QUOTE`. */
export function splitSymbol(symbol: string): { base: string; quote: string } {
  const dash = symbol.indexOf('-');
  return { base: symbol.slice(0, dash), quote: symbol.slice(dash + 1) };
}

/** What the given open orders hold, per asset: sells hold base, buys hold quote. */
export function holdsOfOrders(orders: readonly SimOpenOrder[]): Map<string, number> {
  const holds = new Map<string, number>();
  for (const order of orders) {
    const { base, quote } = splitSymbol(order.symbol);
    const [asset, amount] = order.side === 'sell' ? [base, order.quantity] : [quote, order.quantity * order.price];
    holds.set(asset, (holds.get(asset) ?? 0) + amount);
  }
  return holds;
}
