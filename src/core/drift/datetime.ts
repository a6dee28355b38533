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

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export function isDateText(text: string): boolean {
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
