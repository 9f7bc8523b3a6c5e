import { describe, expect, it } from 'vitest';
import { resolveOpenOrderPolicy } from '../src/index.js';

describe('resolveOpenOrderPolicy', () => {
  const cases: [string, { cancelOpenOrders: boolean; startupOnly: boolean; cancelConditions: string | null | undefined }, string][] = [
    ['nothing → conservative', { cancelOpenOrders: false, startupOnly: false, cancelConditions: undefined }, 'conservative'],
    ['startupOnly alone → conservative', { cancelOpenOrders: false, startupOnly: true, cancelConditions: null }, 'conservative'],
    ['cancelOpenOrders → always', { cancelOpenOrders: true, startupOnly: false, cancelConditions: null }, 'always'],
    ['cancelOpenOrders + startupOnly → nuclear', { cancelOpenOrders: true, startupOnly: true, cancelConditions: '' }, 'nuclear'],
    ['conditions → selective', { cancelOpenOrders: false, startupOnly: false, cancelConditions: 'usd_value<1' }, 'selective'],
    ['conditions win over everything', { cancelOpenOrders: true, startupOnly: true, cancelConditions: 'rank>max_positions' }, 'selective'],
  ];
  it.each(cases)('%s', (_name, input, mode) => {
    expect(resolveOpenOrderPolicy(input).mode).toBe(mode);
  });

  it('carries the parsed conditions and their text only in selective mode', () => {
    const selective = resolveOpenOrderPolicy({ cancelOpenOrders: false, startupOnly: false, cancelConditions: ' usd_value<1.0,rank>max_positions ' });
    expect(selective.conditions).toEqual([
      { field: 'usd_value', op: '<', value: 1 },
      { field: 'rank', op: '>', value: 'max_positions' },
    ]);
    expect(selective.conditionsText).toBe('usd_value<1.0,rank>max_positions');
    const always = resolveOpenOrderPolicy({ cancelOpenOrders: true, startupOnly: false, cancelConditions: undefined });
    expect(always).toEqual({ mode: 'always', conditions: [], conditionsText: null });
  });

  it('never turns a malformed condition into another mode', () => {
    for (const text of ['usd_valu<1', '   ', 'usd_value<1,']) {
      expect(() => resolveOpenOrderPolicy({ cancelOpenOrders: true, startupOnly: false, cancelConditions: text })).toThrow(
        expect.objectContaining({ code: 'invalid_config' }),
      );
    }
  });
});
