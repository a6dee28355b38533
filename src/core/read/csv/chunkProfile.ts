import { sortFinite } from '../../drift/sort';
import type { ChunkColumn } from './tokenizer';

/**
 * A chunk's column reduced to what its profile needs (profile/profile.ts), on the thread that
 * parsed it: the main thread then merges small (value, count) tables instead of joining, copying
 * and re-coding whole columns, and no column of the file is ever held whole (plan.ts,
 * readCsvProfiles). Text keeps its dictionary with a count per entry instead of a code per row;
 * numbers keep their distinct finite values, ascending, with counts.
 */
export type ReducedColumn =
  | {
      readonly kind: 'numeric-counts';
      /** Distinct finite values, ascending, -0 written as 0. */
      readonly values: Float64Array;
      readonly counts: Float64Array;
      /** Cells that were missing (NaN). */
      readonly missing: number;
      readonly infinities: number;
      readonly integer: boolean;
      readonly sawNumber: boolean;
    }
  | {
      readonly kind: 'text-counts';
      readonly dictionary: string[];
      readonly hashes: Int32Array;
      /** Rows per dictionary entry. */
      readonly counts: Float64Array;
      readonly missing: number;
    };

/** One column of a chunk reduced (numbers: sorted with the engine's sort, then run by run). */
export function reduceChunkColumn(column: ChunkColumn): ReducedColumn {
  if (column.kind === 'text') {
    const counts = new Float64Array(column.dictionary.length);
    const codes = column.codes;
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c < 0) missing++;
      else counts[c]++;
    }
    return { kind: 'text-counts', dictionary: column.dictionary, hashes: column.hashes, counts, missing };
  }
  const src = column.values;
  const counted = countIntegers(src);
  if (counted) return { kind: 'numeric-counts', ...counted, integer: column.integer, sawNumber: column.sawNumber };
  let finiteCount = 0;
  // x - x is 0 only for finite x.
  for (let i = 0; i < src.length; i++) if (src[i] - src[i] === 0) finiteCount++;
  let finite = src;
  let infinities = 0;
  if (finiteCount !== src.length) {
    finite = new Float64Array(finiteCount);
    for (let i = 0, j = 0; i < src.length; i++) {
      const v = src[i];
      if (v - v === 0) finite[j++] = v;
      else if (v === Infinity || v === -Infinity) infinities++;
    }
  }
  const sorted = sortFinite(finite);
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  // -0 and 0 are one run (=== holds); + 0 writes the run's value as 0.
  for (let i = 0, k = -1; i < sorted.length; i++) {
    const v = sorted[i];
    if (k < 0 || v !== values[k]) values[++k] = v + 0;
    counts[k]++;
  }
  return {
    kind: 'numeric-counts',
    values,
    counts,
    missing: src.length - finiteCount - infinities,
    infinities,
    integer: column.integer,
    sawNumber: column.sawNumber,
  };
}

/**
 * The (value, count) table of a chunk column of integers in a range no wider than the column
 * (delays, distances: the usual repeating number column), counted straight into one slot per
 * value: no sorted copy to write and walk again, as sortFinite's counting sort would make.
 * Undefined for anything else (decimals, wide ranges), which the sort handles.
 */
function countIntegers(src: Float64Array): { values: Float64Array; counts: Float64Array; missing: number; infinities: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  let infinities = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    // (v | 0) === v: an integer within 32 bits (-0 as 0); NaN and +-inf fail it.
    if ((v | 0) !== v) {
      if (v !== v) missing++;
      else if (v === Infinity || v === -Infinity) infinities++;
      else return undefined;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const finite = src.length - missing - infinities;
  if (finite === 0 || max - min + 1 > finite) return undefined;
  const slots = new Int32Array(max - min + 1);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if ((v | 0) === v) slots[v - min]++;
  }
  let distinct = 0;
  for (let b = 0; b < slots.length; b++) if (slots[b] > 0) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  // -0 was counted in 0's slot, and min + b writes that value as 0, as the profile wants.
  for (let b = 0, k = 0; b < slots.length; b++) {
    if (slots[b] === 0) continue;
    values[k] = min + b;
    counts[k++] = slots[b];
  }
  return { values, counts, missing, infinities };
}

/**
 * Merges ascending (value, count) tables into one (equal values add their counts), pairwise in a
 * balanced tree so a column with many distinct values costs n log k, not n k.
 */
export function mergeCountTables(parts: readonly { values: Float64Array; counts: Float64Array }[]): { values: Float64Array; counts: Float64Array } {
  if (parts.length === 0) return { values: new Float64Array(0), counts: new Float64Array(0) };
  let level = parts.slice();
  while (level.length > 1) {
    const next: { values: Float64Array; counts: Float64Array }[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeTwo(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

function mergeTwo(a: { values: Float64Array; counts: Float64Array }, b: { values: Float64Array; counts: Float64Array }): { values: Float64Array; counts: Float64Array } {
  const values = new Float64Array(a.values.length + b.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.values.length && j < b.values.length) {
    const x = a.values[i];
    const y = b.values[j];
    if (x < y) {
      values[k] = x;
      counts[k++] = a.counts[i++];
    } else if (y < x) {
      values[k] = y;
      counts[k++] = b.counts[j++];
    } else {
      values[k] = x;
      counts[k++] = a.counts[i++] + b.counts[j++];
    }
  }
  while (i < a.values.length) {
    values[k] = a.values[i];
    counts[k++] = a.counts[i++];
  }
  while (j < b.values.length) {
    values[k] = b.values[j];
    counts[k++] = b.counts[j++];
  }
  // Copies of the used part: a view would take its whole buffer along when posted to a thread.
  return k === values.length ? { values, counts } : { values: values.slice(0, k), counts: counts.slice(0, k) };
}
