/**
 * scipy.stats._stats_py._cdf_distance (scipy 1.10) for unweighted samples: the distance between the
 * two empirical CDFs, integrated over the merged sorted sample. Between consecutive merged values
 * a and b both CDFs are flat, so the integral is the sum of |F_u(a) - F_v(a)|^p * (b - a), with
 * F(a) = (number of values <= a) / n. p = 1 is the Wasserstein-1 distance; sqrt(2) times the p = 2
 * result is the energy distance. scipy sorts and sums an array with one term per merged value;
 * here the inputs are already sorted and only the distinct merged values are visited.
 */
import { numpySum, numpySumSparse } from './numpy_sum';
import { runEnd } from './runs';
import type { NumericRuns } from '../types';

/** Returns the sum before scipy's final 1/p power (scipy applies sqrt for p = 2). */
export function cdfDistanceSum(p: 1 | 2, uSorted: Float64Array, vSorted: Float64Array): number {
  const nu = uSorted.length;
  const nv = vSorted.length;
  const total = nu + nv;
  if (startsDistinct(uSorted) && startsDistinct(vSorted)) return numpySum(denseTerms(p, uSorted, vSorted));
  // scipy's terms array has total - 1 entries, one per gap of the merged sample. Inside a run of
  // equal values the gap is zero wide, so only a run's last gap can be non-zero: keep those with
  // their positions, and numpySumSparse adds them exactly as numpy adds the whole array.
  let at = new Int32Array(Math.min(Math.max(total - 1, 1), 4096));
  let terms = new Float64Array(at.length);
  let count = 0;
  // Mostly distinct values (decimals): the sparse lists would be as long as the merged sample, so
  // past a quarter of it the terms go into scipy's full array instead (same sum, numpySum).
  let dense: Float64Array | undefined;
  let i = 0;
  let j = 0;
  while (i + j < total) {
    const a = j >= nv || (i < nu && uSorted[i] <= vSorted[j]) ? uSorted[i] : vSorted[j];
    // searchsorted(..., 'right'): count every value <= a, ties included.
    if (i < nu && uSorted[i] === a) i = runEnd(uSorted, i);
    if (j < nv && vSorted[j] === a) j = runEnd(vSorted, j);
    const k = i + j - 1;
    if (k >= total - 1) break;
    const next = j >= nv || (i < nu && uSorted[i] <= vSorted[j]) ? uSorted[i] : vSorted[j];
    const diff = i / nu - j / nv;
    const term = (p === 1 ? Math.abs(diff) : diff * diff) * (next - a);
    if (dense) {
      dense[k] = term;
      continue;
    }
    if (count === at.length) {
      if (count * 4 > total) {
        dense = new Float64Array(total - 1);
        for (let c = 0; c < count; c++) dense[at[c]] = terms[c];
        dense[k] = term;
        continue;
      }
      const wider = new Int32Array(at.length * 2);
      wider.set(at);
      at = wider;
      const more = new Float64Array(terms.length * 2);
      more.set(terms);
      terms = more;
    }
    at[count] = k;
    terms[count++] = term;
  }
  if (dense) return numpySum(dense);
  return numpySumSparse(Math.max(total - 1, 0), at, terms, count);
}


/** Mostly distinct values (the wide bench's decimals) go straight to scipy's full terms array. */
const DENSE_FROM = 1024;
const PROBE = 32;

/** A long sample whose first values are all distinct: most likely mostly distinct throughout. */
function startsDistinct(sorted: Float64Array): boolean {
  if (sorted.length < DENSE_FROM) return false;
  for (let k = 1; k < PROBE; k++) if (sorted[k] === sorted[k - 1]) return false;
  return true;
}

/**
 * scipy's terms array, for samples of mostly distinct values: the walk of cdfDistanceSum with each
 * merged value found once (the next value of one step is the value of the following step), every
 * term at its position and zeros inside runs, so numpySum gives the same sum. Both samples non-empty.
 */
function denseTerms(p: 1 | 2, u: Float64Array, v: Float64Array): Float64Array {
  const nu = u.length;
  const nv = v.length;
  const last = nu + nv - 1;
  const dense = new Float64Array(last);
  let i = 0;
  let j = 0;
  let a = u[0] <= v[0] ? u[0] : v[0];
  for (;;) {
    if (i < nu && u[i] === a) i = runEnd(u, i);
    if (j < nv && v[j] === a) j = runEnd(v, j);
    const k = i + j - 1;
    if (k >= last) return dense;
    const next = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
    const diff = i / nu - j / nv;
    dense[k] = (p === 1 ? Math.abs(diff) : diff * diff) * (next - a);
    a = next;
  }
}

/**
 * cdfDistanceSum for two samples given as runs (value, count): the same walk over the distinct
 * merged values with the same counts, so the same terms at the same positions and the same sum.
 */
export function cdfDistanceSumRuns(p: 1 | 2, u: NumericRuns, v: NumericRuns): number {
  let nu = 0;
  for (let r = 0; r < u.counts.length; r++) nu += u.counts[r];
  let nv = 0;
  for (let r = 0; r < v.counts.length; r++) nv += v.counts[r];
  const total = nu + nv;
  const ru = u.values.length;
  const rv = v.values.length;
  // One term per distinct merged value at most.
  const at = new Int32Array(Math.max(ru + rv, 1));
  const terms = new Float64Array(at.length);
  let count = 0;
  let a = 0; // runs of u passed
  let b = 0; // runs of v passed
  let i = 0; // values of u passed
  let j = 0;
  while (i + j < total) {
    const x = b >= rv || (a < ru && u.values[a] <= v.values[b]) ? u.values[a] : v.values[b];
    if (a < ru && u.values[a] === x) i += u.counts[a++];
    if (b < rv && v.values[b] === x) j += v.counts[b++];
    const k = i + j - 1;
    if (k >= total - 1) break;
    const next = b >= rv || (a < ru && u.values[a] <= v.values[b]) ? u.values[a] : v.values[b];
    const diff = i / nu - j / nv;
    at[count] = k;
    terms[count++] = (p === 1 ? Math.abs(diff) : diff * diff) * (next - x);
  }
  return numpySumSparse(Math.max(total - 1, 0), at, terms, count);
}
