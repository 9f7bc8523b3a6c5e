import { expect } from 'vitest';
import type { BrokerConnection, OpenOrder } from '@forced-cleanup/contract';
import { expectBalances, expectOrders, expectUnchanged, pictureOf, readBalances, readOpenOrders, shapeOfScenarioOrder } from '../account-view.js';
import { expectRejection, liveSignal } from '../assertions.js';
import type { ConformanceCase } from '../conformance-case.js';
import { expectedBalancesOf } from '../scenario.js';
import { standardScenario } from '../standard-scenarios.js';

/*
 * Cancelling: the first step of closing a position with open orders. The engine confirms a cancel by
 * re-reading the open orders and then sells the freed funds, so the order must really be gone and its
 * funds really free; and an order already gone must be told apart (`order_not_found`) from a failure.
 */

/** The standard scenario's ETH sell (scenario order 1001), as the broker lists it. */
async function ethSellOf(connection: BrokerConnection): Promise<OpenOrder> {
  const orders = await readOpenOrders(connection);
  const order = orders.find((candidate) => candidate.symbol === 'ETH-USD' && candidate.side === 'sell');
  if (order === undefined) expect.fail('fetchOpenOrders does not list the ETH-USD sell of the scenario');
  return order;
}

/** The cancel cases. */
export const cancelCases: readonly ConformanceCase[] = [
  {
    group: 'cancel',
    title: 'cancels an open order by id: it is no longer listed and the funds it held are free',
    async run(context) {
      const scenario = standardScenario();
      const { connection } = await context.harness(scenario);
      const order = await ethSellOf(connection);
      await connection.cancelOrder({ id: order.id, symbol: order.symbol }, liveSignal());

      const remaining = scenario.openOrders.filter((candidate) => candidate.id !== '1001');
      expectOrders(await readOpenOrders(connection), remaining.map(shapeOfScenarioOrder), 'fetchOpenOrders after the cancel');
      expectBalances(await readBalances(connection), expectedBalancesOf({ ...scenario, openOrders: remaining }), 'fetchBalances after the cancel');
    },
  },
  {
    group: 'cancel',
    title: 'rejects cancelling an order that is already gone, or never existed, with order_not_found',
    async run(context) {
      const { connection, control } = await context.harness(standardScenario());
      const order = await ethSellOf(connection);
      await connection.cancelOrder({ id: order.id, symbol: order.symbol }, liveSignal());
      const before = await pictureOf(connection);

      await expectRejection(
        connection.cancelOrder({ id: order.id, symbol: order.symbol }, liveSignal()),
        { code: 'order_not_found', retryable: false },
        control.secrets,
        'cancelOrder of an order already cancelled',
      );
      await expectRejection(
        connection.cancelOrder({ id: context.options.unknownOrderId, symbol: 'BTC-USD' }, liveSignal()),
        { code: 'order_not_found', retryable: false },
        control.secrets,
        `cancelOrder of an order id the exchange never issued (${context.options.unknownOrderId})`,
      );
      await expectUnchanged(connection, before, 'a cancel of an unknown order');
    },
  },
];
