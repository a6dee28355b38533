import type { Column, DictionaryColumn, NumericColumn } from '../read/dataset';
import type { NumericSide } from '../stats/types';
import { countDistinctSorted } from '../stats/special/runs';
import { sortFinite } from './sort';

/**
 * One column of one file, cleaned the way Evidently cleans before testing (+-inf and NaN
 * dropped), with the counts every later step needs. Sorting happens here, once per column.
 */
export type PreparedSide = PreparedNumeric | PreparedDictionary;

export interface PreparedNumeric {
  readonly storage: 'numeric';
  readonly column: NumericColumn;
  /** Finite values in file order and sorted. */
  readonly finite: NumericSide;
  /** NaN cells (missing tokens) plus +-inf cells. */
  readonly missing: number;
  readonly distinct: number;
}

export interface PreparedDictionary {
  readonly storage: 'dictionary';
  readonly column: DictionaryColumn;
  /** Rows per dictionary entry. */
  readonly counts: Float64Array;
  readonly nonMissing: number;
  readonly missing: number;
  /** Dictionary entries that occur (every entry does, but a filtered column may not). */
  readonly distinct: number;
}

export function prepareSide(column: Column): PreparedSide {
  return column.storage === 'numeric' ? prepareNumeric(column) : prepareDictionary(column);
}

function prepareNumeric(column: NumericColumn): PreparedNumeric {
  const src = column.values;
  // x - x is 0 only for finite x.
  let n = 0;
  for (let i = 0; i < src.length; i++) if (src[i] - src[i] === 0) n++;
  // No missing values (the usual case): the column itself, not a copy (nothing writes to it).
  let values = src;
  if (n !== src.length) {
    values = new Float64Array(n);
    for (let i = 0, j = 0; i < src.length; i++) if (src[i] - src[i] === 0) values[j++] = src[i];
  }
  const sorted = sortFinite(values);
  const distinct = countDistinctSorted(sorted);
  return { storage: 'numeric', column, finite: { values, sorted }, missing: src.length - n, distinct };
}

function prepareDictionary(column: DictionaryColumn): PreparedDictionary {
  const counts = new Float64Array(column.dictionary.length);
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const c = column.codes[i];
    if (c < 0) missing++;
    else counts[c]++;
  }
  let distinct = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) distinct++;
  return {
    storage: 'dictionary',
    column,
    counts,
    nonMissing: column.codes.length - missing,
    missing,
    distinct,
  };
}

export function nonMissingCount(side: PreparedSide): number {
  return side.storage === 'numeric' ? side.finite.values.length : side.nonMissing;
}

/** True when no value occurs twice. */
export function allDistinct(side: PreparedSide): boolean {
  return side.distinct === nonMissingCount(side);
}

/** The column's non-missing values as strings, in file order (for categorical and text tests). */
export function stringValues(side: PreparedSide): string[] {
  if (side.storage === 'numeric') return Array.from(side.finite.values, (v) => String(v));
  const { codes, dictionary } = side.column;
  const out: string[] = [];
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) out.push(dictionary[codes[i]]);
  return out;
}
