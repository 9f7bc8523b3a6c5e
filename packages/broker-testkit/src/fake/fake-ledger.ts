import { scenarioSymbol, type ConformanceScenario, type ScenarioMarketRules } from '../scenario.js';

/*
 * The fake exchange's books: balances, markets, resting orders and past orders, and the matching rules of a
 * market sell. It is the "server side" only: it knows nothing of the wire, credentials or faults
 * (fake-exchange-api.ts), and the broker (fake-connection.ts) reaches it only through that API.
 */

/** A market of the fake exchange. */
export interface LedgerMarket {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Last price, or null when the market has none. */
  readonly price: number | null;
  readonly rules: ScenarioMarketRules;
}

/** An order resting on the book. */
export interface LedgerOpenOrder {
  readonly id: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
}

/** An order that is no longer open. */
export interface LedgerPastOrder {
  readonly id: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly status: 'filled' | 'cancelled';
  readonly requestedQuantity: number;
  readonly filledQuantity: number;
  readonly averagePrice: number | null;
}

/** Why the exchange refused an order or a cancel: the API turns it into its own error answer. */
export class LedgerRejection extends Error {
  constructor(
    readonly reason: 'below_minimum' | 'insufficient_funds' | 'invalid_quantity' | 'no_price' | 'unknown_market' | 'duplicate_client_order_id' | 'order_not_found',
    message: string,
  ) {
    super(message);
  }
}

/** Strips binary noise from sums (0.3 − 0.1 → 0.2): 15 significant digits is what a double holds exactly. */
function clean(value: number): number {
  return Number(value.toPrecision(15));
}

/** True when `a < b` by more than float noise. */
function clearlyLess(a: number, b: number): boolean {
  return a < b - 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** True when `quantity` is a whole number of `step`s, float noise tolerated. */
function isStepMultiple(quantity: number, step: number): boolean {
  const steps = quantity / step;
  return Math.abs(steps - Math.round(steps)) <= 1e-9 * Math.max(1, steps);
}

/** The fake exchange's books, built from a scenario. */
export class FakeLedger {
  readonly balances = new Map<string, number>();
  readonly markets = new Map<string, LedgerMarket>();
  openOrders: LedgerOpenOrder[];
  readonly pastOrders: LedgerPastOrder[] = [];
  private nextOrderNumber = 900_001;

  constructor(scenario: ConformanceScenario) {
    for (const [asset, total] of Object.entries(scenario.cash)) this.balances.set(asset, total);
    for (const holding of scenario.holdings) {
      this.balances.set(holding.asset, holding.quantity);
      const symbol = scenarioSymbol(holding.asset);
      this.markets.set(symbol, { symbol, base: holding.asset, quote: 'USD', price: holding.priceUsd, rules: holding.market });
    }
    this.openOrders = scenario.openOrders.map(({ id, asset, side, quantity, price }) => ({ id, clientOrderId: null, symbol: scenarioSymbol(asset), side, quantity, price }));
  }

  /** What open orders hold of `asset`: sells their base quantity, buys quantity × price of the quote. */
  held(asset: string): number {
    let held = 0;
    for (const order of this.openOrders) {
      const market = this.markets.get(order.symbol);
      if (order.side === 'sell' && market?.base === asset) held += order.quantity;
      if (order.side === 'buy' && market?.quote === asset) held += order.quantity * order.price;
    }
    return clean(held);
  }

  /** Balances with a total > 0: `[asset, total, available]`. */
  balanceRows(): Array<[string, number, number]> {
    return [...this.balances].filter(([, total]) => total > 0).map(([asset, total]) => [asset, total, Math.max(0, clean(total - this.held(asset)))]);
  }

  /** Fills a market sell in full at the market's price, or throws the exchange's {@link LedgerRejection}. */
  marketSell(symbol: string, quantity: number, clientOrderId: string): LedgerPastOrder {
    const market = this.markets.get(symbol);
    if (market === undefined) throw new LedgerRejection('unknown_market', `unknown market ${symbol}`);
    if ([...this.pastOrders, ...this.openOrders].some((order) => order.clientOrderId === clientOrderId)) {
      throw new LedgerRejection('duplicate_client_order_id', `client order id ${clientOrderId} already used`);
    }
    if (!(quantity > 0) || !isStepMultiple(quantity, market.rules.quantityStep)) {
      throw new LedgerRejection('invalid_quantity', `${quantity} is not a positive multiple of ${market.rules.quantityStep}`);
    }
    if (market.price === null) throw new LedgerRejection('no_price', `${symbol} has no price to fill against`);
    if (clearlyLess(quantity, market.rules.minQuantity)) throw new LedgerRejection('below_minimum', `quantity below ${market.rules.minQuantity}`);
    if (clearlyLess(quantity * market.price, market.rules.minNotional)) throw new LedgerRejection('below_minimum', `value below ${market.rules.minNotional} ${market.quote}`);
    const total = this.balances.get(market.base) ?? 0;
    if (clearlyLess(total - this.held(market.base), quantity)) throw new LedgerRejection('insufficient_funds', `not enough free ${market.base}`);

    const left = clean(total - quantity);
    if (left <= 1e-9 * total) this.balances.delete(market.base);
    else this.balances.set(market.base, left);
    this.credit(market.quote, quantity * market.price);
    const order: LedgerPastOrder = {
      id: this.nextOrderId(),
      clientOrderId,
      symbol,
      side: 'sell',
      status: 'filled',
      requestedQuantity: quantity,
      filledQuantity: quantity,
      averagePrice: market.price,
    };
    this.pastOrders.push(order);
    return order;
  }

  /** Cancels a resting order; `order_not_found` when it is not open. */
  cancel(id: string): void {
    const order = this.openOrders.find((candidate) => candidate.id === id);
    if (order === undefined) throw new LedgerRejection('order_not_found', `no open order ${id}`);
    this.openOrders = this.openOrders.filter((candidate) => candidate !== order);
    const { id: orderId, clientOrderId, symbol, side, quantity } = order;
    this.pastOrders.push({ id: orderId, clientOrderId, symbol, side, status: 'cancelled', requestedQuantity: quantity, filledQuantity: 0, averagePrice: null });
  }

  /** The order placed with `clientOrderId` (and `orderId`, when given), open or past; null when none. */
  find(clientOrderId: string, orderId: string | null): LedgerOpenOrder | LedgerPastOrder | null {
    const matches = (order: { id: string; clientOrderId: string | null }): boolean =>
      order.clientOrderId === clientOrderId && (orderId === null || order.id === orderId);
    return this.openOrders.find(matches) ?? this.pastOrders.find(matches) ?? null;
  }

  /**
   * Converts each asset worth less than its market's minimum notional into USD at its price (as Binance
   * converts small balances into BNB); refuses anything else, with a reason.
   */
  convertDust(assets: readonly string[]): { converted: string[]; refused: Array<{ asset: string; reason: string }> } {
    const converted: string[] = [];
    const refused: Array<{ asset: string; reason: string }> = [];
    for (const asset of assets) {
      const market = this.markets.get(scenarioSymbol(asset));
      const total = this.balances.get(asset) ?? 0;
      const free = clean(total - this.held(asset));
      if (market === undefined || market.price === null || total <= 0) refused.push({ asset, reason: 'no priced balance to convert' });
      else if (!clearlyLess(free * market.price, market.rules.minNotional)) refused.push({ asset, reason: 'not dust: sell it instead' });
      else if (free < total) refused.push({ asset, reason: 'open orders hold part of it' });
      else {
        this.balances.delete(asset);
        this.credit(market.quote, total * market.price);
        converted.push(asset);
      }
    }
    return { converted, refused };
  }

  private credit(asset: string, amount: number): void {
    this.balances.set(asset, clean((this.balances.get(asset) ?? 0) + amount));
  }

  private nextOrderId(): string {
    const taken = new Set([...this.openOrders, ...this.pastOrders].map((order) => order.id));
    while (taken.has(String(this.nextOrderNumber))) this.nextOrderNumber += 1;
    const id = String(this.nextOrderNumber);
    this.nextOrderNumber += 1;
    return id;
  }
}
