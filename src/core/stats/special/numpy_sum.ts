/**
 * numpy's `np.sum` for a 1-D float64 array: pairwise summation (numpy/core/src/umath/loops_utils.h,
 * `pairwise_sum`). Short runs are added in order; runs up to 128 use eight interleaved partial sums;
 * longer runs are split in two at a multiple of 8. Matching the order keeps our scores bit-for-bit
 * equal to Evidently's wherever it sums an array with numpy, instead of off by rounding noise.
 */

const BLOCK = 128;

export function numpySum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let s = 0;
    for (let i = start; i < end; i++) s += values[i];
    return s;
  }
  if (n <= BLOCK) {
    // Eight running sums, combined as a balanced tree, then the leftover tail in order.
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = values[start + j];
    const full = start + (n - (n % 8));
    let i = start + 8;
    for (; i < full; i += 8) {
      for (let j = 0; j < 8; j++) r[j] += values[i + j];
    }
    let s = (r[0] + r[1] + (r[2] + r[3])) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < end; i++) s += values[i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySum(values, start, start + half) + numpySum(values, start + half, end);
}

/**
 * numpySum of the squared deviations (mean - x)^2, without the array numpy would make: the same
 * split points and the same order of additions, each term computed where numpy reads it.
 */
export function numpySumSquaredDeviations(values: ArrayLike<number>, mean: number, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let s = 0;
    for (let i = start; i < end; i++) s += (mean - values[i]) * (mean - values[i]);
    return s;
  }
  if (n <= BLOCK) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = (mean - values[start + j]) * (mean - values[start + j]);
    const full = start + (n - (n % 8));
    let i = start + 8;
    for (; i < full; i += 8) {
      for (let j = 0; j < 8; j++) r[j] += (mean - values[i + j]) * (mean - values[i + j]);
    }
    let s = (r[0] + r[1] + (r[2] + r[3])) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < end; i++) s += (mean - values[i]) * (mean - values[i]);
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySumSquaredDeviations(values, mean, start, start + half) + numpySumSquaredDeviations(values, mean, start + half, end);
}

/**
 * numpySum of an array of length n that is +0 everywhere except at the ascending positions
 * `at[0..count)`, which hold `terms` (none of them -0). Adding +0 changes no sum, so following
 * numpy's splits and lanes over the non-zero entries alone gives the same result bit for bit, in
 * O(count x log n) instead of O(n).
 */
export function numpySumSparse(n: number, at: Int32Array, terms: Float64Array, count: number): number {
  return sparseSum(at, terms, 0, count, 0, n);
}

function sparseSum(at: Int32Array, terms: Float64Array, lo: number, hi: number, start: number, end: number): number {
  if (lo === hi) return 0;
  const n = end - start;
  if (n < 8) {
    let s = 0;
    for (let k = lo; k < hi; k++) s += terms[k];
    return s;
  }
  if (n <= BLOCK) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    const full = start + (n - (n % 8));
    let k = lo;
    // Each lane takes its positions in order, as numpy's eight running sums do.
    for (; k < hi && at[k] < full; k++) r[(at[k] - start) & 7] += terms[k];
    let s = (r[0] + r[1] + (r[2] + r[3])) + (r[4] + r[5] + (r[6] + r[7]));
    for (; k < hi; k++) s += terms[k];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  const mid = start + half;
  // The first entry at or after mid.
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (at[m] < mid) a = m + 1;
    else b = m;
  }
  return sparseSum(at, terms, lo, a, start, mid) + sparseSum(at, terms, a, hi, mid, end);
}
