import type { ConformanceGroup, ResolvedConformanceOptions } from './conformance-options.js';
import type { BrokerHarness } from './harness.js';
import { ConformanceScenarioSchema, type ConformanceScenario } from './scenario.js';

/*
 * A conformance case is a plain async function over a context, independent of the test runner, so that the
 * same cases run as vitest tests (describeBrokerConformance) and directly (runConformanceCase), which is how
 * the kit's own tests prove that a defective broker fails them.
 */

/** What a case may use. */
export interface CaseContext {
  /** The suite's options (pagination size, unknown order id). */
  readonly options: ResolvedConformanceOptions;
  /** Stands up a fresh harness holding `scenario`; it is closed when the case ends, pass or fail. */
  harness(scenario: ConformanceScenario): Promise<BrokerHarness>;
  /**
   * Ends the case as skipped, for a reason the broker declared itself (e.g. `capabilities.dustConversion`
   * is false). Never used for something a harness merely failed to provide: that fails the case.
   */
  skip(reason: string): never;
}

/** One case of the suite. */
export interface ConformanceCase {
  /** The group it belongs to: the key that skips it. */
  readonly group: ConformanceGroup;
  /** What it checks, as a sentence: the test's title. */
  readonly title: string;
  /** Runs it; throws an assertion error when the broker does not conform. */
  run(context: CaseContext): Promise<void>;
}

/** How a case run directly ended. */
export type CaseOutcome = { readonly status: 'passed' } | { readonly status: 'skipped'; readonly reason: string };

/** Thrown by {@link CaseContext.skip} when a case runs outside vitest. */
class CaseSkipped extends Error {
  constructor(readonly reason: string) {
    super(`skipped: ${reason}`);
  }
}

/**
 * Runs `body` with a context whose harnesses are all closed afterwards (a close that fails after the case
 * failed does not hide the case's own failure). `skip` is how the context skips: vitest's `context.skip`
 * inside a test, or a throw that {@link runConformanceCase} turns into a `skipped` outcome.
 */
export async function withCaseContext(options: ResolvedConformanceOptions, skip: (reason: string) => never, body: (context: CaseContext) => Promise<void>): Promise<void> {
  const open: BrokerHarness[] = [];
  const context: CaseContext = {
    options,
    skip,
    harness: async (scenario) => {
      const harness = await options.create(ConformanceScenarioSchema.parse(scenario));
      open.push(harness);
      return harness;
    },
  };
  let failure: { error: unknown } | null = null;
  try {
    await body(context);
  } catch (error) {
    failure = { error };
  }
  const closing = await Promise.allSettled(open.map((harness) => harness.control.close()));
  if (failure !== null) throw failure.error;
  const closeFailure = closing.find((result) => result.status === 'rejected');
  if (closeFailure !== undefined) throw (closeFailure as PromiseRejectedResult).reason;
}

/**
 * Runs one case outside vitest (the kit's own tests use it to show that a defective broker fails a case).
 * Resolves with the outcome; rejects with the case's assertion error when the broker does not conform.
 */
export async function runConformanceCase(testCase: ConformanceCase, options: ResolvedConformanceOptions): Promise<CaseOutcome> {
  try {
    await withCaseContext(
      options,
      (reason) => {
        throw new CaseSkipped(reason);
      },
      (context) => testCase.run(context),
    );
  } catch (error) {
    if (error instanceof CaseSkipped) return { status: 'skipped', reason: error.reason };
    throw error;
  }
  return { status: 'passed' };
}
