import { expect } from 'vitest';
import type { BrokerConnection } from '@forced-cleanup/contract';
import { expectNoOrderUnder, expectUnchanged, pictureOf } from '../account-view.js';
import { abortedSignal, expectRejection, liveSignal } from '../assertions.js';
import type { ConformanceCase } from '../conformance-case.js';
import { HARNESS_FAULT_KINDS } from '../harness.js';
import { conformanceClientOrderId, standardScenario, UNKNOWN_CLIENT_ORDER_ID } from '../standard-scenarios.js';
import { GROUP_OF_FAULT } from './fault-cases.js';

/*
 * Safety: no credential ever leaves the broker inside an error (errors end up in reports, journals and
 * logs), and an aborted call does nothing at all (the engine aborts a run that is being stopped, and an
 * order placed after the abort would be a trade nobody is waiting for).
 */

/** Shorter strings would match ordinary text and prove nothing. */
const MIN_SECRET_LENGTH = 6;

/** Every call of the contract with an already-aborted signal. */
function abortedCalls(connection: BrokerConnection, orderId: string): Array<[string, () => Promise<unknown>]> {
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['fetchBalances', () => connection.fetchBalances(abortedSignal())],
    ['fetchMarkets', () => connection.fetchMarkets(abortedSignal())],
    ['fetchPrices', () => connection.fetchPrices(['BTC-USD'], abortedSignal())],
    ['fetchOpenOrders', () => connection.fetchOpenOrders(abortedSignal())],
    ['cancelOrder', () => connection.cancelOrder({ id: orderId, symbol: 'ETH-USD' }, abortedSignal())],
    ['placeMarketSell', () => connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: conformanceClientOrderId(11) }, abortedSignal())],
    ['lookupOrder', () => connection.lookupOrder({ clientOrderId: UNKNOWN_CLIENT_ORDER_ID, symbol: 'BTC-USD' }, abortedSignal())],
  ];
  const { convertDust } = connection;
  if (convertDust !== undefined) calls.push(['convertDust', () => convertDust.call(connection, ['SHIB'], abortedSignal())]);
  return calls;
}

/** The safety cases. */
export const safetyCases: readonly ConformanceCase[] = [
  {
    group: 'secrets',
    title: 'puts no credential in any error: not in JSON.stringify, String(), message or stack',
    async run(context) {
      const { connection, control } = await context.harness(standardScenario());
      const { secrets } = control;
      if (secrets.length === 0) {
        expect.fail("the harness lists no secrets: put the connection's credentials in control.secrets, or skip 'secrets' with a reason (e.g. the broker has none)");
      }
      const short = secrets.findIndex((secret) => secret.length < MIN_SECRET_LENGTH);
      if (short !== -1) expect.fail(`secret #${short + 1} of the harness is shorter than ${MIN_SECRET_LENGTH} characters: it would match ordinary text`);

      // Every rejection the broker produces without faults…
      await expectRejection(connection.cancelOrder({ id: context.options.unknownOrderId, symbol: 'BTC-USD' }, liveSignal()), {}, secrets, 'cancelOrder of an unknown order');
      await expectRejection(connection.placeMarketSell({ symbol: 'SHIB-USD', quantity: 50_000, clientOrderId: conformanceClientOrderId(12) }, liveSignal()), {}, secrets, 'a sell below the minimum');
      await expectRejection(connection.placeMarketSell({ symbol: 'ETH-USD', quantity: 2.5, clientOrderId: conformanceClientOrderId(13) }, liveSignal()), {}, secrets, 'a sell of held funds');
      await expectRejection(connection.fetchBalances(abortedSignal()), {}, secrets, 'an aborted read');
      // …and under every fault the harness can inject (bad credentials above all: a rejected key is where
      // client libraries put the key, the signature and the request headers into their errors).
      const faults = control.faults;
      if (faults === undefined) return;
      for (const kind of HARNESS_FAULT_KINDS) {
        if (context.options.skip[GROUP_OF_FAULT[kind]] !== undefined) continue;
        await faults.inject(kind);
        await expectRejection(connection.fetchBalances(liveSignal()), {}, secrets, `fetchBalances with the fault ${kind}`);
        await expectRejection(
          connection.placeMarketSell({ symbol: 'BTC-USD', quantity: 0.1, clientOrderId: conformanceClientOrderId(14) }, liveSignal()),
          {},
          secrets,
          `placeMarketSell with the fault ${kind}`,
        );
        await faults.clear();
      }
    },
  },
  {
    group: 'abort',
    title: 'rejects every call made with an already-aborted signal with aborted, and changes nothing',
    async run(context) {
      const { connection, control } = await context.harness(standardScenario());
      const before = await pictureOf(connection);
      const ethSell = before.openOrders.find((order) => order.symbol === 'ETH-USD' && order.side === 'sell');
      if (ethSell === undefined) expect.fail('fetchOpenOrders does not list the ETH-USD sell of the scenario');
      for (const [name, call] of abortedCalls(connection, ethSell.id)) {
        await expectRejection(call(), { code: 'aborted', retryable: false }, control.secrets, `${name} with an already-aborted signal`);
      }
      await expectUnchanged(connection, before, 'calls with an already-aborted signal');
      await expectNoOrderUnder(connection, conformanceClientOrderId(11), 'BTC-USD');
    },
  },
];
