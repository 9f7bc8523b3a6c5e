import { describe, it } from 'vitest';
import { withCaseContext, type ConformanceCase } from './conformance-case.js';
import { resolveConformanceOptions, type ConformanceGroup, type ConformanceOptions, type SkipReasons } from './conformance-options.js';
import { cancelCases } from './cases/cancel-cases.js';
import { declarationCases } from './cases/declaration-cases.js';
import { faultCases } from './cases/fault-cases.js';
import { readCases } from './cases/read-cases.js';
import { safetyCases } from './cases/safety-cases.js';
import { sellCases } from './cases/sell-cases.js';
import { sellRejectionCases } from './cases/sell-rejection-cases.js';

/**
 * Every case of the suite, in the order they run: what a broker declares, reads, cancels, sells and its
 * rejections, faults, then safety. Each case stands up its own harness, so the order carries no state.
 */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...declarationCases,
  ...readCases,
  ...cancelCases,
  ...sellCases,
  ...sellRejectionCases,
  ...faultCases,
  ...safetyCases,
];

/**
 * Registers the broker conformance suite for one broker with vitest: one test per case, grouped by
 * {@link ConformanceGroup}, each standing up a fresh harness with `options.create`. A broker's
 * `test/conformance.test.ts` is little more than this call:
 *
 * ```ts
 * describeBrokerConformance({
 *   name: 'paper',
 *   create: createPaperHarness,
 *   skip: { rateLimit: 'paper has no rate limit until fault injection lands' },
 * });
 * ```
 *
 * A skipped group's cases still appear, as skipped tests whose title ends with the reason; they never
 * pass silently. Bad options (an unknown group, an empty reason) throw `invalid_config` at once.
 */
export function describeBrokerConformance<const S extends SkipReasons = SkipReasons>(options: ConformanceOptions<S>): void {
  const resolved = resolveConformanceOptions(options);
  describe(`broker conformance: ${resolved.name}`, () => {
    const groups = new Map<ConformanceGroup, typeof CONFORMANCE_CASES>();
    for (const testCase of CONFORMANCE_CASES) groups.set(testCase.group, [...(groups.get(testCase.group) ?? []), testCase]);
    for (const [group, cases] of groups) {
      describe(group, () => {
        const reason = resolved.skip[group];
        for (const testCase of cases) {
          if (reason !== undefined) {
            it.skip(`${testCase.title} (skipped: ${reason})`, () => undefined);
            continue;
          }
          it(
            testCase.title,
            (context) => withCaseContext(resolved, (note) => context.skip(note), (caseContext) => testCase.run(caseContext)),
            resolved.caseTimeoutMs,
          );
        }
      });
    }
  });
}
