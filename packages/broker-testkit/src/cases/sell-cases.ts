import { expect } from 'vitest';
import { DustConversionReportSchema, OrderReportSchema, type BrokerConnection, type MarketSellRequest, type OrderReport } from '@forced-cleanup/contract';
import { expectBalances, expectOrders, readBalances, readOpenOrders, shapeOfScenarioOrder } from '../account-view.js';
import { expectNear, liveSignal, validated } from '../assertions.js';
import type { ConformanceCase } from '../conformance-case.js';
import { expectedBalancesOf } from '../scenario.js';
import { conformanceClientOrderId, standardScenario, UNKNOWN_CLIENT_ORDER_ID } from '../standard-scenarios.js';

/*
 * Selling and finding what was sold. The engine never places an order twice: when a sell's outcome is
 * unclear it looks the client order id up, so a lookup that misses an order, or finds the wrong one, makes
 * it sell twice or record a failure that did not happen.
 */

/** How often, and how far apart, a market order reported `open` is looked up again before giving up. */
const SETTLE_ATTEMPTS = 20;
const SETTLE_PAUSE_MS = 25;

/** Places a sell and checks its report against the request. */
async function placeSell(connection: BrokerConnection, request: MarketSellRequest): Promise<OrderReport> {
  const report = validated(OrderReportSchema, await connection.placeMarketSell(request, liveSignal()), 'placeMarketSell');
  expect({ clientOrderId: report.clientOrderId, symbol: report.symbol, side: report.side }, 'placeMarketSell report').toEqual({
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: 'sell',
  });
  expectNear(report.requestedQuantity, request.quantity, 'placeMarketSell report requestedQuantity');
  expect(['open', 'filled', 'partially_filled'], `placeMarketSell report status of a sell the exchange accepted`).toContain(report.status);
  return report;
}

/**
 * The order once the exchange is done with it: an exchange may acknowledge a market order before it
 * fills, so an `open` report is looked up again (by order id and client order id), as the engine does.
 */
async function settled(connection: BrokerConnection, report: OrderReport): Promise<OrderReport> {
  let current = report;
  for (let attempt = 0; current.status === 'open' && attempt < SETTLE_ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_PAUSE_MS));
    const lookup = { clientOrderId: report.clientOrderId, symbol: report.symbol, orderId: report.orderId };
    const found = validated(OrderReportSchema.nullable(), await connection.lookupOrder(lookup, liveSignal()), 'lookupOrder');
    if (found === null) expect.fail(`lookupOrder does not find order ${report.orderId} that placeMarketSell just reported`);
    current = found;
  }
  return current;
}

/** Asserts a lookup found `expected` (same order, same client order id, a consistent fill). */
function expectSameOrder(found: OrderReport | null, expected: OrderReport, what: string): void {
  if (found === null) expect.fail(`${what} returned null for order ${expected.orderId} placed with client order id ${expected.clientOrderId}`);
  expect({ orderId: found.orderId, clientOrderId: found.clientOrderId, symbol: found.symbol, side: found.side, status: found.status }, what).toEqual({
    orderId: expected.orderId,
    clientOrderId: expected.clientOrderId,
    symbol: expected.symbol,
    side: 'sell',
    status: expected.status,
  });
  expectNear(found.filledQuantity, expected.filledQuantity, `${what} filledQuantity`);
}

/** The sell, lookup and dust conversion cases. */
export const sellCases: readonly ConformanceCase[] = [
  {
    group: 'marketSell',
    title: 'market-sells with a client order id: filled, the quantity leaves the balance, the proceeds arrive',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      const request = { symbol: 'BTC-USD', quantity: 0.1, clientOrderId: conformanceClientOrderId(1) };
      const order = await settled(connection, await placeSell(connection, request));
      expect(order.status, 'status of a market sell of 0.1 BTC out of 0.5 free').toBe('filled');
      expectNear(order.filledQuantity, 0.1, 'filledQuantity');
      expect(order.averagePrice, 'averagePrice of a filled order').toBeGreaterThan(0);

      const balances = await readBalances(connection);
      const expected = new Map(expectedBalancesOf(scenario));
      expected.set('BTC', { total: 0.4, free: 0.4 });
      const usd = balances.get('USD');
      if (usd === undefined) expect.fail('fetchBalances after the sell has no USD');
      // Exchanges charge fees: the proceeds may be less than 0.1 × 40 000, never more, and never nothing.
      expect(usd.total, 'USD total after selling 0.1 BTC at 40 000').toBeGreaterThan(1_000);
      expect(usd.total, 'USD total after selling 0.1 BTC at 40 000').toBeLessThanOrEqual(5_000 * (1 + 1e-9));
      expected.set('USD', { total: usd.total, free: usd.total - 100 });
      expectBalances(balances, expected, 'fetchBalances after the sell');
      expectOrders(await readOpenOrders(connection), scenario.openOrders.map(shapeOfScenarioOrder), 'fetchOpenOrders after the sell');
    },
  },
  {
    group: 'lookup',
    title: 'looks a placed order up by client order id (with its order id, and alone when declared)',
    async run(context) {
      const { connection } = await context.harness(standardScenario());
      const request = { symbol: 'SOL-USD', quantity: 1, clientOrderId: conformanceClientOrderId(2) };
      const order = await settled(connection, await placeSell(connection, request));
      const lookup = { clientOrderId: request.clientOrderId, symbol: request.symbol };
      const byBoth = validated(OrderReportSchema.nullable(), await connection.lookupOrder({ ...lookup, orderId: order.orderId }, liveSignal()), 'lookupOrder');
      expectSameOrder(byBoth, order, 'lookupOrder by client order id and order id');
      if (connection.capabilities.lookupByClientOrderId) {
        const byClientId = validated(OrderReportSchema.nullable(), await connection.lookupOrder(lookup, liveSignal()), 'lookupOrder');
        expectSameOrder(byClientId, order, 'lookupOrder by client order id alone (capabilities.lookupByClientOrderId is true)');
      }
    },
  },
  {
    group: 'lookup',
    title: 'returns null for a client order id no order was placed with',
    async run(context) {
      const { connection } = await context.harness(standardScenario());
      // Another order exists, so that a broker answering "the latest order" is caught.
      await placeSell(connection, { symbol: 'SOL-USD', quantity: 1, clientOrderId: conformanceClientOrderId(3) });
      const found = validated(
        OrderReportSchema.nullable(),
        await connection.lookupOrder({ clientOrderId: UNKNOWN_CLIENT_ORDER_ID, symbol: 'SOL-USD' }, liveSignal()),
        'lookupOrder',
      );
      expect(found, `lookupOrder of client order id ${UNKNOWN_CLIENT_ORDER_ID}, never used`).toBeNull();
    },
  },
  {
    group: 'dustConversion',
    title: 'converts stuck dust when it declares dustConversion, and reports what it converted or refused',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      if (!connection.capabilities.dustConversion) context.skip('capabilities.dustConversion is false: the broker declares no dust conversion');
      if (connection.convertDust === undefined) expect.fail('capabilities.dustConversion is true but the connection has no convertDust');
      const report = validated(DustConversionReportSchema, await connection.convertDust(['SHIB'], liveSignal()), 'convertDust');
      const converted = report.converted.includes('SHIB');
      const refused = report.refused.some((entry) => entry.asset === 'SHIB');
      expect({ converted, refused }, 'SHIB must be either converted or refused, not both, not neither').toSatisfy(
        (outcome: { converted: boolean; refused: boolean }) => outcome.converted !== outcome.refused,
      );
      const balances = await readBalances(connection);
      if (converted) expect(balances.has('SHIB'), 'SHIB balance after converting it').toBe(false);
      else expectNear(balances.get('SHIB')?.total ?? 0, 50_000, 'SHIB total after the exchange refused to convert it');
    },
  },
];
