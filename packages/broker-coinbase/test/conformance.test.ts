import { describeBrokerConformance, scenarioSymbol, type ConformanceScenario, type HarnessFaultKind } from '@forced-cleanup/broker-testkit';
import type { SimStateInput } from '@forced-cleanup/exchange-sim';
import { connectTo, ecdsaKey, simCredential, startCoinbaseSim } from './helpers.js';

/*
 * The broker conformance suite against the Coinbase simulator, driven through the real
 * coinbase-advanced-node client. No group is skipped: the sim gives every lever the suite needs.
 */

/** The scenario as a Coinbase sim state: cash and holdings as balances, one `<asset>-USD` market each. */
function simStateOf(scenario: ConformanceScenario): SimStateInput {
  return {
    credentials: { coinbase: [simCredential(ecdsaKey)] },
    balances: Object.fromEntries([
      ...Object.entries(scenario.cash).map(([asset, total]) => [asset, { total }] as const),
      ...scenario.holdings.map((holding) => [holding.asset, { total: holding.quantity }] as const),
    ]),
    markets: Object.fromEntries(scenario.holdings.map((holding) => [scenarioSymbol(holding.asset), { price: holding.priceUsd, ...holding.market }])),
    openOrders: scenario.openOrders.map((order) => ({ id: order.id, symbol: scenarioSymbol(order.asset), side: order.side, quantity: order.quantity, price: order.price })),
  };
}

const SIM_FAULTS = { rate_limit: 'http_429', server_error: 'http_5xx', malformed_response: 'malformed_json' } as const;

describeBrokerConformance({
  name: 'coinbase',
  async create(scenario) {
    const sim = await startCoinbaseSim(simStateOf(scenario));
    const connection = await connectTo(sim, ecdsaKey);
    const removedKeys: Array<{ keyName: string; publicKeyPem: string }> = [];
    return {
      connection,
      control: {
        secrets: [ecdsaKey.keyName, ecdsaKey.privateKey],
        requests: () => sim.requests,
        faults: {
          inject(kind: HarnessFaultKind, options) {
            if (kind === 'bad_credentials') {
              removedKeys.push(...sim.state.credentials.coinbase.splice(0));
              return;
            }
            sim.injectFault({ fault: SIM_FAULTS[kind], ...(options?.times !== undefined ? { times: options.times } : {}) });
          },
          clear() {
            sim.clearFaults();
            sim.state.credentials.coinbase.push(...removedKeys.splice(0));
          },
        },
        async close() {
          await connection.close();
          await sim.stop();
        },
      },
    };
  },
});
