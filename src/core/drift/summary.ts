import type { CategoricalSummary, NumericSummary } from '../../shared/report';
import type { PreparedDictionary, PreparedNumeric } from './prepare';
import type { NumericRuns } from '../stats/types';
import { kahanAddRepeated, repeatedAdd } from '../stats/special/repeated_add';
import { exactIntegerSum } from '../stats/special/numpy_sum';
import { runStarts, valueAtRank } from '../stats/special/value_counts';

const TOP_VALUES = 10;

/**
 * numpy's default quantile ("linear", Hyndman-Fan type 7) on sorted values. simple-statistics'
 * quantileSorted uses a different definition, and users compare these with pandas' describe().
 */
export function quantileLinear(sorted: Float64Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * simple-statistics' sum (Kahan-Babuska), the same operations in the same order, on a typed array:
 * its generic version checks every element's type and runs twice for mean and std.
 */
export function kahanSum(x: Float64Array): number {
  if (x.length === 0) return 0;
  let sum = x[0];
  let correction = 0;
  for (let i = 1; i < x.length; i++) {
    const v = x[i];
    const transition = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) correction += sum - transition + v;
    else correction += v - transition + sum;
    sum = transition;
  }
  return sum + correction;
}

/** simple-statistics' sumNthPowerDeviations(x, 2) given the mean it would compute. */
function squaredDeviations(x: Float64Array, mean: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    sum += d * d;
  }
  return sum;
}

/** kahanSum of the values the runs stand for, in order, bit for bit (repeated_add.ts). */
export function kahanSumRuns(runs: NumericRuns): number {
  if (runs.values.length === 0) return 0;
  // Integers summing exactly: the correction stays 0 and the sum is the exact total.
  const exact = exactIntegerSum(runs.values, runs.counts);
  if (exact !== undefined) return exact;
  // kahanSum starts from the first value, then adds the rest.
  const state = { sum: runs.values[0], correction: 0 };
  kahanAddRepeated(state, runs.values[0], runs.counts[0] - 1);
  for (let r = 1; r < runs.values.length; r++) kahanAddRepeated(state, runs.values[r], runs.counts[r]);
  return state.sum + state.correction;
}

/** squaredDeviations of the values the runs stand for, in order, bit for bit. */
function squaredDeviationsRuns(runs: NumericRuns, mean: number): number {
  let sum = 0;
  for (let r = 0; r < runs.values.length; r++) {
    const d = runs.values[r] - mean;
    sum = repeatedAdd(sum, d * d, runs.counts[r]);
  }
  return sum;
}

/** numericSummary from runs: the same sums, in the same order, and the same quantile positions. */
function numericSummaryRuns(side: PreparedNumeric, runs: NumericRuns): NumericSummary {
  const starts = runStarts(runs);
  const n = starts[runs.values.length];
  if (n === 0) {
    return { count: 0, missing: side.missing, min: null, max: null, mean: null, std: null, quantiles: null };
  }
  const at = (i: number) => valueAtRank(runs, starts, i);
  // quantileLinear's arithmetic on the values at its two positions.
  const quantile = (p: number) => {
    const pos = (n - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    return at(lo) + (at(hi) - at(lo)) * (pos - lo);
  };
  const mean = kahanSumRuns(runs) / n;
  return {
    count: n,
    missing: side.missing,
    min: runs.values[0],
    max: runs.values[runs.values.length - 1],
    mean,
    std: n > 1 ? Math.sqrt(squaredDeviationsRuns(runs, mean) / (n - 1)) : null,
    quantiles: { p05: quantile(0.05), p25: quantile(0.25), p50: quantile(0.5), p75: quantile(0.75), p95: quantile(0.95) },
  };
}

export function numericSummary(side: PreparedNumeric): NumericSummary {
  if (side.runs) return numericSummaryRuns(side, side.runs);
  const s = side.finite.sorted;
  const n = s.length;
  if (n === 0) {
    return { count: 0, missing: side.missing, min: null, max: null, mean: null, std: null, quantiles: null };
  }
  const values = side.finite.values;
  const mean = kahanSum(values) / n;
  return {
    count: n,
    missing: side.missing,
    min: s[0],
    max: s[n - 1],
    mean,
    std: n > 1 ? Math.sqrt(squaredDeviations(values, mean) / (n - 1)) : null,
    quantiles: {
      p05: quantileLinear(s, 0.05),
      p25: quantileLinear(s, 0.25),
      p50: quantileLinear(s, 0.5),
      p75: quantileLinear(s, 0.75),
      p95: quantileLinear(s, 0.95),
    },
  };
}

export function dictionarySummary(side: PreparedDictionary): CategoricalSummary {
  return {
    count: side.nonMissing,
    missing: side.missing,
    distinct: side.distinct,
    top: topEntries(side.counts, TOP_VALUES).map((i) => ({
      value: side.dictionary[i],
      count: side.counts[i],
    })),
  };
}

/** Summary of numbers used as categories (integers with few values). */
export function numericAsCategories(side: PreparedNumeric): CategoricalSummary {
  const { values, counts } = side.profile;
  const order = topEntries(counts, TOP_VALUES);
  return {
    count: side.profile.count,
    missing: side.missing,
    distinct: values.length,
    top: order.map((i) => ({ value: String(values[i]), count: counts[i] })),
  };
}

/**
 * Indexes of the `k` largest counts, largest first; ties keep first-seen order. One pass keeping
 * the best k in order (a column can have hundreds of thousands of distinct values).
 */
export function topEntries(counts: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!(c > 0)) continue;
    if (top.length === k && c <= counts[top[k - 1]]) continue;
    // Insert after every entry with a count >= c (earlier index wins a tie).
    let at = top.length;
    while (at > 0 && counts[top[at - 1]] < c) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}
