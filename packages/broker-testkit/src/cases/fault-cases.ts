import { z } from 'zod';
import { expect } from 'vitest';
import { BalanceSchema, MarketRulesSchema, OpenOrderSchema, OrderReportSchema, type BrokerConnection, type ErrorCode } from '@forced-cleanup/contract';
import { expectNoOrderUnder, expectUnchanged, pictureOf } from '../account-view.js';
import { expectRejection, liveSignal, validated, type ExpectedRejection } from '../assertions.js';
import type { CaseContext, ConformanceCase } from '../conformance-case.js';
import type { ConformanceGroup } from '../conformance-options.js';
import type { HarnessControl, HarnessFaultKind, HarnessFaults } from '../harness.js';
import { conformanceClientOrderId, standardScenario, UNKNOWN_CLIENT_ORDER_ID } from '../standard-scenarios.js';

/*
 * An exchange misbehaving. What matters is the code and the retryable flag, because the engine acts on
 * them: it backs off and retries reads on `rate_limited` and `exchange_unavailable`, gives up on an account
 * with `auth_failed`, and trades nothing on a `malformed_response`. Each case also checks that the broker
 * recovers once the fault is cleared, and that the refused sell sold nothing.
 */

/** The group that checks each fault kind (used to leave skipped kinds out of the secrets case). */
export const GROUP_OF_FAULT: Readonly<Record<HarnessFaultKind, ConformanceGroup>> = {
  rate_limit: 'rateLimit',
  server_error: 'serverError',
  malformed_response: 'malformedResponse',
  bad_credentials: 'badCredentials',
};

/** The harness's fault injection; a harness without it fails the case with what to do. */
export function requireFaults(control: HarnessControl, group: ConformanceGroup): HarnessFaults {
  if (control.faults === undefined) {
    expect.fail(`the harness has no control.faults: implement fault injection, or skip '${group}' with a reason`);
  }
  return control.faults;
}

/** One read call of the contract, and what a valid answer to it looks like. */
interface ReadCall {
  readonly name: string;
  /** Market data: public on every exchange we know (Kraken, Binance), so it needs no credentials. */
  readonly isPublic: boolean;
  readonly schema: z.ZodType;
  call(): Promise<unknown>;
}

/** The read calls of the contract. */
function readCalls(connection: BrokerConnection): ReadCall[] {
  return [
    { name: 'fetchBalances', isPublic: false, schema: z.array(BalanceSchema), call: () => connection.fetchBalances(liveSignal()) },
    { name: 'fetchMarkets', isPublic: true, schema: z.array(MarketRulesSchema), call: () => connection.fetchMarkets(liveSignal()) },
    { name: 'fetchPrices', isPublic: true, schema: z.record(z.string(), z.number().nullable()), call: () => connection.fetchPrices(['BTC-USD', 'ETH-USD'], liveSignal()) },
    { name: 'fetchOpenOrders', isPublic: false, schema: z.array(OpenOrderSchema), call: () => connection.fetchOpenOrders(liveSignal()) },
    {
      name: 'lookupOrder',
      isPublic: false,
      schema: OrderReportSchema.nullable(),
      call: () => connection.lookupOrder({ clientOrderId: UNKNOWN_CLIENT_ORDER_ID, symbol: 'BTC-USD' }, liveSignal()),
    },
  ];
}

/** How one fault kind must surface. */
interface FaultExpectation {
  readonly group: ConformanceGroup;
  readonly kind: HarnessFaultKind;
  readonly title: string;
  /** What every read must reject with. */
  readonly reads: ExpectedRejection & { readonly code: ErrorCode };
  /** Public reads (market data) may answer instead, validly: the fault concerns only what needs a key. */
  readonly publicReadsMayAnswer: boolean;
  /**
   * What a sell and a cancel must reject with. Where the exchange's answer is unreadable (5xx, malformed)
   * the broker cannot tell whether it acted, so any code will do: the engine then looks the order up.
   */
  readonly writes: ExpectedRejection;
  /** Which order id the sell uses, distinct per case. */
  readonly sellId: number;
}

const EXPECTATIONS: readonly FaultExpectation[] = [
  {
    group: 'rateLimit',
    kind: 'rate_limit',
    title: 'reports a rate limit as rate_limited, retryable, sells nothing, and recovers when it lifts',
    reads: { code: 'rate_limited', retryable: true },
    publicReadsMayAnswer: false,
    writes: { code: 'rate_limited' },
    sellId: 7,
  },
  {
    group: 'serverError',
    kind: 'server_error',
    title: 'reports a server error (5xx) as exchange_unavailable, retryable, sells nothing, and recovers',
    reads: { code: 'exchange_unavailable', retryable: true },
    publicReadsMayAnswer: false,
    writes: {},
    sellId: 8,
  },
  {
    group: 'badCredentials',
    kind: 'bad_credentials',
    title: 'reports rejected credentials as auth_failed, not retryable, on every call that needs them, and sells nothing',
    reads: { code: 'auth_failed', retryable: false },
    publicReadsMayAnswer: true,
    writes: { code: 'auth_failed', retryable: false },
    sellId: 9,
  },
  {
    group: 'malformedResponse',
    kind: 'malformed_response',
    title: 'rejects malformed answers with malformed_response, never a guess, and sells nothing',
    reads: { code: 'malformed_response' },
    publicReadsMayAnswer: false,
    writes: {},
    sellId: 10,
  },
];

/** Injects the fault, checks every read, a sell and a cancel, clears it, and checks that nothing changed. */
async function runFaultCase(context: CaseContext, expectation: FaultExpectation): Promise<void> {
  const { connection, control } = await context.harness(standardScenario());
  const faults = requireFaults(control, expectation.group);
  const before = await pictureOf(connection);
  await faults.inject(expectation.kind);
  for (const read of readCalls(connection)) {
    const what = `${read.name} with the fault ${expectation.kind}`;
    if (!(read.isPublic && expectation.publicReadsMayAnswer)) {
      await expectRejection(read.call(), expectation.reads, control.secrets, what);
      continue;
    }
    const outcome = await read.call().then(
      (value) => ({ answered: true as const, value }),
      (error: unknown) => ({ answered: false as const, error }),
    );
    if (outcome.answered) validated(read.schema, outcome.value, what);
    else await expectRejection(Promise.reject(outcome.error), expectation.reads, control.secrets, what);
  }
  const sell = { symbol: 'BTC-USD', quantity: 0.1, clientOrderId: conformanceClientOrderId(expectation.sellId) };
  await expectRejection(connection.placeMarketSell(sell, liveSignal()), expectation.writes, control.secrets, `placeMarketSell with the fault ${expectation.kind}`);
  const order = before.openOrders[0];
  if (order === undefined) expect.fail('fetchOpenOrders lists none of the scenario\'s open orders');
  await expectRejection(
    connection.cancelOrder({ id: order.id, symbol: order.symbol }, liveSignal()),
    expectation.writes,
    control.secrets,
    `cancelOrder with the fault ${expectation.kind}`,
  );
  await faults.clear();
  await expectUnchanged(connection, before, `calls refused with the fault ${expectation.kind}, once it is cleared`);
  await expectNoOrderUnder(connection, sell.clientOrderId, sell.symbol);
}

/** The fault cases. */
export const faultCases: readonly ConformanceCase[] = EXPECTATIONS.map((expectation) => ({
  group: expectation.group,
  title: expectation.title,
  run: (context: CaseContext) => runFaultCase(context, expectation),
}));
