import { chi2Sf } from '../special/tail_probabilities';
import { StatTestInputError } from '../types';
import type { NumericSide, StatTest, StatTestResult } from '../types';

/** scipy's default evaluation points t = (0.4, 0.8), in units of the pooled semi-IQR. */
const T_POINTS = [0.4, 0.8];

/**
 * Epps-Singleton two-sample test on the empirical characteristic function
 * (scipy 1.10 `epps_singleton_2samp(reference, current)`, Epps & Singleton 1986).
 *
 * With sigma = IQR(pooled) / 2 and t_k = T_POINTS[k] / sigma, each value x becomes
 * g(x) = (cos t_1 x, cos t_2 x, sin t_1 x, sin t_2 x). With the biased covariance C_i of g over each
 * side and N = n1 + n2, W = N d' S^+ d, d = mean g(ref) - mean g(cur), S = (N/n1) C_1 + (N/n2) C_2,
 * S^+ its pseudo-inverse (singular values below 1e-15 of the largest are dropped, as numpy's pinv).
 * If max(n1, n2) < 25, W is multiplied by 1 / (1 + N^-0.45 + 10.1 (n1^-1.7 + n2^-1.7)).
 * p = P(chi2_r > W) with r the rank of S^+.
 *
 * With k <= 4 distinct pooled values S has rank k - 1 and its remaining singular values are
 * rounding noise near 1e-15 of the largest, right at numpy's cut-off: in about 1% of such columns
 * numpy keeps one and scipy's W is dominated by noise. Here those are always dropped, so the score is
 * scipy's whenever scipy's own noise stays under the cut-off.
 *
 * Input errors as in Evidently/scipy: pooled IQR of 0 (Evidently checks it first), fewer than five
 * values on a side.
 */
export const eppsSingletonTest: StatTest = {
  id: 'es',
  displayName: 'Epps-Singleton',
  types: ['numerical'],
  defaultThreshold: 0.05,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'scipy.stats.epps_singleton_2samp (t=(0.4, 0.8))',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    const nx = ref.values.length;
    const ny = cur.values.length;
    const pooled = pooledSorted(ref.sorted, cur.sorted);
    const iqr = percentileSorted(pooled, 75) - percentileSorted(pooled, 25); // scipy `iqr`
    if (iqr === 0) {
      throw new StatTestInputError(
        'Epps-Singleton: the interquartile range of the pooled data is 0 (Evidently raises here); ' +
          'the test needs more variability in the middle 50% of the values.',
      );
    }
    if (nx < 5 || ny < 5) {
      throw new StatTestInputError(
        `Epps-Singleton needs at least 5 values on each side (reference ${nx}, current ${ny}).`,
      );
    }
    const n = nx + ny;
    const sigma = iqr / 2;
    const ts = T_POINTS.map((t) => t / sigma);
    const gx = features(ref.values, ts);
    const gy = features(cur.values, ts);
    const dim = 2 * ts.length;
    const covX = biasedCovariance(gx, nx, dim);
    const covY = biasedCovariance(gy, ny, dim);
    const est: number[][] = [];
    for (let i = 0; i < dim; i++) {
      est.push([]);
      for (let j = 0; j < dim; j++) est[i].push((n / nx) * covX.cov[i][j] + (n / ny) * covY.cov[i][j]);
    }
    const { inverse, rank } = pseudoInverse(est, distinctCount(pooled) - 1);
    const diff = covX.mean.map((m, i) => m - covY.mean[i]);
    let w = 0;
    for (let i = 0; i < dim; i++) {
      let row = 0;
      for (let j = 0; j < dim; j++) row += inverse[i][j] * diff[j];
      w += diff[i] * row;
    }
    w *= n;
    if (Math.max(nx, ny) < 25) {
      const corr = 1.0 / (1.0 + n ** -0.45 + 10.1 * (nx ** -1.7 + ny ** -1.7));
      w *= corr;
    }
    const note = rank < dim ? 'estimated covariance matrix is not of full rank' : undefined;
    return note ? { score: chi2Sf(w, rank), note } : { score: chi2Sf(w, rank) };
  },
};

/** Both samples together, ascending. */
function pooledSorted(sortedA: Float64Array, sortedB: Float64Array): Float64Array {
  const pooled = new Float64Array(sortedA.length + sortedB.length);
  pooled.set(sortedA);
  pooled.set(sortedB, sortedA.length);
  return pooled.sort();
}

/** Number of distinct values in an ascending array. */
function distinctCount(sorted: Float64Array): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}

/** numpy `percentile(.., q)` with linear interpolation on a sorted array. */
function percentileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * (q / 100);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const frac = pos - lo;
  // numpy's lerp: a + (b - a) * t, switched to b - (b - a) * (1 - t) for t >= 0.5.
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
}

/** Rows (cos t_1 x, ..., cos t_k x, sin t_1 x, ..., sin t_k x), scipy's column order. */
function features(values: Float64Array, ts: readonly number[]): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let i = 0; i < values.length; i++) {
    const row = new Float64Array(2 * ts.length);
    for (let k = 0; k < ts.length; k++) {
      row[k] = Math.cos(ts[k] * values[i]);
      row[ts.length + k] = Math.sin(ts[k] * values[i]);
    }
    rows.push(row);
  }
  return rows;
}

/** Column means and the covariance divided by n (numpy `cov(.., bias=True)`). */
function biasedCovariance(rows: Float64Array[], n: number, dim: number): { mean: number[]; cov: number[][] } {
  const mean = new Array<number>(dim).fill(0);
  for (const row of rows) for (let j = 0; j < dim; j++) mean[j] += row[j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const cov: number[][] = [];
  for (let i = 0; i < dim; i++) cov.push(new Array<number>(dim).fill(0));
  for (const row of rows) {
    for (let i = 0; i < dim; i++) {
      const di = row[i] - mean[i];
      for (let j = i; j < dim; j++) cov[i][j] += di * (row[j] - mean[j]);
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      cov[i][j] /= n;
      cov[j][i] = cov[i][j];
    }
  }
  return { mean, cov };
}

/**
 * Moore-Penrose pseudo-inverse of a symmetric matrix via a cyclic Jacobi eigendecomposition; for a
 * symmetric matrix the singular values are |eigenvalues|, so this is numpy's SVD-based `pinv`
 * (cut-off 1e-15 x largest). The rank is counted as numpy's `matrix_rank` counts it on the result
 * (singular values above largest x size x machine epsilon).
 */
function pseudoInverse(matrix: number[][], maxRank: number): { inverse: number[][]; rank: number } {
  const dim = matrix.length;
  const a = matrix.map((row) => row.slice());
  const v: number[][] = [];
  for (let i = 0; i < dim; i++) {
    v.push(new Array<number>(dim).fill(0));
    v[i][i] = 1;
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += a[p][q] ** 2;
    if (off === 0) break;
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        if (a[p][q] === 0) continue;
        // Rotation that zeroes a[p][q] (Golub & Van Loan, symmetric Schur decomposition).
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < dim; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < dim; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < dim; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const eig = a.map((row, i) => row[i]);
  const largest = Math.max(...eig.map(Math.abs));
  const kept = eig.map((e) => Math.abs(e) > 1e-15 * largest);
  // With k distinct pooled values the matrix has rank at most k - 1; its other eigenvalues are pure
  // rounding noise, which numpy's SVD and this Jacobi sweep produce differently. Dropping them
  // gives the rank numpy finds whenever its noise stays under the 1e-15 cut-off.
  const order = eig.map((_, i) => i).sort((i, j) => Math.abs(eig[j]) - Math.abs(eig[i]));
  for (let r = Math.max(maxRank, 0); r < dim; r++) kept[order[r]] = false;
  const inverse: number[][] = [];
  for (let i = 0; i < dim; i++) inverse.push(new Array<number>(dim).fill(0));
  const invSingular: number[] = [];
  for (let e = 0; e < dim; e++) {
    if (!kept[e]) continue;
    invSingular.push(1 / Math.abs(eig[e]));
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) inverse[i][j] += (v[i][e] * v[j][e]) / eig[e];
    }
  }
  const top = invSingular.length > 0 ? Math.max(...invSingular) : 0;
  const rank = invSingular.filter((sv) => sv > top * dim * Number.EPSILON).length;
  return { inverse, rank };
}
