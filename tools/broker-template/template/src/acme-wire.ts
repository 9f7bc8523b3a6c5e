import { z } from 'zod';

/*
 * Acme's answers as the broker validates them: an answer that does not match is `malformed_response`,
 * never a guess. TODO: Acme's documented shapes. These are the conformance kit's fake exchange's.
 */

/** A decimal number sent as a string, e.g. `"0.00000001"`. */
const DecimalSchema = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?$/, 'expected a decimal string')
  .transform(Number);

/** A page cursor: the next page's start, or null on the last page. */
const CursorSchema = z.string().min(1).nullable();

/** `GET /v1/balances`: one page. */
export const BalancesPageSchema = z.object({
  balances: z.array(z.object({ asset: z.string().min(1), total: DecimalSchema, available: DecimalSchema })),
  next_cursor: CursorSchema,
});

/** `GET /v1/markets`. */
export const MarketsSchema = z.object({
  markets: z.array(
    z.object({ symbol: z.string().min(3), base: z.string().min(1), quote: z.string().min(1), min_size: DecimalSchema, size_increment: DecimalSchema, min_notional: DecimalSchema }),
  ),
});

/** `GET /v1/prices`. */
export const PricesSchema = z.object({ prices: z.record(z.string(), DecimalSchema.nullable()) });

/** An order as Acme describes it. */
export const OrderWireSchema = z.object({
  id: z.string().min(1),
  client_order_id: z.string().min(1).nullable(),
  symbol: z.string().min(3),
  side: z.enum(['buy', 'sell']),
  status: z.enum(['open', 'filled', 'cancelled']),
  size: DecimalSchema,
  filled_size: DecimalSchema,
  average_price: DecimalSchema.nullable(),
});
/** An order as Acme describes it. */
export type OrderWire = z.infer<typeof OrderWireSchema>;

/** `GET /v1/orders/open`: one page. */
export const OpenOrdersPageSchema = z.object({ orders: z.array(OrderWireSchema.extend({ limit_price: DecimalSchema })), next_cursor: CursorSchema });
/** `POST /v1/orders`. */
export const OrderAnswerSchema = z.object({ order: OrderWireSchema });
/** `GET /v1/orders/lookup`. */
export const LookupAnswerSchema = z.object({ order: OrderWireSchema.nullable() });
/** `DELETE /v1/orders/{id}`. */
export const CancelAnswerSchema = z.object({ cancelled: z.string().min(1) });
/** An error body: a machine code (its message may echo the key: it is never passed on). */
export const ErrorBodySchema = z.object({ code: z.string(), message: z.string().optional() });
