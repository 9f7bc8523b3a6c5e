import { z } from 'zod';

/** An order resting on the exchange. A position *has open orders* when one trades its asset as base. */
export const OpenOrderSchema = z.strictObject({
  /** The exchange's order id. */
  id: z.string().min(1),
  /** The market, `BASE-QUOTE`. */
  symbol: z.string().min(3),
  /** Base asset of the market. */
  base: z.string().min(1),
  /** Quote asset of the market. */
  quote: z.string().min(1),
  /** Order side. */
  side: z.enum(['buy', 'sell']),
  /** Remaining quantity, in base units. */
  quantity: z.number().nonnegative(),
  /** Limit price, or null for orders without one. */
  price: z.number().nullable(),
  /** The client order id the order was placed with, when known. */
  clientOrderId: z.string().nullable().optional(),
});
/** An order resting on the exchange. */
export type OpenOrder = z.infer<typeof OpenOrderSchema>;
