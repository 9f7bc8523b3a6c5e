/**
 * @forced-cleanup/broker-testkit — the conformance suite every broker plugin runs
 * ({@link describeBrokerConformance}), the exchange-neutral scenarios it stands brokers up on, the harness
 * interface a broker's test file implements, and a fake broker that passes the whole suite.
 */
export { describeBrokerConformance } from './describe-broker-conformance.js';
export { CONFORMANCE_GROUPS, resolveConformanceOptions } from './conformance-options.js';
export type { ConformanceGroup, ConformanceOptions, ResolvedConformanceOptions, SkipReasons, CheckedSkipReasons } from './conformance-options.js';
export { HARNESS_FAULT_KINDS } from './harness.js';
export type { BrokerHarness, HarnessControl, HarnessFactory, HarnessFaultKind, HarnessFaults, HarnessRequest } from './harness.js';
export {
  ConformanceScenarioSchema,
  ScenarioHoldingSchema,
  ScenarioMarketRulesSchema,
  ScenarioOpenOrderSchema,
  SCENARIO_QUOTE,
  scenarioSymbol,
  expectedBalancesOf,
  heldByScenarioOrders,
} from './scenario.js';
export type { ConformanceScenario, ScenarioHolding, ScenarioMarketRules, ScenarioOpenOrder, ExpectedBalance } from './scenario.js';
export { standardScenario, unpricedScenario, paginationScenario, paginationAsset, DEFAULT_PAGINATION_SIZE } from './standard-scenarios.js';
export type { PaginationSize } from './standard-scenarios.js';
export { CONFORMANCE_CASES } from './describe-broker-conformance.js';
export { runConformanceCase } from './conformance-case.js';
export type { CaseContext, CaseOutcome, ConformanceCase } from './conformance-case.js';
export { BrokerCapabilitiesSchema, RateLimitSchema } from './cases/declaration-cases.js';
export { switchableConnection } from './switchable-connection.js';
export type { SwitchableConnection } from './switchable-connection.js';
export { createFakeBroker, fakeHarness } from './fake/fake-broker.js';
export type { FakeBroker, FakeBrokerOptions } from './fake/fake-broker.js';
export { FakeConnection, FAKE_CAPABILITIES, FAKE_RATE_LIMIT } from './fake/fake-connection.js';
export { FakeExchangeApi, FAKE_PAGE_SIZES, signFakeRequest } from './fake/fake-exchange-api.js';
export type { FakeCredentials, FakeRequest, FakeResponse } from './fake/fake-exchange-api.js';
export { FakeLedger } from './fake/fake-ledger.js';
