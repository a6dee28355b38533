import { isDecimalToken, isIntegerText, trimBlanks } from '../format/decimal';
import type { Column } from './dataset';
import { categoryProfileFromEntries, numericProfileFromCounts, type ProfileOptions } from '../profile/build';
import type { ColumnProfile } from '../profile/profile';

/*
 * Number tokens as pandas' C parser reads them: optional sign, decimal digits with an optional
 * point and exponent, or inf/infinity in any case; spaces around are allowed. Hex (0x10),
 * digit separators (1_000), a decimal comma (1,5) and trailing junk (5d, 1e) are text.
 */
const INFINITY = /^[ \t]*([+-]?)inf(?:inity)?[ \t]*$/i;

/** The number a token stands for, or undefined when it is not a number (linear time: format/decimal.ts). */
export function parseNumberToken(token: string): number | undefined {
  const [from, to] = trimBlanks(token);
  if (isDecimalToken(token, from, to)) return Number(token);
  // The infinity pattern has no two quantifiers over the same characters: linear.
  const inf = to - from <= 9 ? INFINITY.exec(token) : null;
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** True for an integer literal such as `-12` or `007` (no point, exponent or inf). */
export function isIntegerToken(token: string): boolean {
  const [from, to] = trimBlanks(token);
  return isIntegerText(token, from, to);
}

/**
 * Turns a dictionary-encoded text column into its final column: numeric when every distinct
 * non-missing string is a number (each parsed once), otherwise the dictionary as it is.
 * A column with no values at all is numeric and all-NaN, like pandas' float64.
 */
export function finishTextColumn(name: string, dictionary: readonly string[], codes: Int32Array): Column {
  const table = new Float64Array(dictionary.length);
  let integer = dictionary.length > 0;
  for (let i = 0; i < dictionary.length; i++) {
    const value = parseNumberToken(dictionary[i]);
    if (value === undefined) return { name, storage: 'dictionary', codes, dictionary };
    table[i] = value;
    if (integer && !isIntegerToken(dictionary[i])) integer = false;
  }
  const values = new Float64Array(codes.length);
  let infinities = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    const value = code < 0 ? NaN : table[code];
    values[i] = value;
    if (value === Infinity || value === -Infinity) infinities++;
  }
  return { name, storage: 'numeric', values, integer, infinities };
}

/**
 * finishTextColumn's rule for a text column given as counts (distinct strings in first-seen order,
 * rows per entry, missing cells): the profile of the column finishTextColumn would make, without
 * its codes (the CSV reader's chunks reduced on their threads: csv/chunkProfile.ts).
 */
export function finishTextCounts(name: string, dictionary: readonly string[], counts: Float64Array, missing: number, options: ProfileOptions = {}): ColumnProfile {
  let integer = dictionary.length > 0;
  for (let i = 0; i < dictionary.length; i++) {
    if (parseNumberToken(dictionary[i]) === undefined) return categoryProfileFromEntries(name, dictionary, counts, missing);
    if (integer && !isIntegerToken(dictionary[i])) integer = false;
  }
  return textCountsAsNumbers(name, dictionary, counts, missing, integer, options);
}

/**
 * The numeric profile of number tokens given as counts; `integer` is the whole column's flag (a
 * timeline's period of a column keeps the flag finishTextColumn gave the column: csv/plan.ts).
 */
export function textCountsAsNumbers(name: string, dictionary: readonly string[], counts: Float64Array, missing: number, integer: boolean, options: ProfileOptions = {}): ColumnProfile {
  const numbers = Float64Array.from(dictionary, (v) => parseNumberToken(v)!);
  return numericProfileFromCounts(name, numbers, counts, { missing, nonFinite: 0, integer }, options);
}
