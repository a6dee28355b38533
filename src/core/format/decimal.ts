/**
 * Decimal number tokens, scanned by hand in one pass. The pattern this replaces,
 * `[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`, backtracks quadratically on a long run of digits
 * that ends in a letter (`\d+` and `\d*` share the digits: a 40 KB cell took 12 s; issue 13,
 * finding 4). Each character is looked at once here, so the cost is linear in the token.
 */

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Index after the digits starting at `i`. */
function skipDigits(s: string, i: number, end: number): number {
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/**
 * True when `s[from, to)` is exactly `[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`:
 * what the pattern above accepts, with the same answers.
 */
export function isDecimalToken(s: string, from = 0, to = s.length): boolean {
  let i = from;
  if (i < to && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) i++;
  const intEnd = skipDigits(s, i, to);
  let fracDigits = 0;
  let j = intEnd;
  if (j < to && s.charCodeAt(j) === 0x2e) {
    const fracEnd = skipDigits(s, j + 1, to);
    fracDigits = fracEnd - j - 1;
    j = fracEnd;
  }
  // Some digit before or after the point (`.` and `+.` alone are not numbers).
  if (intEnd === i && fracDigits === 0) return false;
  if (j < to && (s.charCodeAt(j) === 0x65 || s.charCodeAt(j) === 0x45)) {
    let k = j + 1;
    if (k < to && (s.charCodeAt(k) === 0x2b || s.charCodeAt(k) === 0x2d)) k++;
    const expEnd = skipDigits(s, k, to);
    if (expEnd === k) return false; // `1e`, `1e+`: an exponent without digits
    j = expEnd;
  }
  return j === to;
}

/** True when `s[from, to)` is `[+-]?digits`. */
export function isIntegerText(s: string, from = 0, to = s.length): boolean {
  let i = from;
  if (i < to && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) i++;
  return i < to && skipDigits(s, i, to) === to;
}

/** The span of `s` without leading and trailing spaces and tabs (pandas' C parser allows them). */
export function trimBlanks(s: string): [from: number, to: number] {
  let from = 0;
  let to = s.length;
  while (from < to && (s.charCodeAt(from) === 0x20 || s.charCodeAt(from) === 0x09)) from++;
  while (to > from && (s.charCodeAt(to - 1) === 0x20 || s.charCodeAt(to - 1) === 0x09)) to--;
  return [from, to];
}
