import { z } from 'zod';
import { BalanceSchema } from './balance.js';
import { ErrorDataSchema } from './errors.js';
import { MarketRulesSchema } from './market.js';
import { OpenOrderSchema } from './open-order.js';
import { OwnerIdSchema } from './owner.js';

/**
 * Everything read from one account, before any interpretation: what the engine gets from a broker.
 * `prices` maps a market symbol to its last price in quote units (null when the exchange has none).
 */
export const AccountReadSchema = z.strictObject({
  balances: z.array(BalanceSchema),
  markets: z.array(MarketRulesSchema),
  prices: z.record(z.string(), z.number().nullable()),
  openOrders: z.array(OpenOrderSchema),
});
/** Everything read from one account. */
export type AccountRead = z.infer<typeof AccountReadSchema>;

/**
 * A non-zero, non-cash balance of one asset in one account, valued: a position candidate. Identified by
 * (accountId, asset), never by symbol alone.
 */
export const HoldingSchema = z.strictObject({
  accountId: z.string(),
  owner: OwnerIdSchema,
  asset: z.string(),
  /** Total quantity, held funds included. */
  quantity: z.number().positive(),
  /** Quantity not held by open orders. */
  free: z.number().nonnegative(),
  /** The USD/USDC/USDT market it is sold through, or null when it has none. */
  symbol: z.string().nullable(),
  /** USD price (quote taken 1:1); null or invalid makes the position unpriced. */
  priceUsd: z.number().nullable(),
  /** Rules of `symbol`'s market; null when there is no market. */
  market: MarketRulesSchema.nullable(),
  /** Entry price in USD, when known. */
  entryPrice: z.number().nullable(),
  /** When the position was opened (ISO 8601), when known. */
  openedAt: z.string().nullable(),
});
/** A valued, non-cash holding. */
export type Holding = z.infer<typeof HoldingSchema>;

/** Capabilities of an account's broker that change what the planner does. */
export const PlanningCapabilitiesSchema = z.strictObject({
  /** The broker can convert stuck dust (Binance "convert small assets"). */
  dustConversion: z.boolean(),
});
/** Capabilities of an account's broker that change what the planner does. */
export type PlanningCapabilities = z.infer<typeof PlanningCapabilitiesSchema>;

/** One account in a snapshot: read successfully, or not. */
export const AccountSnapshotSchema = z.discriminatedUnion('readable', [
  z.strictObject({
    readable: z.literal(true),
    accountId: z.string(),
    owner: OwnerIdSchema,
    broker: z.string(),
    holdings: z.array(HoldingSchema),
    openOrders: z.array(OpenOrderSchema),
    capabilities: PlanningCapabilitiesSchema,
  }),
  z.strictObject({
    readable: z.literal(false),
    accountId: z.string(),
    owner: OwnerIdSchema,
    broker: z.string(),
    error: ErrorDataSchema,
  }),
]);
/** One account in a snapshot. */
export type AccountSnapshot = z.infer<typeof AccountSnapshotSchema>;
/** A readable account in a snapshot. */
export type ReadableAccountSnapshot = Extract<AccountSnapshot, { readable: true }>;

/** All accounts of a run, as read. The planner's input (with the settings). */
export const PortfolioSnapshotSchema = z.strictObject({
  /** When the reads finished (ISO 8601). Age is measured against it. */
  takenAt: z.string(),
  accounts: z.array(AccountSnapshotSchema),
});
/** All accounts of a run, as read. */
export type PortfolioSnapshot = z.infer<typeof PortfolioSnapshotSchema>;
