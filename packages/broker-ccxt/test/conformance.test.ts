import { describeBrokerConformance, type BrokerHarness, type ConformanceScenario, type HarnessFaultKind } from '@forced-cleanup/broker-testkit';
import type { FaultKind, SimStateInput } from '@forced-cleanup/exchange-sim';
import { simStateOf } from './helpers/scenario-state.js';
import { connectToSim, type SimExchange } from './helpers/sim-accounts.js';

/*
 * The broker conformance suite, run through the real ccxt against exchange-sim's Binance and Kraken.
 * Faults are the sim's own (an HTTP 429, a 5xx, truncated JSON); bad credentials are the key removed from
 * the sim's state, as when a user revokes it, and put back on clear.
 */

/** The sim fault each harness fault kind is. */
const SIM_FAULTS: Readonly<Record<Exclude<HarnessFaultKind, 'bad_credentials'>, FaultKind>> = {
  rate_limit: 'http_429',
  server_error: 'http_5xx',
  malformed_response: 'malformed_json',
};

async function simHarness(exchange: SimExchange, scenario: ConformanceScenario): Promise<BrokerHarness> {
  // Binance values dust in BTC and converts it to BNB: both need a price for the conversion to go through.
  const extraMarkets: SimStateInput['markets'] = exchange === 'binance' ? { 'BNB-USD': { price: 600 } } : {};
  const account = await connectToSim(exchange, simStateOf(scenario, extraMarkets));
  const { sim, credential } = account;
  const revoked: Array<{ apiKey: string; secret: string }> = [];
  return {
    connection: account.connection,
    control: {
      faults: {
        inject(kind, options) {
          if (kind === 'bad_credentials') {
            revoked.push(...sim.state.credentials[exchange].splice(0));
            return;
          }
          sim.injectFault({ fault: SIM_FAULTS[kind], ...(options?.times !== undefined ? { times: options.times } : {}) });
        },
        clear() {
          sim.clearFaults();
          sim.state.credentials[exchange].push(...revoked.splice(0));
        },
      },
      requests: () => sim.requests,
      secrets: [credential.apiKey, credential.secret],
      close: () => account.stop(),
    },
  };
}

describeBrokerConformance({ name: 'ccxt binance (exchange-sim)', create: (scenario) => simHarness('binance', scenario) });
describeBrokerConformance({ name: 'ccxt kraken (exchange-sim)', create: (scenario) => simHarness('kraken', scenario) });
