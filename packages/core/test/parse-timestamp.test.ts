import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../src/index.js';

describe('parseTimestamp', () => {
  it.each([
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00.250Z', Date.UTC(2026, 0, 1, 0, 0, 0, 250)],
    ['2026-01-01T02:00:00+02:00', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00-0530', Date.UTC(2026, 0, 1, 5, 30)],
    ['2026-01-01', Date.UTC(2026, 0, 1)],
    ['2026-01-01T10:15', Date.UTC(2026, 0, 1, 10, 15)],
    ['2026-01-01 10:15:30', Date.UTC(2026, 0, 1, 10, 15, 30)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it('reads a time without offset as UTC, whatever the machine’s zone', () => {
    expect(parseTimestamp('2026-03-01T12:00:00')).toBe(Date.UTC(2026, 2, 1, 12));
  });

  it.each([null, undefined, '', 'yesterday', '1700000000000', '2026-13-01', '2023-02-29', '2026-01-01T25:00:00Z', '01/02/2026'])(
    'is null for %j',
    (text) => {
      expect(parseTimestamp(text)).toBeNull();
    },
  );
});
