import { z } from 'zod';

/*
 * The exchange-neutral description of an account that every conformance case starts from. A harness turns
 * it into its exchange's own state (a paper `paper:` block, an exchange-sim state, the fake's memory), so
 * that one suite can speak about every broker. Everything trades against USD, the quote every supported
 * exchange has.
 */

/** An asset name every supported exchange accepts: upper-case letters and digits. */
const AssetNameSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'an asset is 2 to 12 upper-case letters or digits, e.g. BTC');

/** The quote of every scenario market. */
export const SCENARIO_QUOTE = 'USD' as const;

/**
 * The rules of a holding's market. All three are given (some exchanges cannot express a missing rule), and
 * steps are powers of ten (Kraken can express only `lot_decimals`).
 */
export const ScenarioMarketRulesSchema = z.strictObject({
  /** Smallest order quantity, base units. */
  minQuantity: z.number().positive(),
  /** Order quantities are multiples of this, base units. */
  quantityStep: z.number().positive(),
  /** Smallest order value, USD. */
  minNotional: z.number().positive(),
});
/** The rules of a holding's market. */
export type ScenarioMarketRules = z.infer<typeof ScenarioMarketRulesSchema>;

/** A non-cash balance, traded on the market `<asset>-USD`. */
export const ScenarioHoldingSchema = z.strictObject({
  asset: AssetNameSchema,
  /** Total quantity held, open orders' holds included. */
  quantity: z.number().positive(),
  /** Last price of `<asset>-USD`; null when the market has no usable price (the broker must report null). */
  priceUsd: z.number().positive().nullable(),
  market: ScenarioMarketRulesSchema,
});
/** A non-cash balance. */
export type ScenarioHolding = z.infer<typeof ScenarioHoldingSchema>;

/**
 * A limit order resting on `<asset>-USD`. A sell holds `quantity` of the asset; a buy holds
 * `quantity × price` USD. The id is digits only (Binance order ids are numbers); a harness may give the
 * order another id on its exchange: the suite identifies orders by market, side, quantity and price.
 */
export const ScenarioOpenOrderSchema = z.strictObject({
  id: z.string().regex(/^[0-9]{1,18}$/, 'a scenario order id is 1 to 18 digits'),
  asset: AssetNameSchema,
  side: z.enum(['buy', 'sell']),
  /** Remaining quantity, base units. */
  quantity: z.number().positive(),
  /** Limit price, USD. */
  price: z.number().positive(),
});
/** A limit order resting on the book. */
export type ScenarioOpenOrder = z.infer<typeof ScenarioOpenOrderSchema>;

/**
 * What an exchange account holds when a case starts. Assets are distinct across `cash` and `holdings`,
 * every open order trades a holding's asset, and no asset is held beyond its total.
 */
export const ConformanceScenarioSchema = z
  .strictObject({
    /** Cash balances (never positions), e.g. `{ USD: 1000 }`. */
    cash: z.record(AssetNameSchema, z.number().positive()),
    holdings: z.array(ScenarioHoldingSchema),
    openOrders: z.array(ScenarioOpenOrderSchema),
  })
  .superRefine((scenario, ctx) => {
    const assets = new Set(Object.keys(scenario.cash));
    scenario.holdings.forEach((holding, index) => {
      if (assets.has(holding.asset)) ctx.addIssue({ code: 'custom', path: ['holdings', index, 'asset'], message: `${holding.asset} appears twice` });
      assets.add(holding.asset);
    });
    const ids = new Set<string>();
    scenario.openOrders.forEach((order, index) => {
      if (ids.has(order.id)) ctx.addIssue({ code: 'custom', path: ['openOrders', index, 'id'], message: `duplicate order id ${order.id}` });
      ids.add(order.id);
      if (!scenario.holdings.some((holding) => holding.asset === order.asset)) {
        ctx.addIssue({ code: 'custom', path: ['openOrders', index, 'asset'], message: `no holding trades ${order.asset}` });
      }
    });
    const balances = expectedBalancesOf(scenario);
    for (const [asset, amount] of heldByScenarioOrders(scenario)) {
      const total = balances.get(asset)?.total ?? 0;
      if (amount > total) ctx.addIssue({ code: 'custom', path: ['openOrders'], message: `open orders hold ${amount} ${asset}, more than its total ${total}` });
    }
  });
/** What an exchange account holds when a case starts. */
export type ConformanceScenario = z.infer<typeof ConformanceScenarioSchema>;

/** The market symbol a scenario holding trades on: `<asset>-USD`. */
export function scenarioSymbol(asset: string): string {
  return `${asset}-${SCENARIO_QUOTE}`;
}

/** A balance the broker must report for a scenario. */
export interface ExpectedBalance {
  readonly total: number;
  /** `total` minus what open orders hold. */
  readonly free: number;
}

/** Funds held by the scenario's open orders, per asset. */
export function heldByScenarioOrders(scenario: Pick<ConformanceScenario, 'openOrders'>): Map<string, number> {
  const held = new Map<string, number>();
  for (const order of scenario.openOrders) {
    const [asset, amount] = order.side === 'sell' ? [order.asset, order.quantity] : [SCENARIO_QUOTE, order.quantity * order.price];
    held.set(asset, (held.get(asset) ?? 0) + amount);
  }
  return held;
}

/** Every balance a broker must report for `scenario`, by asset (cash and holdings). */
export function expectedBalancesOf(scenario: Pick<ConformanceScenario, 'cash' | 'holdings' | 'openOrders'>): Map<string, ExpectedBalance> {
  const held = heldByScenarioOrders(scenario);
  const balances = new Map<string, ExpectedBalance>();
  const add = (asset: string, total: number): void => {
    balances.set(asset, { total, free: total - (held.get(asset) ?? 0) });
  };
  for (const [asset, total] of Object.entries(scenario.cash)) add(asset, total);
  for (const holding of scenario.holdings) add(holding.asset, holding.quantity);
  return balances;
}
