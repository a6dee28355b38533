/**
 * Calendar periods for the timeline's chunks.
 *
 * The rule: a timestamp falls in the period that holds its **wall-clock time as written**. A naive
 * timestamp (`2024-03-10 01:30`) is taken as it is; a zoned one (`2024-03-10T01:30:00-05:00`,
 * `...Z`) in its own offset, so the offset is not applied: across a daylight-saving change
 * `01:30-04:00` and `01:30-05:00` are both in the hour starting at 01:00 and in the day
 * 2024-11-03, which is what the people who wrote the log saw on their clocks. Mixing offsets
 * therefore never moves a row into the neighbouring day. Periods: `1h` hour, `1d` day, `1w` ISO
 * week (Monday 00:00 to the next Monday), `1M` calendar month, `1Q` quarter (January, April, July,
 * October), `1y` calendar year. A period is named by its first instant and ends where the next
 * begins (`end` is exclusive), both as ISO-8601 without an offset.
 *
 * Accepted texts are what the engine types as dates (src/core/drift/datetime.ts): ISO-8601 with
 * `-` or `/`, an optional time (`T` or a space, seconds and fraction optional) and offset, and
 * `01 Mar 2024` / `Mar 1, 2024`.
 */
import type { PeriodUnit } from '../../shared/timeline';

export const PERIOD_UNITS: readonly PeriodUnit[] = ['h', 'd', 'w', 'M', 'Q', 'y'];

const PERIOD_WORDS: Readonly<Record<PeriodUnit, string>> = { h: 'hour', d: 'day', w: 'ISO week', M: 'month', Q: 'quarter', y: 'year' };

/** `1d` -> `d`; undefined for anything else. A leading `1` is optional (`d` is `1d`). */
export function parsePeriod(text: string): PeriodUnit | undefined {
  const m = /^1?([hdwMQy])$/.exec(text.trim());
  return m ? (m[1] as PeriodUnit) : undefined;
}

export function periodWord(unit: PeriodUnit): string {
  return PERIOD_WORDS[unit];
}

/**
 * How many periods of `unit` the times `values` fall in (a profile's distinct values of a date
 * column: what the chunking QuickPick counts for a source); values this module cannot read are in none.
 */
export function countPeriods(values: Iterable<string>, unit: PeriodUnit): number {
  const starts = new Set<number>();
  for (const v of values) {
    const t = wallClock(v);
    if (!Number.isNaN(t)) starts.add(periodStart(t, unit));
  }
  return starts.size;
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const ISO = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAY_MONTH_YEAR = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3})[a-z]* (\d{1,2}),? (\d{4})$/;

/**
 * The wall-clock time written in `text`, as milliseconds since 1970-01-01T00:00 of a clock
 * without zones (the fields read as if they were UTC; an offset is ignored: see the rule above).
 * NaN when the text is not a date this module reads.
 */
export function wallClock(text: string): number {
  const fast = plainIso(text);
  if (fast !== undefined) return fast;
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
    return fields(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, frac);
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) return fields(+m[3], MONTHS.indexOf(m[2].toLowerCase()) + 1, +m[1], 0, 0, 0, 0);
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return fields(+m[3], MONTHS.indexOf(m[1].toLowerCase()) + 1, +m[2], 0, 0, 0, 0);
  return NaN;
}

function fields(y: number, mo: number, d: number, h: number, mi: number, sec: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 60) return NaN;
  // A leap second (:60) counts in its minute, as the engine accepts it as a date.
  return daysFromCivil(y, mo, d) * DAY + h * HOUR + mi * 60_000 + Math.min(sec, 59) * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days algorithm inverted). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Digits at s[at], s[at + 1] as a number, or -1. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DD`, `YYYY-MM-DD hh:mm` or `YYYY-MM-DD hh:mm:ss` (`T` or space, `-` or `/`) without the
 * regular expression: a timestamp column has one distinct text per second of the log. Undefined
 * for other shapes (the general parser then reads them).
 */
function plainIso(s: string): number | undefined {
  const n = s.length;
  if (n !== 10 && n !== 16 && n !== 19) return undefined;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const sep1 = s.charCodeAt(4);
  const sep2 = s.charCodeAt(7);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || (sep1 !== 45 && sep1 !== 47) || sep2 !== sep1) return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (n > 10) {
    const t = s.charCodeAt(10);
    if ((t !== 84 && t !== 32) || s.charCodeAt(13) !== 58) return undefined;
    hour = twoDigits(s, 11);
    minute = twoDigits(s, 14);
    if (n === 19) second = s.charCodeAt(16) === 58 ? twoDigits(s, 17) : -1;
    if (hour < 0 || minute < 0 || second < 0) return undefined;
  }
  return fields(y1 * 100 + y2, month, day, hour, minute, second, 0);
}

function daysIn(y: number, mo: number): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return mo === 2 ? (leap ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The first instant of the period holding wall-clock time `t` (same clock as wallClock). */
export function periodStart(t: number, unit: PeriodUnit): number {
  switch (unit) {
    case 'h':
      return Math.floor(t / HOUR) * HOUR;
    case 'd':
      return Math.floor(t / DAY) * DAY;
    case 'w': {
      const day = Math.floor(t / DAY);
      // 1970-01-01 was a Thursday: days since the Monday before it, modulo 7.
      const sinceMonday = (((day + 3) % 7) + 7) % 7;
      return (day - sinceMonday) * DAY;
    }
    default: {
      const d = new Date(t);
      const months = unit === 'M' ? 1 : unit === 'Q' ? 3 : 12;
      const month = Math.floor(d.getUTCMonth() / months) * months;
      const start = new Date(0);
      start.setUTCFullYear(d.getUTCFullYear(), month, 1);
      return start.getTime();
    }
  }
}

/** The first instant of the period after the one starting at `start`. */
export function periodEnd(start: number, unit: PeriodUnit): number {
  switch (unit) {
    case 'h':
      return start + HOUR;
    case 'd':
      return start + DAY;
    case 'w':
      return start + 7 * DAY;
    default: {
      const d = new Date(start);
      const end = new Date(0);
      end.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + (unit === 'M' ? 1 : unit === 'Q' ? 3 : 12), 1);
      return end.getTime();
    }
  }
}

/** `2024-03-01T00:00:00` (no offset: wall-clock time in the timestamps' own offset). */
export function isoWallClock(t: number): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${year}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
