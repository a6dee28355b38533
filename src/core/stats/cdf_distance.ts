/**
 * scipy.stats._stats_py._cdf_distance (scipy 1.10) for unweighted samples: the distance between the
 * two empirical CDFs, integrated over the merged sorted sample. Between consecutive merged values
 * a and b both CDFs are flat, so the integral is the sum of |F_u(a) - F_v(a)|^p * (b - a), with
 * F(a) = (number of values <= a) / n. p = 1 is the Wasserstein-1 distance; sqrt(2) times the p = 2
 * result is the energy distance. Runs in O(n) on already sorted inputs (scipy sorts: O(n log n)).
 */
import { numpySum } from './numpy_sum';

/** Returns the sum before scipy's final 1/p power (scipy applies sqrt for p = 2). */
export function cdfDistanceSum(p: 1 | 2, uSorted: Float64Array, vSorted: Float64Array): number {
  const nu = uSorted.length;
  const nv = vSorted.length;
  const total = nu + nv;
  // One term per gap of the merged sample, summed pairwise as numpy does: the positions matter, so
  // the array keeps them. A run of m equal values gives m - 1 zero terms (zero width), which the
  // fresh array already holds; only the run's last gap is computed. No merged copy is made.
  const terms = new Float64Array(Math.max(total - 1, 0));
  let i = 0;
  let j = 0;
  while (i + j < total) {
    const a = j >= nv || (i < nu && uSorted[i] <= vSorted[j]) ? uSorted[i] : vSorted[j];
    // searchsorted(..., 'right'): count every value <= a, ties included.
    while (i < nu && uSorted[i] <= a) i++;
    while (j < nv && vSorted[j] <= a) j++;
    const k = i + j - 1;
    if (k >= total - 1) break;
    const next = j >= nv || (i < nu && uSorted[i] <= vSorted[j]) ? uSorted[i] : vSorted[j];
    const diff = i / nu - j / nv;
    terms[k] = (p === 1 ? Math.abs(diff) : diff * diff) * (next - a);
  }
  return numpySum(terms);
}
