import { expectNoOrderUnder, expectUnchanged, pictureOf } from '../account-view.js';
import { expectRejection, liveSignal } from '../assertions.js';
import type { ConformanceCase } from '../conformance-case.js';
import { conformanceClientOrderId, standardScenario } from '../standard-scenarios.js';

/*
 * Sells the exchange must refuse. The code decides what the engine does next: `below_minimum` marks the
 * position stuck (reported, never retried in a loop), `insufficient_funds` says an open order still holds
 * the funds. Neither may sell anything, and neither is retryable: the same call would fail the same way.
 */

/** The sell rejection cases. */
export const sellRejectionCases: readonly ConformanceCase[] = [
  {
    group: 'belowMinimum',
    title: 'rejects a sell below the minimum quantity, or below the minimum notional, with below_minimum and sells nothing',
    async run(context) {
      const { connection, control } = await context.harness(standardScenario());
      const before = await pictureOf(connection);
      // 0.00005 BTC is below the minimum quantity 0.0001, yet worth 2 USD, above the minimum notional 1.
      const belowQuantity = { symbol: 'BTC-USD', quantity: 0.00005, clientOrderId: conformanceClientOrderId(4) };
      // 50 000 SHIB is far above its minimum quantity 1, but worth 0.5 USD, below the minimum notional 1.
      const belowNotional = { symbol: 'SHIB-USD', quantity: 50_000, clientOrderId: conformanceClientOrderId(5) };
      for (const [request, what] of [
        [belowQuantity, 'a sell of 0.00005 BTC (minimum quantity 0.0001)'],
        [belowNotional, 'a sell of 50 000 SHIB worth 0.5 USD (minimum notional 1 USD)'],
      ] as const) {
        await expectRejection(connection.placeMarketSell(request, liveSignal()), { code: 'below_minimum', retryable: false }, control.secrets, what);
      }
      await expectUnchanged(connection, before, 'sells below the minimums');
      await expectNoOrderUnder(connection, belowQuantity.clientOrderId, belowQuantity.symbol);
      await expectNoOrderUnder(connection, belowNotional.clientOrderId, belowNotional.symbol);
    },
  },
  {
    group: 'insufficientFunds',
    title: 'rejects a sell of funds held by an open order with insufficient_funds and sells nothing',
    async run(context) {
      const { connection, control } = await context.harness(standardScenario());
      const before = await pictureOf(connection);
      // ETH: 3 in total, 1 held by an open sell: 2.5 is within the total but not free.
      const request = { symbol: 'ETH-USD', quantity: 2.5, clientOrderId: conformanceClientOrderId(6) };
      await expectRejection(
        connection.placeMarketSell(request, liveSignal()),
        { code: 'insufficient_funds', retryable: false },
        control.secrets,
        'a sell of 2.5 ETH of which only 2 are free',
      );
      await expectUnchanged(connection, before, 'a sell of held funds');
      await expectNoOrderUnder(connection, request.clientOrderId, request.symbol);
    },
  },
];
