/**
 * PromQL's `histogram_quantile` for classic (cumulative `le`) buckets, following
 * promql/quantile.go `BucketQuantile` (docs/prometheus.md section 7):
 * 1. q NaN -> NaN, q < 0 -> -Inf, q > 1 -> +Inf;
 * 2. buckets sorted by upper bound, equal bounds merged; no +Inf bucket -> NaN;
 * 3. counts forced monotonic (relative differences below 1e-12 ignored, decreases flattened);
 * 4. fewer than 2 buckets or no observations -> NaN;
 * 5. rank = q x total; the first finite bucket whose count reaches the rank holds the quantile,
 *    found by linear interpolation from the previous bound (0 below the first bucket); a rank that
 *    only the +Inf bucket reaches gives the largest finite bound; a first bucket with bound <= 0
 *    gives its bound.
 */

export interface Bucket {
  /** The `le` label as a number (`+Inf` -> Infinity). */
  readonly upperBound: number;
  /** Cumulative count of observations <= upperBound. */
  readonly count: number;
}

export interface QuantileResult {
  readonly value: number;
  /** The rank fell in the +Inf bucket: the true quantile is above `value` (the largest finite bound). */
  readonly aboveLargestBound: boolean;
  /** Some bucket counts were lower than a smaller bucket's and were raised (a scrape-time race or a bug). */
  readonly forcedMonotonic: boolean;
}

const SMALL_DELTA_TOLERANCE = 1e-12;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Go's `almost.Equal`: equal within a relative tolerance. */
function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/**
 * @example
 * const b = [{ upperBound: 0.1, count: 50 }, { upperBound: 0.5, count: 80 }, { upperBound: 1, count: 95 }, { upperBound: Infinity, count: 100 }];
 * histogramQuantile(0.5, b)  // 0.1
 * histogramQuantile(0.9, b)  // 0.8333333333333333  (0.5 + 0.5 * 10/15)
 * histogramQuantile(0.99, b) // 1  (in the +Inf bucket: the largest finite bound)
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  return histogramQuantileDetail(q, buckets).value;
}

export function histogramQuantileDetail(q: number, input: readonly Bucket[]): QuantileResult {
  const result = (value: number, aboveLargestBound = false, forcedMonotonic = false): QuantileResult => ({ value, aboveLargestBound, forcedMonotonic });
  if (Number.isNaN(q)) return result(NaN);
  if (q < 0) return result(-Infinity);
  if (q > 1) return result(Infinity);
  if (input.length === 0) return result(NaN);

  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1].upperBound !== Infinity) return result(NaN);
  // Merge equal bounds ("1" and "1.0" are the same bucket).
  const buckets: Array<{ upperBound: number; count: number }> = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ upperBound: b.upperBound, count: b.count });
  }
  let forcedMonotonic = false;
  let prev = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    const cur = buckets[i].count;
    if (cur === prev) continue;
    if (almostEqual(prev, cur, SMALL_DELTA_TOLERANCE)) {
      buckets[i].count = prev;
      continue;
    }
    if (cur < prev) {
      buckets[i].count = prev;
      forcedMonotonic = true;
      continue;
    }
    prev = cur;
  }
  if (buckets.length < 2) return result(NaN, false, forcedMonotonic);
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) return result(NaN, false, forcedMonotonic);

  let rank = q * observations;
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i].count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return result(buckets[buckets.length - 2].upperBound, true, forcedMonotonic);
  if (b === 0 && buckets[0].upperBound <= 0) return result(buckets[0].upperBound, false, forcedMonotonic);
  let start = 0;
  const end = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return result(start + (end - start) * (rank / count), false, forcedMonotonic);
}
