/**
 * scipy.stats._stats_py._cdf_distance (scipy 1.10) for unweighted samples: the distance between the
 * two empirical CDFs, integrated over the merged sorted sample. Between consecutive merged values
 * a and b both CDFs are flat, so the integral is the sum of |F_u(a) - F_v(a)|^p * (b - a), with
 * F(a) = (number of values <= a) / n. p = 1 is the Wasserstein-1 distance; sqrt(2) times the p = 2
 * result is the energy distance. Runs in O(n) on already sorted inputs (scipy sorts: O(n log n)).
 */
import { numpySum } from './numpy_sum';

function mergeSorted(u: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(u.length + v.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < u.length && j < v.length) out[k++] = u[i] <= v[j] ? u[i++] : v[j++];
  while (i < u.length) out[k++] = u[i++];
  while (j < v.length) out[k++] = v[j++];
  return out;
}

/** Returns the sum before scipy's final 1/p power (scipy applies sqrt for p = 2). */
export function cdfDistanceSum(p: 1 | 2, uSorted: Float64Array, vSorted: Float64Array): number {
  const all = mergeSorted(uSorted, vSorted);
  const terms = new Float64Array(Math.max(all.length - 1, 0));
  let i = 0;
  let j = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const a = all[k];
    // searchsorted(..., 'right'): count every value <= a, ties included.
    while (i < uSorted.length && uSorted[i] <= a) i++;
    while (j < vSorted.length && vSorted[j] <= a) j++;
    const diff = i / uSorted.length - j / vSorted.length;
    const delta = all[k + 1] - a;
    terms[k] = (p === 1 ? Math.abs(diff) : diff * diff) * delta;
  }
  return numpySum(terms);
}
