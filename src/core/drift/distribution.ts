import type { CategoriesDistribution, HistogramDistribution } from '../../shared/report';
import type { CategoricalPair, NumericRuns } from '../stats/types';
import { countAtMost, countBelow, runStarts } from '../stats/special/value_counts';
import { pairCounts } from '../stats/sides';
import { lowerBound, runEnd, upperBound } from '../stats/special/runs';
import { topEntries } from './summary';

/** Histograms never get more bins than this, so the report stays small whatever the data. */
export const MAX_HISTOGRAM_BINS = 100;
/** Categories shown by name; the rest go to "other". */
export const MAX_CATEGORIES = 20;

/**
 * Bin width by Doane's rule, as numpy's histogram_bin_edges('doane') computes it (Evidently
 * draws its distribution chart with these bins), over the values of `parts` taken together. Each
 * part must be sorted: the moments are summed once per run of equal values (value x count), so a
 * column of millions of integers costs a pass over its few thousand distinct values. Returns 0
 * when the data has no spread.
 */
export function doaneWidth(parts: Float64Array | readonly Float64Array[], min: number, max: number): number {
  const arrays = parts instanceof Float64Array ? [parts] : parts;
  let n = 0;
  for (const a of arrays) n += a.length;
  if (n <= 2) return 0;
  // Three passes stepping run by run (value x count): no list of runs, which for decimals would be
  // as long as the data.
  let sum = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; ) {
      const v = a[i];
      const end = runEnd(a, i);
      sum += v * (end - i);
      i = end;
    }
  }
  const mu = sum / n;
  let m2 = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; ) {
      const v = a[i];
      const end = runEnd(a, i);
      const d = v - mu;
      m2 += d * d * (end - i);
      i = end;
    }
  }
  const sigma = Math.sqrt(m2 / n);
  if (!(sigma > 0)) return 0;
  let m3 = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; ) {
      const v = a[i];
      const end = runEnd(a, i);
      const z = (v - mu) / sigma;
      m3 += z * z * z * (end - i);
      i = end;
    }
  }
  return doaneFromSkew(n, m3 / n, min, max);
}

/** Doane's width from the count and the skewness g1 (numpy's formula). */
function doaneFromSkew(n: number, g1: number, min: number, max: number): number {
  const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)));
  return (max - min) / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
}

/**
 * doaneWidth over parts given as runs: doaneWidth already sums value x count per run of equal
 * values, so the same products in the same order give the same width.
 */
export function doaneWidthRuns(parts: readonly NumericRuns[], min: number, max: number): number {
  // The count and the sum in one pass (two separate chains of additions, each in the same order).
  let n = 0;
  let sum = 0;
  for (const p of parts) {
    for (let r = 0; r < p.values.length; r++) {
      const c = p.counts[r];
      n += c;
      sum += p.values[r] * c;
    }
  }
  if (n <= 2) return 0;
  const mu = sum / n;
  let m2 = 0;
  for (const p of parts) {
    for (let r = 0; r < p.values.length; r++) {
      const d = p.values[r] - mu;
      m2 += d * d * p.counts[r];
    }
  }
  const sigma = Math.sqrt(m2 / n);
  if (!(sigma > 0)) return 0;
  let m3 = 0;
  for (const p of parts) {
    for (let r = 0; r < p.values.length; r++) {
      const z = (p.values[r] - mu) / sigma;
      m3 += z * z * z * p.counts[r];
    }
  }
  return doaneFromSkew(n, m3 / n, min, max);
}

/** Equal-width edges over [min, max]; numpy widens a zero range to [v - 0.5, v + 0.5]. */
export function equalWidthEdges(min: number, max: number, bins: number): number[] {
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(min + ((max - min) * i) / bins);
  edges[bins] = max;
  return edges;
}

/**
 * Counts per bin of sorted values; the last bin is closed on the right, as in numpy. A bin's count
 * is the distance between two binary searches, so the cost grows with the bins, not the values.
 */
export function countInBins(sorted: Float64Array, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins);
  let from = lowerBound(sorted, edges[0]);
  for (let b = 0; b < bins; b++) {
    const to = b === bins - 1 ? upperBound(sorted, edges[bins], from) : lowerBound(sorted, edges[b + 1], from);
    counts[b] = to - from;
    from = to;
  }
  return counts;
}

/** countInBins for values given as runs: the same two searches per bin, on the runs' positions. */
export function countInBinsRuns(runs: NumericRuns, edges: readonly number[]): number[] {
  const starts = runStarts(runs);
  const bins = edges.length - 1;
  const counts = new Array<number>(bins);
  let from = countBelow(runs, starts, edges[0]);
  for (let b = 0; b < bins; b++) {
    const to = b === bins - 1 ? countAtMost(runs, starts, edges[bins]) : countBelow(runs, starts, edges[b + 1]);
    counts[b] = to - from;
    from = to;
  }
  return counts;
}

/** histogramDistribution of two sides given as runs (the same bins and counts). */
export function histogramDistributionRuns(ref: NumericRuns, cur: NumericRuns, integer: boolean, bins?: number): HistogramDistribution | null {
  const nr = ref.values.length;
  const nc = cur.values.length;
  if (nr + nc === 0) return null;
  const min = Math.min(nr ? ref.values[0] : Infinity, nc ? cur.values[0] : Infinity);
  const max = Math.max(nr ? ref.values[nr - 1] : -Infinity, nc ? cur.values[nc - 1] : -Infinity);
  const edges = equalWidthEdges(min, max, binCount(min, max, integer, bins, () => doaneWidthRuns([ref, cur], min, max)));
  return { kind: 'histogram', edges, reference: countInBinsRuns(ref, edges), current: countInBinsRuns(cur, edges) };
}

/** The number of bins: the user's, else Doane's (width >= 1 for integers), at most MAX_HISTOGRAM_BINS. */
function binCount(min: number, max: number, integer: boolean, bins: number | undefined, doane: () => number): number {
  let k = bins ?? 1;
  if (bins === undefined && max > min) {
    let width = doane();
    if (integer) width = Math.max(width, 1);
    k = width > 0 ? Math.ceil((max - min) / width) : 1;
  }
  return Math.max(1, Math.min(MAX_HISTOGRAM_BINS, k));
}

/**
 * Shared-bin histogram of both sides' finite values. Bins: the user's count, else Doane on the
 * combined data (forced to width >= 1 for integers), capped at MAX_HISTOGRAM_BINS.
 */
export function histogramDistribution(
  ref: Float64Array,
  cur: Float64Array,
  integer: boolean,
  bins?: number,
): HistogramDistribution | null {
  if (ref.length + cur.length === 0) return null;
  const min = Math.min(ref.length ? ref[0] : Infinity, cur.length ? cur[0] : Infinity);
  const max = Math.max(ref.length ? ref[ref.length - 1] : -Infinity, cur.length ? cur[cur.length - 1] : -Infinity);
  const edges = equalWidthEdges(min, max, binCount(min, max, integer, bins, () => doaneWidth([ref, cur], min, max)));
  return { kind: 'histogram', edges, reference: countInBins(ref, edges), current: countInBins(cur, edges) };
}

/** Top categories by combined count, with everything else in "other". */
export function categoriesDistribution(pair: CategoricalPair): CategoriesDistribution {
  const n = pair.labels.length;
  const { ref, cur, nRef, nCur } = pairCounts(pair);
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) total[i] = ref[i] + cur[i];
  const top = topEntries(total, MAX_CATEGORIES);
  const shownRef = top.reduce((s, i) => s + ref[i], 0);
  const shownCur = top.reduce((s, i) => s + cur[i], 0);
  return {
    kind: 'categories',
    categories: top.map((i) => String(pair.labels[i])),
    reference: top.map((i) => ref[i]),
    current: top.map((i) => cur[i]),
    otherReference: nRef - shownRef,
    otherCurrent: nCur - shownCur,
  };
}
