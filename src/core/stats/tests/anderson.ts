import { pooledGroups } from '../special/pooled';
import { StatTestInputError } from '../types';
import type { NumericSide, StatTest, StatTestResult } from '../types';

/** Significance levels of Scholz & Stephens' table that scipy interpolates between. */
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/** Critical values for k = 2 samples (m = k - 1 = 1): b0 + b1/sqrt(m) + b2/m. */
const CRITICAL = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(1) + B2[i] / 1);

/** Least-squares quadratic through (critical value, log significance), like `np.polyfit(.., 2)`. */
const LOG_SIG_FIT = fitQuadratic(CRITICAL, SIG.map(Math.log));

/**
 * k-sample Anderson-Darling test for k = 2 (scipy 1.10 `anderson_ksamp([ref, cur])`, midrank=True),
 * Scholz & Stephens (1987).
 *
 * A2akN = (N-1)/N sum_i 1/n_i sum_j l_j/N (N M_ij - n_i B_j)^2 / (B_j (N - B_j) - N l_j / 4) over
 * the distinct pooled values z_j with multiplicity l_j, B_j = #(pooled < z_j) + l_j/2 and
 * M_ij = #(sample i < z_j) + #(sample i = z_j)/2. It is standardised with its exact null variance,
 * A2 = (A2akN - 1) / sigma. The significance level is exp of a quadratic fitted to the log of the
 * table's levels at their critical values, evaluated at A2, and capped to [0.001, 0.25] outside the
 * table (scipy warns "p-value capped/floored"; here the note says so).
 */
export const andersonTest: StatTest = {
  id: 'anderson',
  displayName: 'Anderson-Darling',
  types: ['numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'scipy.stats.anderson_ksamp([reference, current], midrank=True).significance_level',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    const a2 = andersonKSampStatistic([ref.sorted, cur.sorted]);
    const criticalMin = Math.min(...CRITICAL);
    const criticalMax = Math.max(...CRITICAL);
    if (a2 < criticalMin) {
      return { score: 0.25, note: 'p-value capped at 0.25: the true value is larger' };
    }
    if (a2 > criticalMax) {
      return { score: 0.001, note: 'p-value floored at 0.001: the true value is smaller' };
    }
    const [c2, c1, c0] = LOG_SIG_FIT;
    return { score: Math.exp((c2 * a2 + c1) * a2 + c0) };
  },
};

/** Standardised two-sample statistic A2 (the `statistic` of scipy's result). */
export function andersonKSampStatistic(samples: [Float64Array, Float64Array]): number {
  const [x, y] = samples;
  const k = 2;
  const n = [x.length, y.length];
  const N = n[0] + n[1];
  if (n[0] === 0 || n[1] === 0) {
    throw new StatTestInputError('Anderson-Darling needs values on both sides.');
  }
  if (N < 3) {
    // scipy's variance formula indexes a harmonic sum that is empty for N = 2 and fails.
    throw new StatTestInputError('Anderson-Darling needs at least three values in total.');
  }
  const groups = pooledGroups(x, y);
  if (groups.values.length < 2) {
    // scipy raises "anderson_ksamp needs more than one distinct observation".
    throw new StatTestInputError('Anderson-Darling needs more than one distinct value in the pooled data.');
  }
  const counts = [groups.countA, groups.countB];
  let a2akN = 0;
  for (let i = 0; i < k; i++) {
    let below = 0; // pooled values smaller than z_j
    let belowI = 0; // sample i values smaller than z_j
    let inner = 0;
    for (let j = 0; j < groups.values.length; j++) {
      const lj = groups.countA[j] + groups.countB[j];
      const fij = counts[i][j];
      const bj = below + lj / 2;
      const mij = belowI + fij / 2;
      inner += ((lj / N) * (N * mij - bj * n[i]) ** 2) / (bj * (N - bj) - (N * lj) / 4);
      below += lj;
      belowI += fij;
    }
    a2akN += inner / n[i];
  }
  a2akN *= (N - 1) / N;

  const H = 1 / n[0] + 1 / n[1];
  // hs_cs[i] = sum_{j=N-1-i}^{N-1} 1/j for i = 0 .. N-3; h = sum_{j=1}^{N-1} 1/j.
  let hsCs = 0;
  let g = 0;
  for (let i = 0; i < N - 2; i++) {
    hsCs += 1 / (N - 1 - i);
    g += hsCs / (i + 2);
  }
  const h = hsCs + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  return (a2akN - m) / Math.sqrt(sigmasq);
}

/**
 * Least-squares fit y ~ c2 x^2 + c1 x + c0 (returns [c2, c1, c0], numpy's order), solved by
 * Householder QR on the Vandermonde matrix for accuracy (numpy uses an SVD; the solution is the same
 * unique least-squares fit).
 */
function fitQuadratic(xs: readonly number[], ys: readonly number[]): [number, number, number] {
  const rows = xs.length;
  const A = xs.map((x) => [x * x, x, 1]);
  const b = ys.slice();
  for (let col = 0; col < 3; col++) {
    let norm = 0;
    for (let r = col; r < rows; r++) norm += A[r][col] ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[col][col] > 0 ? -norm : norm;
    const v: number[] = new Array<number>(rows).fill(0);
    for (let r = col; r < rows; r++) v[r] = A[r][col];
    v[col] -= alpha;
    let vv = 0;
    for (let r = col; r < rows; r++) vv += v[r] * v[r];
    if (vv === 0) continue;
    for (let cc = col; cc < 3; cc++) {
      let dot = 0;
      for (let r = col; r < rows; r++) dot += v[r] * A[r][cc];
      for (let r = col; r < rows; r++) A[r][cc] -= (2 * dot * v[r]) / vv;
    }
    let dotB = 0;
    for (let r = col; r < rows; r++) dotB += v[r] * b[r];
    for (let r = col; r < rows; r++) b[r] -= (2 * dotB * v[r]) / vv;
  }
  const coef = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = b[r];
    for (let cc = r + 1; cc < 3; cc++) s -= A[r][cc] * coef[cc];
    coef[r] = s / A[r][r];
  }
  return [coef[0], coef[1], coef[2]];
}
