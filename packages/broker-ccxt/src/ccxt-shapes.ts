import { z } from 'zod';
import { cleanupError } from '@forced-cleanup/contract';

/*
 * The shapes of ccxt's unified structures, as far as this broker reads them. ccxt fills what the exchange
 * sent and leaves the rest undefined, so every field used is checked here: a balance that is not a number,
 * an order without an id, a market without a symbol is a `malformed_response`, never a guess.
 *
 * The schemas strip what they do not name (ccxt's `info`, `trades`, `fees`, …): nothing here reads it, and
 * copying every other key of every order, ticker and market cost 3–10 times the check itself.
 */

/** A number ccxt may leave out. */
const maybeNumber = z.number().nullish();
/** A string ccxt may leave out. */
const maybeString = z.string().nullish();

/** A ccxt market (`exchange.markets[symbol]`). */
export const CcxtMarketSchema = z.object({
  symbol: z.string().min(1),
  base: z.string().min(1),
  quote: z.string().min(1),
  baseId: maybeString,
  spot: z.boolean().nullish(),
  type: maybeString,
  active: z.boolean().nullish(),
  precision: z.object({ amount: maybeNumber }).nullish(),
  limits: z
    .object({
      amount: z.object({ min: maybeNumber }).nullish(),
      cost: z.object({ min: maybeNumber }).nullish(),
    })
    .nullish(),
});
/** A ccxt market. */
export type CcxtMarket = z.infer<typeof CcxtMarketSchema>;

/** Quantities by currency code; ccxt leaves a quantity undefined when the exchange did not send it. */
const quantities = z.record(z.string(), maybeNumber);

/** A ccxt balance structure (`fetchBalance()`): `total`, `free` and `used` by currency code. */
export const CcxtBalanceSchema = z.object({
  total: quantities,
  free: quantities.nullish(),
  used: quantities.nullish(),
});
/** A ccxt balance structure. */
export type CcxtBalance = z.infer<typeof CcxtBalanceSchema>;

/** A ccxt ticker. */
export const CcxtTickerSchema = z.object({
  symbol: maybeString,
  last: maybeNumber,
  close: maybeNumber,
});
/** A ccxt ticker. */
export type CcxtTicker = z.infer<typeof CcxtTickerSchema>;

/** Tickers by ccxt symbol (`fetchTickers()`). */
export const CcxtTickersSchema = z.record(z.string(), CcxtTickerSchema);

/** A ccxt order structure. */
export const CcxtOrderSchema = z.object({
  id: z.string().min(1, { error: 'an order without an id' }),
  clientOrderId: maybeString,
  symbol: maybeString,
  side: maybeString,
  status: maybeString,
  amount: maybeNumber,
  filled: maybeNumber,
  remaining: maybeNumber,
  price: maybeNumber,
  average: maybeNumber,
  cost: maybeNumber,
  timestamp: maybeNumber,
});
/** A ccxt order structure. */
export type CcxtOrder = z.infer<typeof CcxtOrderSchema>;

/** A list of ccxt orders. */
export const CcxtOrdersSchema = z.array(CcxtOrderSchema);

/**
 * `value` parsed by `schema`, or a `malformed_response` naming the exchange, the call and the first bad
 * path. The message quotes no value: a value could be anything the exchange sent.
 */
export function parseCcxt<S extends z.ZodType>(schema: S, value: unknown, exchange: string, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw cleanupError('malformed_response', `ccxt ${exchange} ${what}: the exchange's answer does not have the expected shape at ${path}: ${issue?.message ?? 'invalid'}`);
}
