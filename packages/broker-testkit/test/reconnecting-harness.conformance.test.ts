import {
  createFakeBroker,
  describeBrokerConformance,
  FakeConnection,
  switchableConnection,
  type BrokerHarness,
  type ConformanceScenario,
  type HarnessFaultKind,
} from '../src/index.js';

/*
 * The fake broker again, through a harness of the other kind: one whose broker fixes its credentials when
 * it connects. Bad credentials are injected the way a harness over exchange-sim can do it — connect again
 * with a key the exchange does not accept — and switched back on clear. The whole suite must still pass.
 */

async function reconnectingHarness(scenario: ConformanceScenario): Promise<BrokerHarness> {
  const { connection, exchange, credentials } = createFakeBroker(scenario);
  const wrong = { apiKey: `${credentials.apiKey}-revoked`, apiSecret: `${credentials.apiSecret}-revoked` };
  const switchable = switchableConnection(connection);
  const exchangeFaults: HarnessFaultKind[] = ['rate_limit', 'server_error', 'malformed_response'];
  return {
    connection: switchable.connection,
    control: {
      faults: {
        async inject(kind, options) {
          if (exchangeFaults.includes(kind)) exchange.injectFault(kind, options?.times);
          else await switchable.switchTo(new FakeConnection(exchange, wrong));
        },
        async clear() {
          exchange.clearFaults();
          await switchable.switchTo(new FakeConnection(exchange, credentials));
        },
      },
      requests: () => exchange.requests,
      secrets: [credentials.apiKey, credentials.apiSecret, wrong.apiKey, wrong.apiSecret],
      close: () => switchable.close(),
    },
  };
}

describeBrokerConformance({ name: 'fake, reconnecting on faults', create: reconnectingHarness });
