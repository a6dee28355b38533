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

/**
 * numpySum of the array that holds terms[r] counts[r] times, for r in order (a column profile's
 * (value, count) pairs, or a term computed once per distinct value), without that array. numpy's
 * splits depend only on positions: a part that lies inside one run sums `length` copies of one
 * term, which depends only on the length (kept per run: each level of the splits has at most two
 * lengths); a block of at most 128 that straddles runs is copied out and summed as numpy would.
 */
export function numpySumRuns(terms: Float64Array, counts: Float64Array): number {
  const exact = exactIntegerSum(terms, counts);
  if (exact !== undefined) return exact;
  const ends = new Float64Array(counts.length);
  let n = 0;
  for (let r = 0; r < counts.length; r++) ends[r] = n += counts[r];
  const block = new Float64Array(BLOCK);
  let memoRun = -1;
  const memo = new Map<number, number>();
  /** numpySum of `length` copies of terms[r]. */
  const uniform = (r: number, length: number): number => {
    if (r !== memoRun) {
      memo.clear();
      memoRun = r;
    }
    let s = memo.get(length);
    if (s !== undefined) return s;
    if (length <= BLOCK) {
      s = numpySumOfCopies(terms[r], length);
    } else {
      let half = Math.floor(length / 2);
      half -= half % 8;
      s = uniform(r, half) + uniform(r, length - half);
    }
    memo.set(length, s);
    return s;
  };
  /** numpySum over positions [start, end); run r holds position start. */
  const part = (start: number, end: number, r: number): number => {
    if (ends[r] >= end) return uniform(r, end - start);
    const length = end - start;
    if (length <= BLOCK) {
      for (let p = start, q = r; p < end; q++) {
        const to = Math.min(ends[q], end);
        block.fill(terms[q], p - start, to - start);
        p = to;
      }
      return numpySum(block, 0, length);
    }
    let half = Math.floor(length / 2);
    half -= half % 8;
    const mid = start + half;
    // The run holding mid: the first whose end is past it.
    let lo = r;
    let hi = ends.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (ends[m] <= mid) lo = m + 1;
      else hi = m;
    }
    return part(start, mid, r) + part(mid, end, lo);
  };
  if (n === 0) return 0;
  let first = 0;
  while (counts[first] === 0) first++;
  return part(0, n, first);
}

/**
 * The sum of terms[r] x counts[r] when every term is an integer and the absolute total is below
 * 2^53: every partial sum is then an exact integer, so any order of additions (numpy's pairwise
 * one, a compensated one) gives this exact total. Undefined otherwise. Integer columns (delays,
 * distances) take this one pass over their runs instead of replaying the additions.
 */
export function exactIntegerSum(terms: Float64Array, counts: Float64Array): number | undefined {
  let bound = 0;
  let sum = 0;
  for (let r = 0; r < terms.length; r++) {
    const t = terms[r];
    if (!Number.isInteger(t)) return undefined;
    // Each product and partial sum is exact while the bound stays below 2^53 (a rounded bound
    // past it is still >= 2^53, so the test cannot pass wrongly).
    bound += Math.abs(t) * counts[r];
    sum += t * counts[r];
  }
  return bound < 2 ** 53 ? sum : undefined;
}

/**
 * numpySum of `length` (at most 128) copies of t, with numpySum's additions but without the
 * array: below 8 in order; otherwise eight equal lanes, each t plus t again once per further group
 * of eight, combined as numpySum's tree combines them (equal lanes: a = r + r, then (a + a) + (a + a)),
 * then the tail in order. About 25 additions instead of 128 reads.
 */
function numpySumOfCopies(t: number, length: number): number {
  if (length < 8) {
    let s = 0;
    for (let i = 0; i < length; i++) s += t;
    return s;
  }
  const full = length - (length % 8);
  let lane = t;
  for (let i = 8; i < full; i += 8) lane += t;
  const a = lane + lane;
  let s = a + a + (a + a);
  for (let i = full; i < length; i++) s += t;
  return s;
}
