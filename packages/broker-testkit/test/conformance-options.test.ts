import { describe, expect, it } from 'vitest';
import { CONFORMANCE_GROUPS, describeBrokerConformance, fakeHarness, resolveConformanceOptions, type ConformanceOptions, type SkipReasons } from '../src/index.js';

/** The code and message of what `run` throws. */
function thrown(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a throw');
}

const resolve = (skip: unknown) => resolveConformanceOptions({ name: 'x', create: fakeHarness, skip } as ConformanceOptions<SkipReasons>);

describe('conformance options', () => {
  it('applies the defaults: nothing skipped, pages of 260 holdings and 60 orders', () => {
    const options = resolveConformanceOptions({ name: 'paper', create: fakeHarness });
    expect(options).toMatchObject({ name: 'paper', skip: {}, pagination: { holdings: 260, openOrders: 60 }, unknownOrderId: '9999999999', caseTimeoutMs: 30_000 });
  });

  it('keeps every reason it is given, trimmed', () => {
    expect(resolve({ rateLimit: '  no limit yet ' }).skip).toEqual({ rateLimit: 'no limit yet' });
  });

  it('refuses a group that does not exist, naming it and the real ones', () => {
    const error = thrown(() => resolve({ rateLimt: 'typo' }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('skip: unknown rateLimt');
    expect(error.message).toContain(CONFORMANCE_GROUPS.join(', '));
  });

  it('refuses a skip without a reason: empty, blank, or not a string', () => {
    for (const reason of ['', '   ', true, 1]) {
      const error = thrown(() => resolve({ abort: reason }));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toContain('skip.abort: a skip needs a reason');
    }
  });

  it('refuses a missing name or a create that is not a function', () => {
    expect(thrown(() => resolveConformanceOptions({ name: '', create: fakeHarness })).message).toContain('name');
    expect(thrown(() => resolveConformanceOptions({ name: 'x', create: 'paper' } as never)).message).toContain('create: expected a function');
  });
});

/** Never called: checked by the type checker only (`pnpm typecheck` fails if an expected error vanishes). */
export function skipReasonsAreTypeChecked(): void {
  // @ts-expect-error a skip's reason cannot be an empty string
  describeBrokerConformance({ name: 'x', create: fakeHarness, skip: { rateLimit: '' } });
  // @ts-expect-error a skip is a reason, not a flag
  describeBrokerConformance({ name: 'x', create: fakeHarness, skip: { rateLimit: true } });
  // @ts-expect-error a misspelt group is not a group
  describeBrokerConformance({ name: 'x', create: fakeHarness, skip: { rateLimit: 'no limit', rateLimt: 'typo' } });
  describeBrokerConformance({ name: 'x', create: fakeHarness, skip: { rateLimit: 'no rate limit until fault injection lands' } });
}
