/**
 * ISO 8601 timestamps (`openedAt`), read the same way on every machine. `Date.parse` is not used: it reads
 * a date-time without an offset in the machine's local time zone and accepts implementation-defined
 * formats, which would let the cap ranking (and so which position is sold) depend on where it runs.
 * The parser walks character codes and allocates nothing: the ranking reads one timestamp per position.
 */

const MS_PER_DAY = 86_400_000;
const DIGIT_0 = 48;
const DASH = 45;
const COLON = 58;
const PLUS = 43;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_Z = 122;

/**
 * Milliseconds since the epoch for an ISO 8601 date or date-time (`2024-03-01`, `2024-03-01T12:00:00Z`,
 * `2024-03-01T12:00:00.250+02:00`, `2024-03-01 12:00`); a time without an offset is taken as UTC. Null for
 * anything else, including impossible dates (`2024-02-30`), so an unreadable age counts as unknown, never
 * as a guess.
 */
export function parseTimestamp(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (end - i < 10) return null;

  const year = digitsAt(text, i, 4);
  const month = digitsAt(text, i + 5, 2);
  const day = digitsAt(text, i + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (text.charCodeAt(i + 4) !== DASH || text.charCodeAt(i + 7) !== DASH) return null;
  i += 10;

  let timeMs = 0;
  const separator = text.charCodeAt(i);
  if (i < end && (separator === UPPER_T || separator === SPACE) && isDigit(text.charCodeAt(i + 1))) {
    const hour = digitsAt(text, i + 1, 2);
    const minute = digitsAt(text, i + 4, 2);
    if (hour < 0 || hour > 23 || text.charCodeAt(i + 3) !== COLON || minute < 0 || minute > 59) return null;
    i += 6;
    let second = 0;
    if (i < end && text.charCodeAt(i) === COLON) {
      second = digitsAt(text, i + 1, 2);
      if (second < 0 || second > 59) return null;
      i += 3;
      const mark = text.charCodeAt(i);
      if (i < end && (mark === DOT || mark === COMMA)) {
        i++;
        let fraction = 0;
        let scale = 1;
        const first = i;
        while (i < end && isDigit(text.charCodeAt(i)) && i - first < 9) {
          fraction = fraction * 10 + (text.charCodeAt(i) - DIGIT_0);
          scale *= 10;
          i++;
        }
        if (i === first) return null;
        timeMs = (fraction / scale) * 1000;
      }
    }
    timeMs += ((hour * 60 + minute) * 60 + second) * 1000;
  }

  while (i < end && isSpace(text.charCodeAt(i))) i++;
  let offsetMinutes = 0;
  if (i < end) {
    const zone = text.charCodeAt(i);
    if (zone === UPPER_Z || zone === LOWER_Z) {
      i++;
    } else if (zone === PLUS || zone === DASH) {
      const hours = digitsAt(text, i + 1, 2);
      if (hours < 0 || hours > 23) return null;
      i += 3;
      if (i < end && text.charCodeAt(i) === COLON) i++;
      let minutes = 0;
      if (i < end) {
        minutes = digitsAt(text, i, 2);
        if (minutes < 0 || minutes > 59) return null;
        i += 2;
      }
      offsetMinutes = (zone === DASH ? -1 : 1) * (hours * 60 + minutes);
    }
  }
  if (i !== end) return null;
  return daysFromCivil(year, month, day) * MS_PER_DAY + timeMs - offsetMinutes * 60_000;
}

function isSpace(code: number): boolean {
  return code === SPACE || (code >= 9 && code <= 13);
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

/** The number written by `count` digits at `at`, or -1 when one of them is not a digit (or is missing). */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const code = text.charCodeAt(at + k);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - DIGIT_0);
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
