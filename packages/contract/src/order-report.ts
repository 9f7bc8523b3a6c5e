import { z } from 'zod';

/** Where an order stands on the exchange. */
export const OrderStatusSchema = z.enum(['open', 'filled', 'partially_filled', 'cancelled', 'rejected']);
/** Where an order stands on the exchange. */
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** What an exchange reports about an order placed by forced-cleanup (after placing it, or on lookup). */
export const OrderReportSchema = z.strictObject({
  /** The exchange's order id. */
  orderId: z.string().min(1),
  /** The deterministic client order id forced-cleanup placed it with. */
  clientOrderId: z.string().min(1),
  /** The market, `BASE-QUOTE`. */
  symbol: z.string().min(3),
  /** Always `sell` for a close. */
  side: z.enum(['buy', 'sell']),
  /** Status on the exchange. A market order that is done but not fully filled is `partially_filled`. */
  status: OrderStatusSchema,
  /** Quantity asked for, base units. */
  requestedQuantity: z.number().nonnegative(),
  /** Quantity filled so far, base units. */
  filledQuantity: z.number().nonnegative(),
  /** Average fill price in quote units, null when nothing filled. */
  averagePrice: z.number().nonnegative().nullable(),
});
/** What an exchange reports about an order. */
export type OrderReport = z.infer<typeof OrderReportSchema>;

/** A request to sell a quantity at market. */
export interface MarketSellRequest {
  /** The market, `BASE-QUOTE`. */
  readonly symbol: string;
  /** Quantity in base units, already rounded down to the market's step. */
  readonly quantity: number;
  /** Deterministic client order id: the same run, account, asset and action always give the same id. */
  readonly clientOrderId: string;
}

/** How to find an order placed earlier. */
export interface OrderLookup {
  /** The client order id it was placed with. */
  readonly clientOrderId: string;
  /** Its market. */
  readonly symbol: string;
  /** The exchange order id, when known. */
  readonly orderId?: string | undefined;
}

/** What a dust conversion did (Binance "convert small assets to BNB"). */
export const DustConversionReportSchema = z.strictObject({
  /** Assets converted. */
  converted: z.array(z.string()),
  /** Assets the exchange refused to convert, with its reason. */
  refused: z.array(z.strictObject({ asset: z.string(), reason: z.string() })),
});
/** What a dust conversion did. */
export type DustConversionReport = z.infer<typeof DustConversionReportSchema>;
