/**
 * Recognises date and timestamp text that has one reading only: ISO-8601 (`2024-03-01`,
 * `2024-03-01T12:30:00Z`, `2024-03-01 12:30:00.123+02:00`), the same with slashes
 * (`2024/03/01`), and `01 Mar 2024` / `Mar 1, 2024`. Day-month order guesses like `03/01/2024`
 * are ambiguous and are not taken for dates.
 */

const ISO = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const DAY_MONTH_YEAR = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/;
const MONTH_DAY_YEAR = /^([A-Za-z]{3})[a-z]* (\d{1,2}),? (\d{4})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The day exists in that month (what `new Date(Date.UTC(y, m, 0)).getUTCDate()` said, without a
 * Date per value: timestamp columns check every distinct value). Like Date.UTC, years 0-99 are
 * read as 1900-1999.
 */
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const year = y >= 0 && y <= 99 ? 1900 + y : y;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return d <= (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]);
}

/** Digits at s[at], s[at + 1] as a number, or -1. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DD`, `YYYY-MM-DD hh:mm` or `YYYY-MM-DD hh:mm:ss` (also with `T` or `/`), read without
 * the regular expression: the usual shape of a timestamp column, whose every distinct value is
 * checked. The same answer as the ISO branch below; undefined for any other text.
 */
function plainIso(s: string): boolean | undefined {
  const n = s.length;
  if (n !== 10 && n !== 16 && n !== 19) return undefined;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const sep1 = s.charCodeAt(4);
  const sep2 = s.charCodeAt(7);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0) return undefined;
  if ((sep1 !== 45 && sep1 !== 47) || (sep2 !== 45 && sep2 !== 47)) return undefined; // - or /
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (n > 10) {
    const t = s.charCodeAt(10);
    if ((t !== 84 && t !== 32) || s.charCodeAt(13) !== 58) return undefined; // T or space, then :
    hour = twoDigits(s, 11);
    minute = twoDigits(s, 14);
    if (hour < 0 || minute < 0) return undefined;
    if (n === 19) {
      if (s.charCodeAt(16) !== 58) return undefined;
      second = twoDigits(s, 17);
      if (second < 0) return undefined;
    }
  }
  return validDate(y1 * 100 + y2, month, day) && hour <= 23 && minute <= 59 && second <= 60;
}

export function isDateText(text: string): boolean {
  const fast = plainIso(text);
  if (fast !== undefined) return fast;
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    if (!validDate(+m[1], +m[2], +m[3])) return false;
    if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 60))) return false;
    return true;
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) return validDate(+m[3], MONTHS.indexOf(m[2].toLowerCase()) + 1, +m[1]);
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return validDate(+m[3], MONTHS.indexOf(m[1].toLowerCase()) + 1, +m[2]);
  return false;
}

/** True when every entry that occurs is a date (and at least one does). */
export function allDates(dictionary: readonly string[], counts: Float64Array): boolean {
  let any = false;
  for (let i = 0; i < dictionary.length; i++) {
    if (counts[i] === 0) continue;
    if (!isDateText(dictionary[i])) return false;
    any = true;
  }
  return any;
}
