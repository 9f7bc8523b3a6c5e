/**
 * ISO 8601 timestamps (`openedAt`), read the same way on every machine. `Date.parse` is not used: it reads
 * a date-time without an offset in the machine's local time zone and accepts implementation-defined
 * formats, which would let the cap ranking (and so which position is sold) depend on where it runs.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Milliseconds since the epoch for an ISO 8601 date or date-time (`2024-03-01`, `2024-03-01T12:00:00Z`,
 * `2024-03-01T12:00:00.250+02:00`); a time without an offset is taken as UTC. Null for anything else,
 * including impossible dates (`2024-02-30`), so an unreadable age counts as unknown, never as a guess.
 */
export function parseTimestamp(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const match = ISO_8601.exec(text.trim());
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const millis = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // An impossible date (2024-02-30) rolls over into the next month: it is unreadable, not another day.
  if (date.getUTCDate() !== day) return null;
  return date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offsetMinutes(match[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes);
}
