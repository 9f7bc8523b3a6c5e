import { describe, expect, it } from 'vitest';
import { figureLine, formatBytes, formatDuration, formatRate, formatRatio } from '../src/figures.js';

describe('figure lines', () => {
  it('prints the benchmark name, then key=value pairs in the order given', () => {
    expect(figureLine('planner', { positions: 1_000_000, rate: formatRate(1_234_567), heapPerPosition: formatBytes(511.6) })).toBe(
      'planner positions=1000000 rate=1.23e6/s heapPerPosition=512B',
    );
  });

  it('quotes a value with a space, so that a line still splits into its fields', () => {
    expect(figureLine('startup', { command: 'run --demo --dry-run' })).toBe('startup command="run --demo --dry-run"');
  });

  it('formats rates, durations and ratios the same way everywhere', () => {
    expect(formatRate(98_765)).toBe('9.88e4/s');
    expect(formatRate(1.5e8)).toBe('1.50e8/s');
    expect(formatDuration(812.4)).toBe('812ms');
    expect(formatDuration(12_345)).toBe('12.35s');
    expect(formatRatio(1.1234)).toBe('1.12x');
  });
});
