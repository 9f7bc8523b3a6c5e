import { z } from 'zod';

/**
 * One asset balance of an account, as a broker reports it. `total` includes funds held by open orders;
 * `free` is what can be sold now.
 */
export const BalanceSchema = z.strictObject({
  /** The asset, in the exchange-neutral form the broker normalised it to (`BTC`, not `XXBT`). */
  asset: z.string().min(1),
  /** Total quantity, held funds included. */
  total: z.number().nonnegative(),
  /** Quantity not held by open orders. */
  free: z.number().nonnegative(),
  /** Average entry price in USD when the broker knows it (the paper broker does), else null. */
  entryPrice: z.number().nullable().optional(),
  /** When the position was opened (ISO 8601) when the broker knows it, else null. */
  openedAt: z.string().nullable().optional(),
  /**
   * For a balance that has no market of its own but tracks another asset (Kraken `BTC.F` → `BTC`): the
   * asset whose USD price values it. Such a balance can be valued but not sold: it is stuck.
   */
  priceAs: z.string().min(1).optional(),
});
/** One asset balance of an account. */
export type Balance = z.infer<typeof BalanceSchema>;
