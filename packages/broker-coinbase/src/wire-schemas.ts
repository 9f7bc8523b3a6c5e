import { z } from 'zod';
import { parseDecimal } from './decimal-text.js';

/*
 * Coinbase Advanced Trade's answers, as far as this plugin reads them. Objects are loose (Coinbase adds
 * fields freely); every field read is checked, and a decimal string that is not a decimal is an error,
 * never a zero.
 */

/** A decimal string ≥ 0 (`"0.0523"`), as a number. */
export const DecimalSchema = z.string().transform((text, ctx) => {
  const value = parseDecimal(text);
  if (value === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a decimal string' });
    return z.NEVER;
  }
  return value;
});

/** A decimal string, or `""` where Coinbase leaves a field empty (→ null). */
export const MaybeDecimalSchema = z.string().transform((text, ctx) => {
  if (text === '') return null;
  const value = parseDecimal(text);
  if (value === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a decimal string or ""' });
    return z.NEVER;
  }
  return value;
});

/** `{ value, currency }`. */
const AmountSchema = z.looseObject({ value: DecimalSchema, currency: z.string().optional() });

/** One brokerage account: Coinbase keeps one per currency (and a vault may be another). */
export const AccountSchema = z.looseObject({
  currency: z.string().min(1),
  available_balance: AmountSchema,
  hold: AmountSchema.optional(),
  type: z.string().optional(),
});
/** One brokerage account. */
export type WireAccount = z.infer<typeof AccountSchema>;

/** A cursor-paged answer: `has_next` and an opaque `cursor` (empty on the last page). */
const CursorPageShape = { has_next: z.boolean(), cursor: z.string() } as const;

/** `GET /brokerage/accounts`. */
export const AccountsPageSchema = z.looseObject({ accounts: z.array(AccountSchema), ...CursorPageShape });

/** One product (market). Prices may be empty (`""`) for a market without trades. */
export const ProductSchema = z.looseObject({
  product_id: z.string().min(1),
  price: z.string(),
  base_min_size: DecimalSchema,
  base_increment: DecimalSchema,
  quote_min_size: DecimalSchema,
  base_currency_id: z.string().min(1),
  quote_currency_id: z.string().min(1),
  product_type: z.string().optional(),
  status: z.string().optional(),
  is_disabled: z.boolean().optional(),
  trading_disabled: z.boolean().optional(),
  cancel_only: z.boolean().optional(),
  limit_only: z.boolean().optional(),
  view_only: z.boolean().optional(),
});
/** One product. */
export type WireProduct = z.infer<typeof ProductSchema>;

/** `GET /brokerage/products` (offset-paged: `num_products` is the total). */
export const ProductsPageSchema = z.looseObject({ products: z.array(ProductSchema), num_products: z.number().int().nonnegative().optional() });

/** The size and price fields any order configuration may carry. */
const OrderConfigurationBodySchema = z.looseObject({
  base_size: MaybeDecimalSchema.optional(),
  quote_size: MaybeDecimalSchema.optional(),
  limit_price: MaybeDecimalSchema.optional(),
});

/** One order of `orders/historical/*`. */
export const OrderSchema = z.looseObject({
  order_id: z.string().min(1),
  product_id: z.string().min(1),
  side: z.enum(['BUY', 'SELL']),
  client_order_id: z.string(),
  status: z.string().min(1),
  order_configuration: z.record(z.string(), OrderConfigurationBodySchema).optional(),
  filled_size: MaybeDecimalSchema.optional(),
  average_filled_price: MaybeDecimalSchema.optional(),
  leaves_quantity: MaybeDecimalSchema.optional(),
});
/** One order. */
export type WireOrder = z.infer<typeof OrderSchema>;

/** `GET /brokerage/orders/historical/batch`. */
export const OrdersPageSchema = z.looseObject({ orders: z.array(OrderSchema), ...CursorPageShape });

/** `POST /brokerage/orders`: HTTP 200 either way; `success` says which. */
export const CreateOrderAnswerSchema = z.discriminatedUnion('success', [
  z.looseObject({
    success: z.literal(true),
    order_id: z.string().optional(),
    success_response: z.looseObject({ order_id: z.string().min(1), client_order_id: z.string().optional(), product_id: z.string().optional() }),
  }),
  z.looseObject({
    success: z.literal(false),
    failure_reason: z.string().optional(),
    error_response: z
      .looseObject({
        error: z.string().optional(),
        message: z.string().optional(),
        error_details: z.string().optional(),
        preview_failure_reason: z.string().optional(),
        new_order_failure_reason: z.string().optional(),
      })
      .optional(),
  }),
]);

/** One result of `POST /brokerage/orders/batch_cancel`. */
export const CancelResultSchema = z.looseObject({ success: z.boolean(), failure_reason: z.string().optional(), order_id: z.string() });

/** `POST /brokerage/orders/batch_cancel`: one result per order asked for. */
export const CancelResultsSchema = z.looseObject({ results: z.array(CancelResultSchema) });

/** `GET /v2/time`. */
export const ServerTimeSchema = z.looseObject({ data: z.looseObject({ epoch: z.number().finite() }) });
