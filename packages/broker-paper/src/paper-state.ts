import { z } from 'zod';
import { ASSET_PATTERN, SYMBOL_PATTERN, splitSymbol, usablePrice } from './market-symbol.js';

/*
 * The paper exchange's "server state": what `<stateDir>/paper/<accountId>.json` holds, and (without the
 * bookkeeping fields) what the `paper:` block of an account declares. The parts are exported so that
 * paper-options.ts builds the config schema from the same definitions.
 */

const QUANTITY_MESSAGE = 'expected a number ≥ 0';

/**
 * Cross-field rules run only on an object whose fields are all valid: they read symbols and ids, and a
 * field error is the more useful message anyway.
 */
export const WHEN_FIELDS_VALID = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** A `BASE-QUOTE` market symbol. */
export const PaperSymbolSchema = z
  .string({ error: 'expected a BASE-QUOTE symbol like BTC-USD' })
  .regex(SYMBOL_PATTERN, { error: 'expected a BASE-QUOTE symbol like BTC-USD' });

/** An asset name, as a key of `cash`. */
const AssetSchema = z.string().regex(ASSET_PATTERN, { error: 'expected an asset name (no dash, no spaces)' });

/** A finite quantity ≥ 0 (zod 4 numbers already refuse NaN and ±Infinity). */
const QuantitySchema = z.number({ error: QUANTITY_MESSAGE }).min(0, { error: QUANTITY_MESSAGE });

/**
 * A position's price. Deliberately lenient: a missing, null, zero, negative or non-numeric price is not an
 * error, it makes the position unpriced (SPEC "Precise definitions"). A numeric *string* is unpriced too:
 * only a number is a price, nothing is guessed from text.
 */
const LenientPriceSchema = z
  .unknown()
  .optional()
  .transform((value) => usablePrice(value));

/** An ISO 8601 date-time. A YAML parser may already have turned it into a Date: that is accepted. */
const OpenedAtSchema = z.union([
  z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time like 2026-02-01T10:00:00Z' }),
  z.date({ error: 'expected an ISO 8601 date-time like 2026-02-01T10:00:00Z' }).transform((date) => date.toISOString()),
]);

/** A non-zero holding of `symbol`'s base asset, valued at `price` (USD, SPEC: the paper price is the USD price). */
export const PaperPositionSchema = z.strictObject({
  /** The market it trades on; its base is the asset held. */
  symbol: PaperSymbolSchema,
  /** Quantity of the base asset held; 0 means no holding. */
  quantity: QuantitySchema,
  /** Last price in quote units; null when unpriced (see {@link LenientPriceSchema}). */
  price: LenientPriceSchema,
  /** Average entry price, when known. */
  entryPrice: z
    .number({ error: 'expected a number > 0' })
    .positive({ error: 'expected a number > 0' })
    .nullable()
    .default(null),
  /** When the position was opened, when known (normalised to ISO 8601). */
  openedAt: OpenedAtSchema.nullable().default(null),
});
/** One position of the paper exchange. */
export type PaperPosition = z.infer<typeof PaperPositionSchema>;

/** An order resting on the paper exchange. It never fills by itself; it only holds funds until cancelled. */
export const PaperOpenOrderSchema = z.strictObject({
  id: z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' }),
  symbol: PaperSymbolSchema,
  side: z.enum(['buy', 'sell'], { error: 'expected "buy" or "sell"' }),
  /** Remaining quantity, base units. */
  quantity: z.number({ error: 'expected a number > 0' }).positive({ error: 'expected a number > 0' }),
  /** Limit price in quote units; null for an order without one (a buy without a price holds no cash). */
  price: z
    .number({ error: 'expected a number > 0 or null' })
    .positive({ error: 'expected a number > 0 or null' })
    .nullable()
    .default(null),
  clientOrderId: z.string().min(1, { error: 'expected a non-empty string' }).nullable().default(null),
});
/** An order resting on the paper exchange. */
export type PaperOpenOrder = z.infer<typeof PaperOpenOrderSchema>;

/** One market rule: a number > 0, or 0 / null / absent for "no such rule" (a market without rules has no minimums). */
const RuleSchema = z
  .number({ error: 'expected a number ≥ 0 or null (0 or null: no such rule)' })
  .min(0, { error: 'expected a number ≥ 0 or null (0 or null: no such rule)' })
  .nullable()
  .optional()
  .transform((value) => (value ? value : null));

/** The trading rules of one market. */
export const PaperMarketRulesSchema = z.strictObject({
  minQuantity: RuleSchema,
  quantityStep: RuleSchema,
  minNotional: RuleSchema,
});
/** The trading rules of one market. */
export type PaperMarketRules = z.infer<typeof PaperMarketRulesSchema>;

/**
 * A market sell the paper exchange executed: the record `lookupOrder` and idempotency read. A full fill
 * has no `requestedQuantity` (files written before partial fills existed read unchanged); an order that
 * filled in part (a `partial_fill` fault) carries it, and one that filled nothing (its partial quantity
 * rounded to 0) is kept too, with quantity 0, so that it is found as `cancelled` rather than not at all.
 */
export const PaperFillSchema = z
  .strictObject({
    orderId: z.string().min(1),
    clientOrderId: z.string().min(1),
    symbol: PaperSymbolSchema,
    side: z.enum(['buy', 'sell']),
    /** Quantity filled, base units. */
    quantity: z.number().nonnegative(),
    /** Quantity asked for, when the order did not fill in full. */
    requestedQuantity: z.number().positive().optional(),
    price: z.number().positive(),
    /** When it filled (ISO 8601). */
    at: z.string().min(1),
  })
  .superRefine((fill, ctx) => {
    if (fill.requestedQuantity === undefined && fill.quantity <= 0) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'expected a number > 0 (a fill without requestedQuantity filled in full)' });
    }
    if (fill.requestedQuantity !== undefined && fill.quantity >= fill.requestedQuantity) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'expected less than requestedQuantity (a full fill has no requestedQuantity)' });
    }
  }, WHEN_FIELDS_VALID);
/** A fill of the paper exchange. */
export type PaperFill = z.infer<typeof PaperFillSchema>;

/** The part of the state a config's `paper:` block declares. */
export const paperBookShape = {
  /** Cash per asset (never positions). */
  cash: z.record(AssetSchema, QuantitySchema).default({}),
  positions: z.array(PaperPositionSchema).default([]),
  openOrders: z.array(PaperOpenOrderSchema).default([]),
  /** Rules per market symbol; a market without an entry has no rules. */
  markets: z.record(PaperSymbolSchema, PaperMarketRulesSchema).default({}),
};

/**
 * Cross-field rules of a book. The exchange keeps one balance per asset, so a base asset is held by at
 * most one position and is never also a cash asset (otherwise which of the two a sell takes from would be
 * a guess). Order ids and client order ids are unique, as on a real exchange.
 */
export function checkBookConsistency(
  book: { cash: Record<string, number>; positions: PaperPosition[]; openOrders: PaperOpenOrder[]; fills?: PaperFill[] },
  ctx: z.RefinementCtx,
): void {
  const bases = new Map<string, number>();
  book.positions.forEach((position, index) => {
    const { base } = splitSymbol(position.symbol);
    const earlier = bases.get(base);
    if (earlier !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['positions', index, 'symbol'], message: `${base} is already held by positions[${earlier}]: one position per asset` });
    } else if (Object.hasOwn(book.cash, base)) {
      ctx.addIssue({ code: 'custom', path: ['positions', index, 'symbol'], message: `${base} is also a cash asset: an asset is either cash or a position` });
    }
    bases.set(base, earlier ?? index);
  });
  const orderIds = new Set<string>((book.fills ?? []).map((fill) => fill.orderId));
  const clientIds = new Set<string>((book.fills ?? []).map((fill) => fill.clientOrderId));
  book.openOrders.forEach((order, index) => {
    if (orderIds.has(order.id)) ctx.addIssue({ code: 'custom', path: ['openOrders', index, 'id'], message: `duplicate order id "${order.id}"` });
    orderIds.add(order.id);
    if (order.clientOrderId !== null) {
      if (clientIds.has(order.clientOrderId)) {
        ctx.addIssue({ code: 'custom', path: ['openOrders', index, 'clientOrderId'], message: `duplicate client order id "${order.clientOrderId}"` });
      }
      clientIds.add(order.clientOrderId);
    }
  });
}


/** The format version of the state file; a future change to its shape bumps it. */
export const PAPER_STATE_VERSION = 1 as const;

/**
 * The state file. Every field has a default so that a hand-written file may be as short as `{}`.
 * Beyond the `paper:` block (minus `latencyMs`, which is a property of the connection, not of the
 * exchange) it keeps `fills` and `nextOrderNumber`, the counter order ids (`paper-<n>`) are drawn from.
 */
export const PaperStateSchema = z
  .strictObject({
    version: z.literal(PAPER_STATE_VERSION).default(PAPER_STATE_VERSION),
    ...paperBookShape,
    fills: z.array(PaperFillSchema).default([]),
    nextOrderNumber: z.number().int().min(1).default(1),
  })
  .superRefine((state, ctx) => checkBookConsistency(state, ctx), WHEN_FIELDS_VALID);
/** The state of one paper account, as kept in its state file. */
export type PaperState = z.infer<typeof PaperStateSchema>;
