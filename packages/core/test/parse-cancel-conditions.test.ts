import { describe, expect, it } from 'vitest';
import { isCleanupError, type CancelCondition } from '@forced-cleanup/contract';
import { parseCancelConditions } from '../src/index.js';

const accepted: [string, CancelCondition[]][] = [
  ['usd_value<1', [{ field: 'usd_value', op: '<', value: 1 }]],
  ['usd_value<1.0', [{ field: 'usd_value', op: '<', value: 1 }]],
  ['usd_value<=0.5', [{ field: 'usd_value', op: '<=', value: 0.5 }]],
  ['usd_value>250', [{ field: 'usd_value', op: '>', value: 250 }]],
  ['usd_value>=.5', [{ field: 'usd_value', op: '>=', value: 0.5 }]],
  ['usd_value<0', [{ field: 'usd_value', op: '<', value: 0 }]],
  ['rank>max_positions', [{ field: 'rank', op: '>', value: 'max_positions' }]],
  ['  usd_value < 1.0 ,  rank > max_positions  ', [
    { field: 'usd_value', op: '<', value: 1 },
    { field: 'rank', op: '>', value: 'max_positions' },
  ]],
  ['usd_value<1.0,rank>max_positions', [
    { field: 'usd_value', op: '<', value: 1 },
    { field: 'rank', op: '>', value: 'max_positions' },
  ]],
  ['usd_value<=\t2,usd_value>100', [
    { field: 'usd_value', op: '<=', value: 2 },
    { field: 'usd_value', op: '>', value: 100 },
  ]],
];

describe('parseCancelConditions accepts the grammar', () => {
  it.each(accepted)('%j', (text, expected) => {
    expect(parseCancelConditions(text)).toEqual(expected);
  });
});

/** [text, the token the error must name] */
const rejected: [string, string][] = [
  ['usd_valu<1,rank>max_positions', 'usd_valu<1'],
  ['usd_value<1,', ''],
  [',usd_value<1', ''],
  ['usd_value<1,,rank>max_positions', ''],
  ['usd_value<NaN', 'usd_value<NaN'],
  ['usd_value<1e999', 'usd_value<1e999'],
  ['usd_value<1e3', 'usd_value<1e3'],
  ['usd_value<-1', 'usd_value<-1'],
  ['usd_value<+1', 'usd_value<+1'],
  ['usd_value<Infinity', 'usd_value<Infinity'],
  ['usd_value<0x10', 'usd_value<0x10'],
  ['usd_value<1.', 'usd_value<1.'],
  ['usd_value<', 'usd_value<'],
  ['usd_value=1', 'usd_value=1'],
  ['usd_value==1', 'usd_value==1'],
  ['usd_value< =1', 'usd_value< =1'],
  ['usd_value<1 2', 'usd_value<1 2'],
  ['USD_VALUE<1', 'USD_VALUE<1'],
  ['rank>8', 'rank>8'],
  ['rank<max_positions', 'rank<max_positions'],
  ['rank>=max_positions', 'rank>=max_positions'],
  ['pnl<0', 'pnl<0'],
  ['usd_value<1;rank>max_positions', 'usd_value<1;rank>max_positions'],
  [`usd_value<${'9'.repeat(400)}`, `usd_value<${'9'.repeat(400)}`],
];

describe('parseCancelConditions rejects everything else with invalid_config naming the token', () => {
  it.each(rejected)('%j', (text, token) => {
    let thrown: unknown;
    try {
      parseCancelConditions(text);
    } catch (error) {
      thrown = error;
    }
    expect(isCleanupError(thrown)).toBe(true);
    const error = thrown as Error & { code: string };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(`invalid cancel condition ${JSON.stringify(token)} in ${JSON.stringify(text)}`);
    expect(error.message).toContain('expected usd_value<X');
  });

  it.each(['', '   '])('rejects empty text %j', (text) => {
    expect(() => parseCancelConditions(text)).toThrow(/invalid cancel conditions .*empty/);
  });

  it('gives the documented message for a misspelt field', () => {
    expect(() => parseCancelConditions('usd_valu<1,rank>max_positions')).toThrow(
      'invalid cancel condition "usd_valu<1" in "usd_valu<1,rank>max_positions": expected usd_value<X, usd_value<=X, usd_value>X, usd_value>=X',
    );
  });
});
