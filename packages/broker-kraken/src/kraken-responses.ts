import { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';

/*
 * Kraken's answers, as this broker relies on them (docs.kraken.com REST API). Every answer is checked
 * before anything is done with it: malformed data is a `malformed_response`, never a guess. Objects are
 * loose (Kraken adds fields over time) but every field read is required and typed. Quantities and prices
 * are decimal strings on the wire.
 */

/** A decimal string such as `"0.0120000000"`, as a number. */
const decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?(e-?\d+)?$/i, { error: 'expected a decimal string' })
  .transform(Number);

/** `Assets`: asset id → its description; `altname` is the short name (`XXBT` → `XBT`). */
export const AssetsResultSchema = z.record(z.string(), z.looseObject({ altname: z.string().min(1) }));

/** One `AssetPairs` entry: the names of a pair and its order rules. */
export const AssetPairSchema = z.looseObject({
  altname: z.string().min(1),
  wsname: z.string().min(3).optional(),
  base: z.string().min(1),
  quote: z.string().min(1),
  lot_decimals: z.number().int().min(0).max(18),
  ordermin: decimal.optional(),
  costmin: decimal.optional(),
  status: z.string().optional(),
});
/** One `AssetPairs` entry. */
export type AssetPair = z.infer<typeof AssetPairSchema>;
/** `AssetPairs`: pair key (`XXBTZUSD`) → pair. */
export const AssetPairsResultSchema = z.record(z.string(), AssetPairSchema);

/** `Ticker`: pair key → ticker; `c[0]` is the last trade price. */
export const TickerResultSchema = z.record(z.string(), z.looseObject({ c: z.array(z.string()).min(1) }));

/** `BalanceEx`: asset id → total balance and the part held by open orders. */
export const BalanceExResultSchema = z.record(
  z.string(),
  z.looseObject({ balance: decimal, hold_trade: decimal.default(0) }),
);

/** An order as OpenOrders, ClosedOrders and QueryOrders describe it. `price` is the average fill price. */
export const KrakenOrderSchema = z.looseObject({
  status: z.enum(['pending', 'open', 'closed', 'canceled', 'expired']),
  userref: z.number().int().nullable().optional(),
  cl_ord_id: z.string().optional(),
  opentm: z.number(),
  descr: z.looseObject({
    pair: z.string().min(1),
    type: z.enum(['buy', 'sell']),
    ordertype: z.string(),
    price: decimal,
  }),
  vol: decimal,
  vol_exec: decimal,
  price: decimal,
});
/** An order as Kraken describes it. */
export type KrakenOrder = z.infer<typeof KrakenOrderSchema>;

/** `OpenOrders`. */
export const OpenOrdersResultSchema = z.looseObject({ open: z.record(z.string(), KrakenOrderSchema) });
/** `ClosedOrders`: one page, and how many match in all. */
export const ClosedOrdersResultSchema = z.looseObject({
  closed: z.record(z.string(), KrakenOrderSchema),
  count: z.number().int().nonnegative(),
});
/** `QueryOrders`: txid → order. */
export const QueryOrdersResultSchema = z.record(z.string(), KrakenOrderSchema);
/** `AddOrder`: the new order's id(s). */
export const AddOrderResultSchema = z.looseObject({ txid: z.array(z.string().min(1)).min(1) });
/** `CancelOrder`: how many orders were cancelled. */
export const CancelOrderResultSchema = z.looseObject({ count: z.number().int().nonnegative() });

/**
 * Checks Kraken's `result` against `schema`. A mismatch is `malformed_response` naming the call and the
 * paths at fault — never the values, which could be anything an exchange or a proxy sent.
 */
export function parseResult<S extends z.ZodType>(schema: S, result: unknown, call: string): z.output<S> {
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(result)'}: ${issue.message}`)
    .join('; ');
  throw cleanupError('malformed_response', `Kraken ${call}: the answer does not match Kraken's documented shape (${where})`);
}
