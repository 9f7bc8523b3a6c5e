import { z } from 'zod';
import { expect } from 'vitest';
import { MarketRulesSchema, OrderReportSchema, type BrokerConnection, type MarketRules } from '@forced-cleanup/contract';
import { expectBalances, expectOrders, readBalances, readOpenOrders, shapeOfScenarioOrder } from '../account-view.js';
import { expectNear, liveSignal, validated } from '../assertions.js';
import type { ConformanceCase } from '../conformance-case.js';
import { expectedBalancesOf, scenarioSymbol, type ConformanceScenario } from '../scenario.js';
import { paginationScenario, standardScenario, UNKNOWN_CLIENT_ORDER_ID, unpricedScenario } from '../standard-scenarios.js';

/*
 * Reads: what the engine builds its snapshot from, and what a dry run is allowed to do. A wrong read is
 * worse than a failed one: a free balance that ignores held funds makes the sell fail, a missing page
 * hides positions from the cap, a guessed price makes a position dust.
 */

const PricesSchema = z.record(z.string(), z.number().nullable());

/** Markets by symbol, validated; symbols unique and consistent with base and quote. */
async function readMarkets(connection: BrokerConnection): Promise<Map<string, MarketRules>> {
  const markets = validated(z.array(MarketRulesSchema), await connection.fetchMarkets(liveSignal()), 'fetchMarkets');
  const bySymbol = new Map<string, MarketRules>();
  for (const market of markets) {
    if (market.symbol !== `${market.base}-${market.quote}`) {
      expect.fail(`fetchMarkets: market ${market.symbol} has base ${market.base} and quote ${market.quote}: expected BASE-QUOTE`);
    }
    if (bySymbol.has(market.symbol)) expect.fail(`fetchMarkets reported ${market.symbol} twice`);
    bySymbol.set(market.symbol, market);
  }
  return bySymbol;
}

/** Asserts every priced holding of `scenario` is priced as declared (in one call, as the engine asks). */
async function expectPrices(connection: BrokerConnection, scenario: ConformanceScenario): Promise<Record<string, number | null>> {
  const symbols = scenario.holdings.map((holding) => scenarioSymbol(holding.asset));
  const prices = validated(PricesSchema, await connection.fetchPrices(symbols, liveSignal()), 'fetchPrices');
  for (const holding of scenario.holdings) {
    if (holding.priceUsd === null) continue;
    const symbol = scenarioSymbol(holding.asset);
    const price = prices[symbol];
    if (typeof price !== 'number') expect.fail(`fetchPrices: ${symbol} has price ${String(price)}, expected ${holding.priceUsd}`);
    expectNear(price, holding.priceUsd, `fetchPrices: ${symbol}`);
  }
  return prices;
}

/** The read cases. */
export const readCases: readonly ConformanceCase[] = [
  {
    group: 'balances',
    title: 'reports every non-zero balance with its total, and free without the funds open orders hold',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      expectBalances(await readBalances(connection), expectedBalancesOf(scenario), 'fetchBalances');
    },
  },
  {
    group: 'markets',
    title: 'reports the rules of every market a holding trades on, in BASE-QUOTE form',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      const markets = await readMarkets(connection);
      for (const holding of scenario.holdings) {
        const symbol = scenarioSymbol(holding.asset);
        const market = markets.get(symbol);
        if (market === undefined) expect.fail(`fetchMarkets has no ${symbol} (known: ${[...markets.keys()].slice(0, 20).join(', ')})`);
        expect({ base: market.base, quote: market.quote }, `fetchMarkets: ${symbol}`).toEqual({ base: holding.asset, quote: 'USD' });
        for (const rule of ['minQuantity', 'quantityStep', 'minNotional'] as const) {
          const value = market[rule];
          if (value === null) expect.fail(`fetchMarkets: ${symbol} ${rule} is null, expected ${holding.market[rule]}`);
          expectNear(value, holding.market[rule], `fetchMarkets: ${symbol} ${rule}`);
        }
      }
    },
  },
  {
    group: 'prices',
    title: 'prices every market a holding trades on, in quote units, in one call',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      await expectPrices(connection, scenario);
    },
  },
  {
    group: 'unpricedMarket',
    title: 'prices a market without a usable price null, never a guess',
    async run(context) {
      const scenario = unpricedScenario();
      const { connection } = await context.harness(scenario);
      const prices = await expectPrices(connection, scenario);
      const price = prices['XYZ-USD'];
      if (price !== null && price !== undefined) expect.fail(`fetchPrices: XYZ-USD has no usable price on the exchange, but the broker reported ${price}`);
    },
  },
  {
    group: 'openOrders',
    title: 'lists the open orders of every market, buys and sells, with base and quote',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      expectOrders(await readOpenOrders(connection), scenario.openOrders.map(shapeOfScenarioOrder), 'fetchOpenOrders');
    },
  },
  {
    group: 'pagination',
    title: 'reads an account larger than a page to the end: every balance, open order and price',
    async run(context) {
      const scenario = paginationScenario(context.options.pagination);
      const { connection } = await context.harness(scenario);
      expectBalances(await readBalances(connection), expectedBalancesOf(scenario), 'fetchBalances (paged)');
      expectOrders(await readOpenOrders(connection), scenario.openOrders.map(shapeOfScenarioOrder), 'fetchOpenOrders (paged)');
      await expectPrices(connection, scenario);
    },
  },
  {
    group: 'requestLog',
    title: 'reads issue no order-placing or cancelling request (what makes a dry run safe)',
    async run(context) {
      const scenario = standardScenario();
      const { connection, control } = await context.harness(scenario);
      if (control.requests === undefined) {
        expect.fail("the harness has no control.requests(): expose the exchange's request log, or skip 'requestLog' with a reason");
      }
      const before = control.requests().length;
      await connection.fetchBalances(liveSignal());
      await connection.fetchMarkets(liveSignal());
      await connection.fetchPrices(scenario.holdings.map((holding) => scenarioSymbol(holding.asset)), liveSignal());
      await connection.fetchOpenOrders(liveSignal());
      validated(OrderReportSchema.nullable(), await connection.lookupOrder({ clientOrderId: UNKNOWN_CLIENT_ORDER_ID, symbol: 'BTC-USD' }, liveSignal()), 'lookupOrder');
      const requests = control.requests().slice(before);
      expect(requests.length, 'requests the exchange saw during five reads').toBeGreaterThan(0);
      const writes = requests.filter((request) => request.kind === 'order_placing' || request.kind === 'cancelling');
      expect(writes, 'order-placing or cancelling requests sent by read methods').toEqual([]);
    },
  },
];
