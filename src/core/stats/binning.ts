/**
 * Evidently's shared binning for jensenshannon, psi and kl_div
 * (legacy/calculations/stattests/utils.py::get_binned_data), with numpy 1.24's histogram arithmetic:
 *
 * - Numerical column with more than 20 distinct reference values: bin edges from
 *   `np.histogram_bin_edges(ref + cur, bins="sturges")`, i.e. equal-width bins from the combined min to
 *   the combined max; a value falls in bin i when edge[i] <= x < edge[i+1], and the last bin also holds
 *   its right edge. Departure: when `options.bins` is set, that many equal-width bins on the same range
 *   replace Sturges (Evidently ignores n_bins, issue #1400).
 * - Otherwise (categorical, or at most 20 distinct reference values): one bin per distinct value of
 *   reference and current together.
 * - Proportions are bin counts divided by that side's length.
 * - `fillZeros` is Evidently's zero replacement for psi and kl_div.
 */
import type { CategoricalPair, NumericSide, StatTestOptions } from './types';
import { StatTestInputError } from './types';
import { pairCounts } from './sides';

export interface BinnedShares {
  readonly ref: Float64Array;
  readonly cur: Float64Array;
}

/** Evidently bins by value only when the reference has at most this many distinct values. */
export const DISCRETE_DISTINCT_LIMIT = 20;

/** Number of distinct values in a sorted array (-0 and 0 count as one, as in pandas). */
export function countDistinctSorted(sorted: Float64Array): number {
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) k++;
  }
  return k;
}

/** numpy `_get_outer_edges` without a range: min and max, widened by 0.5 each way when they are equal. */
export function outerEdges(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new StatTestInputError('histogram range must be finite');
  }
  return min === max ? [min - 0.5, max + 0.5] : [min, max];
}

/**
 * numpy `linspace(first, last, nBins + 1)`: edge i is i*step + first, with step = (last-first)/nBins,
 * and the last edge set to `last` exactly.
 */
export function linspaceEdges(first: number, last: number, nBins: number): Float64Array {
  const edges = new Float64Array(nBins + 1);
  const delta = last - first;
  const step = delta / nBins;
  for (let i = 0; i <= nBins; i++) {
    // numpy divides first when the step underflows to zero (denormal ranges, gh-5437).
    edges[i] = (step === 0 ? (i / nBins) * delta : i * step) + first;
  }
  edges[nBins] = last;
  return edges;
}

/**
 * `np.histogram_bin_edges(a, bins="sturges")` for `n` values spanning [min, max]. numpy takes the
 * width ptp/(log2(n)+1) and then the bin count ceil(range/width), which can exceed log2(n)+1 by one
 * through rounding; a zero width (constant data) gives one bin.
 */
export function sturgesEdges(n: number, min: number, max: number): Float64Array {
  const [first, last] = outerEdges(min, max);
  const width = (max - min) / (Math.log2(n) + 1);
  const nBins = width ? Math.ceil((last - first) / width) : 1;
  return linspaceEdges(first, last, nBins);
}

/** `np.histogram_bin_edges(a, bins=nBins)` for values spanning [min, max]. */
export function equalWidthEdges(min: number, max: number, nBins: number): Float64Array {
  const [first, last] = outerEdges(min, max);
  return linspaceEdges(first, last, nBins);
}

/** Index of the first element >= x (`right` false) or > x (`right` true) in a sorted array. */
function searchSorted(sorted: Float64Array, x: number, right: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x || (right && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `np.histogram(values, bins=edges)[0]` with explicit edges: numpy's cumulative search (left side for
 * every edge but the last, right side for the last), so values outside the edges are not counted.
 */
export function histogramCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const nBins = edges.length - 1;
  const counts = new Float64Array(nBins);
  let prev = searchSorted(sorted, edges[0], false);
  for (let i = 1; i <= nBins; i++) {
    const at = searchSorted(sorted, edges[i], i === nBins);
    counts[i - 1] = at - prev;
    prev = at;
  }
  return counts;
}

function validBins(bins: number | undefined): number | undefined {
  if (bins === undefined) return undefined;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new StatTestInputError(`bins must be a positive integer, got ${bins}`);
  }
  return bins;
}

function divide(counts: Float64Array, n: number): Float64Array {
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] / n;
  return out;
}

/** Counts per distinct value of the union of two sorted arrays (values ascending). */
export function distinctValueCounts(
  ref: Float64Array,
  cur: Float64Array,
): { values: Float64Array; ref: Float64Array; cur: Float64Array } {
  const values: number[] = [];
  const rc: number[] = [];
  const cc: number[] = [];
  let i = 0;
  let j = 0;
  while (i < ref.length || j < cur.length) {
    const v = j >= cur.length || (i < ref.length && ref[i] <= cur[j]) ? ref[i] : cur[j];
    let a = 0;
    let b = 0;
    while (i < ref.length && ref[i] === v) {
      a++;
      i++;
    }
    while (j < cur.length && cur[j] === v) {
      b++;
      j++;
    }
    values.push(v);
    rc.push(a);
    cc.push(b);
  }
  return { values: Float64Array.from(values), ref: Float64Array.from(rc), cur: Float64Array.from(cc) };
}

function requireBothSides(nRef: number, nCur: number): void {
  if (nRef === 0 || nCur === 0) {
    throw new StatTestInputError('both reference and current need at least one value');
  }
}

/** Shares per bin of a numerical column (get_binned_data without zero filling). */
export function binNumerical(ref: NumericSide, cur: NumericSide, options: StatTestOptions): BinnedShares {
  const nRef = ref.sorted.length;
  const nCur = cur.sorted.length;
  requireBothSides(nRef, nCur);
  const bins = validBins(options.bins);
  if (countDistinctSorted(ref.sorted) > DISCRETE_DISTINCT_LIMIT) {
    const min = Math.min(ref.sorted[0], cur.sorted[0]);
    const max = Math.max(ref.sorted[nRef - 1], cur.sorted[nCur - 1]);
    const edges = bins === undefined ? sturgesEdges(nRef + nCur, min, max) : equalWidthEdges(min, max, bins);
    return {
      ref: divide(histogramCounts(ref.sorted, edges), nRef),
      cur: divide(histogramCounts(cur.sorted, edges), nCur),
    };
  }
  const d = distinctValueCounts(ref.sorted, cur.sorted);
  return { ref: divide(d.ref, nRef), cur: divide(d.cur, nCur) };
}

/**
 * Shares per category. Labels absent from both sides are skipped: Evidently's keys are only the
 * values that occur, and a zero-filled empty bin would otherwise add a spurious PSI term.
 */
export function binCategorical(pair: CategoricalPair): BinnedShares {
  const { ref: rc, cur: cc, nRef, nCur } = pairCounts(pair);
  requireBothSides(nRef, nCur);
  const r: number[] = [];
  const c: number[] = [];
  for (let k = 0; k < pair.labels.length; k++) {
    if (rc[k] === 0 && cc[k] === 0) continue;
    r.push(rc[k] / nRef);
    c.push(cc[k] / nCur);
  }
  return { ref: Float64Array.from(r), cur: Float64Array.from(c) };
}

/**
 * Evidently's zero filling (psi, kl_div), per array: with m the smallest non-zero share, every zero
 * becomes m/1e6 when m <= 1e-4, else 1e-4. The array is not renormalised.
 */
export function fillZeros(shares: Float64Array): Float64Array {
  let m = Infinity;
  for (const s of shares) if (s !== 0 && s < m) m = s;
  if (m === Infinity) throw new StatTestInputError('all bin shares are zero');
  const fill = m <= 0.0001 ? m / 10 ** 6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}
