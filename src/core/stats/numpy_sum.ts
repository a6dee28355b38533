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
