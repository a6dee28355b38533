/**
 * Runs of equal values in sorted arrays. Numerical columns are mostly integers with few distinct
 * values (delays, distances, counts), so a sorted column of millions of values is a few thousand
 * runs: stepping from run to run by galloping search costs O(distinct x log run) instead of a
 * pass over every value.
 */

/** The first index at or after `from` whose value is > x (sorted ascending; `from` is a lower bound). */
export function upperBound(sorted: Float64Array, x: number, from = 0): number {
  const n = sorted.length;
  if (from >= n || sorted[from] > x) return from;
  // Gallop: sorted[lo] <= x holds throughout; find hi with sorted[hi] > x (or n).
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < n && sorted[hi] <= x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  // Binary search in (lo, hi].
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The first index at or after `from` whose value is >= x (sorted ascending). */
export function lowerBound(sorted: Float64Array, x: number, from = 0): number {
  const n = sorted.length;
  if (from >= n || sorted[from] >= x) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < n && sorted[hi] < x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The index just after the run of equal values starting at i. A value unlike the next is a run
 * of one, decided without a search (decimals are mostly such runs); reading only inside the array
 * keeps V8 on its fast path.
 */
export function runEnd(sorted: Float64Array, i: number): number {
  return i + 1 < sorted.length && sorted[i + 1] === sorted[i] ? upperBound(sorted, sorted[i], i) : i + 1;
}

/** Distinct values of a sorted array (NaN-free). */
export function countDistinctSorted(sorted: Float64Array): number {
  let n = 0;
  for (let i = 0; i < sorted.length; i = runEnd(sorted, i)) n++;
  return n;
}
