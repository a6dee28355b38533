import type { NumericRuns } from '../types';

/**
 * Sorted values given as runs, (distinct value ascending, count), as a column profile holds them
 * (src/core/profile/profile.ts): the positions a sorted array would have, without the array. A
 * flights column of 1.5M delays is ~1,500 runs, so a search over the runs replaces the 12 MB array
 * that the tests would otherwise expand (src/core/drift/prepare.ts).
 */

/** Number of values the runs stand for. */
export function runsTotal(runs: NumericRuns): number {
  let n = 0;
  for (let r = 0; r < runs.counts.length; r++) n += runs.counts[r];
  return n;
}

/** starts[r]: the sorted position of run r's first value; starts[runs] is the total. */
export function runStarts(runs: NumericRuns): Float64Array {
  const starts = new Float64Array(runs.counts.length + 1);
  for (let r = 0; r < runs.counts.length; r++) starts[r + 1] = starts[r] + runs.counts[r];
  return starts;
}

/** The value at sorted position i (0 <= i < total): what `sorted[i]` would read. */
export function valueAtRank(runs: NumericRuns, starts: Float64Array, i: number): number {
  // The last run whose start is <= i.
  let lo = 0;
  let hi = runs.values.length - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >>> 1;
    if (starts[m] <= i) lo = m;
    else hi = m - 1;
  }
  return runs.values[lo];
}

/** Values < x: what lowerBound(sorted, x) would return. */
export function countBelow(runs: NumericRuns, starts: Float64Array, x: number): number {
  let lo = 0;
  let hi = runs.values.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (runs.values[m] < x) lo = m + 1;
    else hi = m;
  }
  return starts[lo];
}

/** Values <= x: what upperBound(sorted, x) would return. */
export function countAtMost(runs: NumericRuns, starts: Float64Array, x: number): number {
  let lo = 0;
  let hi = runs.values.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (runs.values[m] <= x) lo = m + 1;
    else hi = m;
  }
  return starts[lo];
}

/** The sorted array the runs stand for (each value repeated count times). */
export function expandRuns(runs: NumericRuns): Float64Array {
  const out = new Float64Array(runsTotal(runs));
  for (let r = 0, at = 0; r < runs.values.length; r++) {
    const c = runs.counts[r];
    out.fill(runs.values[r], at, at + c);
    at += c;
  }
  return out;
}
