import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { argumentRecord, countList, flag, parseBenchArgs, positiveCount } from '../src/bench-args.js';

const Schema = z.strictObject({ sizes: countList.default([10]), repeats: positiveCount.default(3), full: flag.default(false) });

describe('benchmark options', () => {
  it('reads --name=value and bare flags, kebab-case names as camelCase', () => {
    expect(argumentRecord(['--hook-calls=5', '--full'])).toEqual({ hookCalls: '5', full: 'true' });
  });

  it('applies defaults and converts values', () => {
    expect(parseBenchArgs(Schema, [])).toEqual({ sizes: [10], repeats: 3, full: false });
    expect(parseBenchArgs(Schema, ['--sizes=100,1000', '--repeats=2', '--full'])).toEqual({ sizes: [100, 1000], repeats: 2, full: true });
  });

  it('refuses a misspelt option, a bad value, or an argument that is not an option, naming it', () => {
    expect(() => parseBenchArgs(Schema, ['--size=10'])).toThrow(/size/);
    expect(() => parseBenchArgs(Schema, ['--sizes=10,x'])).toThrow(/--sizes/);
    expect(() => parseBenchArgs(Schema, ['--repeats=0'])).toThrow(/--repeats/);
    expect(() => parseBenchArgs(Schema, ['sizes=10'])).toThrow(/unexpected argument "sizes=10"/);
  });
});
