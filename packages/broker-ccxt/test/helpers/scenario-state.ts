import type { ConformanceScenario } from '@forced-cleanup/broker-testkit';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';

/*
 * A conformance scenario as an exchange-sim state: cash and holdings become balances, each holding its
 * `<asset>-USD` market with its price and rules, each open order a resting limit order (scenario ids are
 * digits, as Binance needs). BTC and BNB prices are what Binance's dust conversion values dust with.
 */

/** The sim state of `scenario`; `extraMarkets` adds markets without balances (e.g. `BNB-USD`). */
export function simStateOf(scenario: ConformanceScenario, extraMarkets: SimStateInput['markets'] = {}): SimStateInput {
  const balances: NonNullable<SimStateInput['balances']> = {};
  const markets: NonNullable<SimStateInput['markets']> = { ...extraMarkets };
  for (const [asset, total] of Object.entries(scenario.cash)) balances[asset] = { total };
  for (const holding of scenario.holdings) {
    balances[holding.asset] = { total: holding.quantity };
    markets[`${holding.asset}-USD`] = { price: holding.priceUsd, ...holding.market };
  }
  const openOrders = scenario.openOrders.map((order) => ({
    id: order.id,
    symbol: `${order.asset}-USD`,
    side: order.side,
    quantity: order.quantity,
    price: order.price,
  }));
  return { balances, markets, openOrders };
}
