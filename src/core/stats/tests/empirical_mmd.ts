/**
 * Empirical maximum mean discrepancy test with an RBF kernel, Evidently id `empirical_mmd`
 * (legacy/calculations/stattests/mmd_stattest.py).
 *
 * Pool reference x (n rows) and current y (m rows). Squared distances are computed as Evidently does,
 * d(a, b) = (b^2 - 2ab) + a^2. The kernel width sigma = sqrt(0.5 * median of d over all n^2
 * reference pairs), the median being numpy's percentile 50 with method "nearest" (sorted index
 * round-half-even((n^2 - 1) / 2)); sigma = sqrt(0.5) if that is 0. Kernel k = exp(-d / (2 sigma^2)),
 * with the diagonal of the pooled matrix set to 0. Statistic:
 *   MMD = sum(Kxx) / (n(n-1)) + sum(Kyy) / (m(m-1)) - 2 * mean(Kxy).
 * Score = p-value = share of 100 random relabellings of the pooled rows (same n and m) whose MMD is
 * >= the observed one. Drift when p < threshold (0.1).
 *
 * Departures, both deliberate:
 * - Evidently draws the 100 permutations from numpy's unseeded global generator, so its p-value
 *   changes from run to run and cannot be reproduced. Here the permutations come from numpy's legacy
 *   generator seeded with 0 (numpy_random.ts, `np.random.seed(0)` followed by `permutation(n + m)`
 *   100 times), which makes the result deterministic and equal to Evidently's code run after
 *   `np.random.seed(0)`. The MMD statistic itself is Evidently's exactly.
 * - A relabelling whose MMD equals the observed one up to rounding (1e-12 relative) counts as >=.
 *   Evidently compares raw floats summed in a different order, so such exact ties (common with
 *   repeated values) fall either way there.
 * The pooled kernel matrix has (n+m)^2 entries, as in Evidently; above MAX_POOLED_ROWS pooled rows the
 * test refuses (StatTestInputError) rather than allocate gigabytes. Time is O(100 (n+m) min(n, m)).
 */
import type { NumericSide, StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { LegacyRandomState } from '../special/numpy_random';

export const MAX_POOLED_ROWS = 5000;
const PERMUTATIONS = 100;
const SEED = 0;
const TIE_TOLERANCE = 1e-12;

/** Evidently's squared distance between a (row side) and b (column side), in its rounding order. */
function sqDist(a: number, b: number): number {
  return b * b - 2 * (a * b) + a * a;
}

/** k-th smallest value (0-based); reorders `a`. Quickselect with a median-of-three pivot. */
function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** numpy round-half-to-even of a non-negative number. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const frac = v - f;
  if (frac > 0.5) return f + 1;
  if (frac < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** sqrt(0.5 * median pairwise squared distance within the reference), Evidently's sigma_median. */
function medianSigma(x: Float64Array): number {
  const n = x.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[i * n + j] = sqDist(x[i], x[j]);
  }
  const median = selectKth(d, roundHalfEven((d.length - 1) * 0.5));
  const sigma = Math.sqrt(0.5 * median);
  return sigma === 0 ? Math.sqrt(0.5 * 1) : sigma;
}

/**
 * Pooled kernel matrix, row-major, zero diagonal. The cross block below the diagonal is the
 * transpose of the block above it, as Evidently builds it with kxy.T.
 */
function pooledKernel(z: Float64Array, n: number, gamma: number): Float64Array {
  const size = z.length;
  const k = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    const row = a * size;
    for (let b = 0; b < size; b++) {
      if (a === b) continue;
      const d = a >= n && b < n ? sqDist(z[b], z[a]) : sqDist(z[a], z[b]);
      k[row + b] = Math.exp(-gamma * d);
    }
  }
  return k;
}

/**
 * MMD for the split where `inX[row]` marks the rows labelled reference. Only the columns of the
 * smaller side are read: with each row's total known, the other side's block follows by
 * subtraction, and the cross block is read from whichever half is cheaper (it is symmetric, since
 * Evidently fills the lower cross block with kxy.T). Cost O((n+m) * min(n, m)) per split.
 */
function mmdForSplit(
  k: Float64Array,
  rowTotal: Float64Array,
  inX: Uint8Array,
  n: number,
  m: number,
  cols: Int32Array,
): number {
  const size = n + m;
  const readX = n <= m;
  const want = readX ? 1 : 0;
  let c = 0;
  for (let b = 0; b < size; b++) if (inX[b] === want) cols[c++] = b;
  let sumXX = 0;
  let sumYY = 0;
  let sumCross = 0;
  for (let a = 0; a < size; a++) {
    const row = a * size;
    let part = 0;
    for (let q = 0; q < c; q++) part += k[row + cols[q]];
    if (inX[a] === want) {
      if (readX) sumXX += part;
      else sumYY += part;
    } else {
      sumCross += part;
      if (readX) sumYY += rowTotal[a] - part;
      else sumXX += rowTotal[a] - part;
    }
  }
  // Same operation order as Evidently: A * sum + B * sum - 2 * mean.
  const aCoef = 1 / (n * (n - 1));
  const bCoef = 1 / (m * (m - 1));
  return aCoef * sumXX + bCoef * sumYY - 2.0 * (sumCross / (n * m));
}

export interface MmdResult {
  readonly mmd: number;
  readonly pValue: number;
  readonly sigma: number;
}

export function empiricalMmd(x: Float64Array, y: Float64Array): MmdResult {
  const n = x.length;
  const m = y.length;
  if (n < 2 || m < 2) {
    throw new StatTestInputError('empirical_mmd needs at least 2 values on each side');
  }
  const size = n + m;
  if (size > MAX_POOLED_ROWS) {
    throw new StatTestInputError(
      `empirical_mmd builds a (n_ref + n_cur)^2 kernel matrix; ${size} rows exceed the limit of ` +
        `${MAX_POOLED_ROWS}. Sample the data or choose another test.`,
    );
  }
  let maxAbs = 0;
  for (const v of x) maxAbs = Math.max(maxAbs, Math.abs(v));
  for (const v of y) maxAbs = Math.max(maxAbs, Math.abs(v));
  if (!Number.isFinite(maxAbs * maxAbs)) {
    // Squares overflow: numpy would fill the kernel with NaN and report p = 0 (drift).
    throw new StatTestInputError('empirical_mmd: values too large to square in double precision');
  }
  const sigma = medianSigma(x);
  const gamma = 1.0 / (2.0 * (sigma * sigma));
  const z = new Float64Array(size);
  z.set(x, 0);
  z.set(y, n);
  const k = pooledKernel(z, n, gamma);

  const rowTotal = new Float64Array(size);
  for (let a = 0; a < size; a++) {
    let t = 0;
    for (let b = a * size, end = b + size; b < end; b++) t += k[b];
    rowTotal[a] = t;
  }
  const cols = new Int32Array(size);
  const inX = new Uint8Array(size);
  inX.fill(1, 0, n);
  const mmd = mmdForSplit(k, rowTotal, inX, n, m, cols);

  const rng = new LegacyRandomState(SEED);
  const floor = mmd - TIE_TOLERANCE * Math.max(Math.abs(mmd), 1);
  let atLeast = 0;
  for (let it = 0; it < PERMUTATIONS; it++) {
    // Permuted position p < n means the row idx[p] is relabelled reference.
    const idx = rng.permutation(size);
    inX.fill(0);
    for (let p = 0; p < n; p++) inX[idx[p]] = 1;
    if (mmdForSplit(k, rowTotal, inX, n, m, cols) >= floor) atLeast++;
  }
  return { mmd, pValue: atLeast / PERMUTATIONS, sigma };
}

export const empiricalMmdTest: StatTest = {
  id: 'empirical_mmd',
  displayName: 'empirical_mmd',
  types: ['numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis:
    'RBF-kernel MMD permutation test (Gretton et al. 2012) as in Evidently mmd_stattest.py; ' +
    '100 permutations from numpy seed 0 instead of unseeded',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    const r = empiricalMmd(ref.values, cur.values);
    return {
      score: r.pValue,
      note:
        `MMD ${r.mmd.toPrecision(6)}; p from 100 permutations with numpy seed 0 ` +
        '(Evidently leaves them unseeded, so its p-value varies between runs)',
    };
  },
};
