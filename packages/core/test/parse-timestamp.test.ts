import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

  it.each([null, undefined, '', 'yesterday', '1700000000000', '2026-13-01', '2023-02-29', '2026-04-31', '2026-01-01T25:00:00Z', '01/02/2026', '2026-01-01T10', '2026-01-01T10:00:00.', '2026-01-01T10:00:00Zjunk', '2026-01-01T10:00:00+25:00', '2026-1-01'])(
    'is null for %j',
    (text) => {
      expect(parseTimestamp(text)).toBeNull();
    },
  );
});

describe('parseTimestamp agrees with the platform for every ISO 8601 UTC instant', () => {
  it('round-trips Date.prototype.toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseTimestamp(iso)).toBe(ms);
        expect(parseTimestamp(iso.replace('Z', '+00:00'))).toBe(ms);
        expect(parseTimestamp(iso.replace('Z', ''))).toBe(ms);
      }),
    );
  });

  it('honours offsets like the platform does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (ms, offset) => {
          const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const expected = Math.floor(ms / 1000) * 1000;
          expect(parseTimestamp(`${local}${zone}`)).toBe(expected);
          expect(Date.parse(`${local}${zone}`)).toBe(expected);
        },
      ),
    );
  });
});
