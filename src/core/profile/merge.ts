import { categoryProfile, compareStrings, finishNumeric, truncateBits, type ProfileOptions } from './build';
import type { CategoryProfile, ColumnProfile, DatasetProfile, NumericProfile } from './profile';

/**
 * Merging profiles of parts of one dataset (partitions, shards, time chunks): counts add, so the
 * merge of the parts' profiles deep-equals the profile of the whole (test/unit/profile.test.ts).
 * Approximate numeric profiles merge at the coarser of their two truncations, then the cap is
 * applied again; truncation being nested, that is the truncation the whole would have had.
 */

export class ProfileMergeError extends Error {
  override readonly name = 'ProfileMergeError';
}

export function mergeColumnProfiles(a: ColumnProfile, b: ColumnProfile, options: ProfileOptions = {}): ColumnProfile {
  if (a.kind === 'numeric' && b.kind === 'numeric') return mergeNumeric(a, b, options);
  if (a.kind === 'category' && b.kind === 'category') return mergeCategory(a, b);
  throw new ProfileMergeError(`column '${a.name}' holds numbers in one part and text in the other: profiles cannot be merged`);
}

function mergeNumeric(a: NumericProfile, b: NumericProfile, options: ProfileOptions): NumericProfile {
  const keep = Math.min(a.approximate?.significantBits ?? 52, b.approximate?.significantBits ?? 52);
  const cap = Math.min(
    options.maxDistinct ?? Infinity,
    a.approximate?.maxDistinct ?? Infinity,
    b.approximate?.maxDistinct ?? Infinity,
  );
  const av = keep < 52 ? a.values.map((v) => truncateBits(v, keep)) : a.values;
  const bv = keep < 52 ? b.values.map((v) => truncateBits(v, keep)) : b.values;
  // Two sorted lists (truncation keeps order; equal neighbours added up).
  const values: number[] = [];
  const counts: number[] = [];
  const push = (v: number, c: number) => {
    if (values.length && values[values.length - 1] === v) counts[counts.length - 1] += c;
    else {
      values.push(v);
      counts.push(c);
    }
  };
  let i = 0;
  let j = 0;
  while (i < av.length || j < bv.length) {
    if (j >= bv.length || (i < av.length && av[i] <= bv[j])) push(av[i], a.counts[i++]);
    else push(bv[j], b.counts[j++]);
  }
  const extremes = { min: minOf(a.min, b.min), max: maxOf(a.max, b.max) };
  const merged = finishNumeric(
    a.name,
    Float64Array.from(values),
    Float64Array.from(counts),
    { missing: a.missing + b.missing, nonFinite: a.nonFinite + b.nonFinite, integer: a.integer && b.integer },
    { maxDistinct: cap === Infinity ? undefined : cap },
    extremes,
  );
  // Parts already truncated: the whole is approximate too, even when the merged list fits the cap.
  if (keep < 52 && !merged.approximate) {
    return { ...merged, approximate: { method: 'truncate-bits', significantBits: keep, maxDistinct: cap } };
  }
  return merged;
}

/** min/max where NaN stands for "no values". */
function minOf(x: number, y: number): number {
  return Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y);
}

function maxOf(x: number, y: number): number {
  return Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y);
}

function mergeCategory(a: CategoryProfile, b: CategoryProfile): CategoryProfile {
  const values: string[] = [];
  const counts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.values.length || j < b.values.length) {
    const order = i >= a.values.length ? 1 : j >= b.values.length ? -1 : compareStrings(a.values[i], b.values[j]);
    if (order === 0) {
      values.push(a.values[i]);
      counts.push(a.counts[i++] + b.counts[j++]);
    } else if (order < 0) {
      values.push(a.values[i]);
      counts.push(a.counts[i++]);
    } else {
      values.push(b.values[j]);
      counts.push(b.counts[j++]);
    }
  }
  // A logical type holds only when both parts say it.
  const logical = a.logical === b.logical ? a.logical : undefined;
  return categoryProfile(a.name, values, Float64Array.from(counts), a.count + b.count, a.missing + b.missing, logical);
}

/**
 * Two profiles of parts of one dataset as one. Columns are matched by name (the first part's order,
 * then columns only in the second); a column missing from a part counts as all-missing there.
 */
export function mergeProfiles(a: DatasetProfile, b: DatasetProfile, options: ProfileOptions = {}): DatasetProfile {
  const inB = new Map(b.columns.map((c) => [c.name, c]));
  const inA = new Map(a.columns.map((c) => [c.name, c]));
  const columns: ColumnProfile[] = a.columns.map((c) => {
    const other = inB.get(c.name);
    return other ? mergeColumnProfiles(c, other, options) : withMissing(c, b.rows);
  });
  for (const c of b.columns) if (!inA.has(c.name)) columns.push(withMissing(c, a.rows));
  return {
    source: a.source === b.source ? a.source : `${a.source} + ${b.source}`,
    format: a.format === b.format ? a.format : 'mixed',
    rows: a.rows + b.rows,
    columns,
    warnings: [...a.warnings, ...b.warnings],
  };
}

function withMissing(c: ColumnProfile, rows: number): ColumnProfile {
  return { ...c, rows: c.rows + rows, missing: c.missing + rows };
}
