import { describeBrokerConformance, type BrokerHarness, type ConformanceScenario, type HarnessFaultKind } from '@forced-cleanup/broker-testkit';
import { startExchangeSim, type FaultKind } from '@forced-cleanup/exchange-sim';
import { generateKrakenCredential } from '@forced-cleanup/exchange-sim/testing';
import { connectToSim } from './helpers/broker-context.js';
import { krakenStateOf } from './helpers/scenario-state.js';

/*
 * The Kraken broker against the shared conformance suite, on the Kraken simulator driven by the real
 * kraken-api library. Faults are the sim's own: a literal HTTP 429, a 503, a truncated JSON body, and a key
 * removed from the sim's credentials.
 */

const SIM_FAULTS: Partial<Record<HarnessFaultKind, FaultKind>> = {
  rate_limit: 'http_429',
  server_error: 'http_5xx',
  malformed_response: 'malformed_json',
};

let harnesses = 0;

async function createKrakenHarness(scenario: ConformanceScenario): Promise<BrokerHarness> {
  const key = generateKrakenCredential(`kraken-conformance-${++harnesses}`);
  const sim = await startExchangeSim({ exchange: 'kraken', state: krakenStateOf(scenario, [key]) });
  const connection = await connectToSim(sim, key);
  return {
    connection,
    control: {
      secrets: [key.apiKey, key.secret],
      requests: () => sim.requests,
      faults: {
        inject(kind) {
          const fault = SIM_FAULTS[kind];
          if (fault !== undefined) return sim.injectFault({ fault });
          sim.state.credentials.kraken = [];
        },
        clear() {
          sim.clearFaults();
          sim.state.credentials.kraken = [key];
        },
      },
      async close() {
        await connection.close?.();
        await sim.stop();
      },
    },
  };
}

describeBrokerConformance({
  name: 'kraken',
  create: createKrakenHarness,
  unknownOrderId: 'OUNKNW-NOSUC-HORDER',
  skip: {
    badCredentials:
      "Kraken's market data is public: fetchMarkets and fetchPrices succeed whatever the key, so not every read can fail with auth_failed. Private reads, sells and cancels are checked in test/credentials.test.ts",
  },
});
