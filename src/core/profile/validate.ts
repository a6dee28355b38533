import type { ColumnProfile, DatasetProfile } from './profile';

/**
 * Checks a profile against the invariants of profile.ts; returns what is wrong, in words, or
 * undefined. Run on every profile read from a file or the cache: a checksum catches damage, this
 * catches a file written (or edited, checksum recomputed) by anything but a correct producer, so
 * such a file can only fail, never give a wrong report.
 */
export function checkProfile(p: DatasetProfile): string | undefined {
  if (typeof p.source !== 'string' || typeof p.format !== 'string') return 'source and format must be text';
  if (!count(p.rows)) return 'rows must be a whole number >= 0';
  if (!Array.isArray(p.warnings) || !p.warnings.every((w) => typeof w === 'string')) return 'warnings must be a list of text';
  if (p.sampled !== undefined && (!p.sampled || !count(p.sampled.seed) || !count(p.sampled.requested) || !count(p.sampled.fileRows))) {
    return 'bad sampling information';
  }
  const names = new Set<string>();
  for (const c of p.columns) {
    if (typeof c.name !== 'string') return 'a column name is not text';
    if (names.has(c.name)) return `column '${c.name}' appears twice`;
    names.add(c.name);
    const problem = checkColumn(c);
    if (problem) return `column '${c.name}': ${problem}`;
    if (c.rows !== p.rows) return `column '${c.name}': ${c.rows} rows, the dataset ${p.rows}`;
  }
  return undefined;
}

function count(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

export function checkColumn(c: ColumnProfile): string | undefined {
  if (!count(c.rows) || !count(c.missing) || !count(c.count)) return 'rows, missing and count must be whole numbers >= 0';
  if (c.values.length !== c.counts.length) return 'values and counts differ in length';
  let total = 0;
  for (let i = 0; i < c.counts.length; i++) {
    const n = c.counts[i];
    if (!(n >= 1) || !Number.isSafeInteger(n)) return `count ${n} of value #${i + 1} is not a whole number >= 1`;
    total += n;
  }
  if (total !== c.count) return `the value counts add up to ${total}, not ${c.count}`;
  if (c.kind === 'numeric') {
    if (!count(c.nonFinite)) return 'nonFinite must be a whole number >= 0';
    if (c.rows !== c.count + c.missing + c.nonFinite) return 'rows differ from count + missing + nonFinite';
    if (typeof c.integer !== 'boolean') return 'integer must be true or false';
    const v = c.values;
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) return `value #${i + 1} is not a finite number`;
      if (Object.is(v[i], -0)) return `value #${i + 1} is -0 (written as 0)`;
      if (i > 0 && !(v[i] > v[i - 1])) return `values are not strictly ascending at #${i + 1}`;
      if (c.integer && !Number.isInteger(v[i]) && !c.approximate) return `value ${v[i]} in an integer column`;
    }
    if (c.count === 0) {
      if (!Number.isNaN(c.min) || !Number.isNaN(c.max)) return 'min and max of an empty column must be absent';
    } else {
      if (!Number.isFinite(c.min) || !Number.isFinite(c.max) || c.min > c.max) return 'bad min or max';
      // Truncation moves values toward zero, so only an exact profile pins min and max to its values.
      if (!c.approximate && (c.min !== v[0] || c.max !== v[v.length - 1])) return 'min and max differ from the values';
    }
    const a = c.approximate;
    if (a !== undefined) {
      if (!a || a.method !== 'truncate-bits' || !Number.isInteger(a.significantBits) || a.significantBits < 0 || a.significantBits > 51 || !count(a.maxDistinct)) {
        return 'bad approximation';
      }
    }
    return undefined;
  }
  if (c.rows !== c.count + c.missing) return 'rows differ from count + missing';
  if (c.logical !== undefined && c.logical !== 'boolean' && c.logical !== 'datetime') return 'unknown logical type';
  for (let i = 0; i < c.values.length; i++) {
    if (typeof c.values[i] !== 'string') return `value #${i + 1} is not text`;
    if (i > 0 && !(c.values[i] > c.values[i - 1])) return `values are not strictly ascending at #${i + 1}`;
  }
  return undefined;
}
