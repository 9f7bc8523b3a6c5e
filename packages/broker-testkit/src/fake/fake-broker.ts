import { randomBytes } from 'node:crypto';
import type { HarnessFactory } from '../harness.js';
import { ConformanceScenarioSchema, type ConformanceScenario } from '../scenario.js';
import { FakeConnection } from './fake-connection.js';
import { FakeExchangeApi, type FakeCredentials } from './fake-exchange-api.js';

/*
 * The kit's own broker: an in-memory exchange and a connection to it that pass the whole conformance suite
 * with no skips. It proves the suite can be passed, gives the suite's own tests a broker to break on
 * purpose, and serves as a template for a new broker and its harness.
 */

/** A fake exchange holding a scenario, and a broker connected to it. */
export interface FakeBroker {
  /** The broker under test. */
  readonly connection: FakeConnection;
  /** The exchange: its books (`exchange.ledger`), request log and fault injection. */
  readonly exchange: FakeExchangeApi;
  /** The key the connection signs with; both halves count as secrets. */
  readonly credentials: FakeCredentials;
}

/** Options of {@link createFakeBroker}. */
export interface FakeBrokerOptions {
  /** The credentials (default: fresh random ones, so that no two brokers share a secret). */
  readonly credentials?: FakeCredentials;
}

/** Fresh credentials: long random strings, which cannot occur in an error message by chance. */
function randomCredentials(): FakeCredentials {
  return { apiKey: `fake-key-${randomBytes(12).toString('hex')}`, apiSecret: `fake-secret-${randomBytes(24).toString('base64url')}` };
}

/** Stands up a fake exchange holding `scenario` (validated) and connects a broker to it. */
export function createFakeBroker(scenario: ConformanceScenario, options: FakeBrokerOptions = {}): FakeBroker {
  const credentials = options.credentials ?? randomCredentials();
  const exchange = new FakeExchangeApi(ConformanceScenarioSchema.parse(scenario), credentials);
  return { connection: new FakeConnection(exchange, credentials), exchange, credentials };
}

/**
 * The conformance harness of the fake broker: every lever (faults, request log, secrets). Pass it as
 * `create` to `describeBrokerConformance`, or read it as an example of a harness.
 */
export const fakeHarness: HarnessFactory = async (scenario) => {
  const { connection, exchange, credentials } = createFakeBroker(scenario);
  return {
    connection,
    control: {
      faults: {
        inject: (kind, options) => exchange.injectFault(kind, options?.times),
        clear: () => exchange.clearFaults(),
      },
      requests: () => exchange.requests,
      secrets: [credentials.apiKey, credentials.apiSecret],
      close: () => connection.close(),
    },
  };
};
