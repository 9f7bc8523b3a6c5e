import { expect } from 'vitest';
import type { BrokerConnection } from '@forced-cleanup/contract';
import {
  CONFORMANCE_CASES,
  fakeHarness,
  resolveConformanceOptions,
  runConformanceCase,
  type ConformanceGroup,
  type HarnessControl,
  type HarnessFactory,
} from '../src/index.js';

/*
 * Defective brokers, made by wrapping the fake broker's connection, and a way to run one group of cases
 * against them outside vitest's registration. A suite that a defective broker passes would prove nothing.
 */

/** A connection that forwards every call to `inner` (the base every mutant overrides). */
export function forwarding(inner: BrokerConnection): BrokerConnection {
  const { convertDust } = inner;
  return {
    capabilities: inner.capabilities,
    rateLimit: inner.rateLimit,
    fetchBalances: (signal) => inner.fetchBalances(signal),
    fetchMarkets: (signal) => inner.fetchMarkets(signal),
    fetchPrices: (symbols, signal) => inner.fetchPrices(symbols, signal),
    fetchOpenOrders: (signal) => inner.fetchOpenOrders(signal),
    cancelOrder: (order, signal) => inner.cancelOrder(order, signal),
    placeMarketSell: (request, signal) => inner.placeMarketSell(request, signal),
    lookupOrder: (lookup, signal) => inner.lookupOrder(lookup, signal),
    ...(convertDust === undefined ? {} : { convertDust: (assets: readonly string[], signal: AbortSignal) => convertDust.call(inner, assets, signal) }),
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}

/** What a mutant may change: the connection, and the harness's levers. */
export interface Mutation {
  /** The defective connection, built over the fake's (and its secrets, for mutants that leak them). */
  readonly connection?: (inner: BrokerConnection, secrets: readonly string[]) => BrokerConnection;
  /** A harness that lacks or distorts a lever. */
  readonly control?: (control: HarnessControl) => HarnessControl;
}

/** The fake harness with `mutation` applied. */
export function mutantHarness(mutation: Mutation): HarnessFactory {
  return async (scenario) => {
    const { connection, control } = await fakeHarness(scenario);
    return {
      connection: mutation.connection ? mutation.connection(connection, control.secrets) : connection,
      control: mutation.control ? mutation.control(control) : control,
    };
  };
}

/** Runs every case of `group` against `harness`; resolves with the failure messages (empty: all passed). */
export async function failuresOf(group: ConformanceGroup, harness: HarnessFactory): Promise<string[]> {
  const options = resolveConformanceOptions({ name: 'mutant', create: harness });
  const failures: string[] = [];
  for (const testCase of CONFORMANCE_CASES.filter((candidate) => candidate.group === group)) {
    try {
      await runConformanceCase(testCase, options);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return failures;
}

/** Asserts that the group fails against the mutant, with a message matching `why`. */
export async function expectGroupFails(group: ConformanceGroup, mutation: Mutation, why: RegExp): Promise<void> {
  const failures = await failuresOf(group, mutantHarness(mutation));
  expect(failures.length, `cases of '${group}' that failed against the mutant`).toBeGreaterThan(0);
  expect(failures.join('\n')).toMatch(why);
}
