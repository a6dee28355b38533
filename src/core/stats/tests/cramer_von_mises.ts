import gammaln = require('@stdlib/math-base-special-gammaln');
import { besselKScaled } from '../special/bessel_k';
import { gcd } from '../special/numeric';
import { pooledGroups } from '../special/pooled';
import { StatTestInputError } from '../types';
import type { NumericSide, StatTest, StatTestResult } from '../types';

/** Up to this many values on the larger side Evidently (like scipy) uses the exact distribution. */
const MAX_EXACT_N = 20;

/**
 * Two-sample Cramer-von Mises test, Evidently's copy of scipy's `cramervonmises_2samp`
 * (legacy/calculations/stattests/cramer_von_mises_stattest.py, method 'auto').
 *
 * With midranks r of the pooled data, U = n1 * sum_i (r_i - i)^2 + n2 * sum_j (s_j - j)^2 over each
 * sorted sample (Anderson 1962, eq. 10) and T = U / (n1 n2 N) - (4 n1 n2 - 1) / (6 N), N = n1 + n2.
 * p-value: if max(n1, n2) <= 20, the exact share of all C(N, n1) rank assignments with a statistic
 * at least U (Xiao, Gordon & Yakovlev 2006); otherwise T is standardised with its exact mean and
 * variance and compared with the limiting one-sample distribution (Csorgo & Faraway 1996, eq. 1.2),
 * p = max(0, 1 - cdf). When the standardised statistic is below 0.003 the cdf is below 1.3e-18 and
 * p is 1.
 */
export const cramerVonMisesTest: StatTest = {
  id: 'cramer_von_mises',
  displayName: 'Cramer-von Mises',
  types: ['numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'le',
  scoreKind: 'p_value',
  basis: "Evidently's copy of scipy.stats.cramervonmises_2samp (method='auto')",
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    return { score: cvmTwoSampleP(ref.sorted, cur.sorted) };
  },
};

export function cvmTwoSampleP(sortedX: Float64Array, sortedY: Float64Array): number {
  const nx = sortedX.length;
  const ny = sortedY.length;
  if (nx <= 1 || ny <= 1) {
    throw new StatTestInputError(
      `Cramer-von Mises needs at least two values on each side (reference ${nx}, current ${ny}).`,
    );
  }
  const u = cvmU(sortedX, sortedY);
  if (Math.max(nx, ny) <= MAX_EXACT_N) return cvmExactP(u, nx, ny);

  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  const et = (1 + 1 / N) / 6;
  let vt = (N + 1.0) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k);
  vt = vt / (45 * N * N * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  if (tn < 0.003) return 1;
  return Math.max(0, 1 - cvmLimitCdf(tn));
}

/** U of Anderson (1962) from the midranks of each sorted sample inside the pooled sample. */
function cvmU(sortedX: Float64Array, sortedY: Float64Array): number {
  const groups = pooledGroups(sortedX, sortedY);
  let below = 0; // pooled values smaller than the current group
  let ix = 0; // 1-based position inside sample x of the next x value
  let iy = 0;
  let sx = 0;
  let sy = 0;
  for (let g = 0; g < groups.values.length; g++) {
    const cx = groups.countA[g];
    const cy = groups.countB[g];
    const midrank = below + (cx + cy + 1) / 2; // scipy rankdata(method='average')
    for (let c = 0; c < cx; c++) {
      ix++;
      sx += (midrank - ix) ** 2;
    }
    for (let c = 0; c < cy; c++) {
      iy++;
      sy += (midrank - iy) ** 2;
    }
    below += cx + cy;
  }
  return sortedX.length * sx + sortedY.length * sy;
}

/**
 * Exact p-value P(U' >= U) by Xiao, Gordon & Yakovlev's Algorithm 1: walk the (n+1) x (m+1) grid of
 * merged orderings; at cell (u, v) keep the frequency table of the partial sums of (a v - b u)^2,
 * a = lcm/m, b = lcm/n, over all paths reaching it. The integer statistic zeta at the last cell
 * corresponds to U through Anderson's eq. 9 (T_2 of the paper).
 */
function cvmExactP(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm ** 2 * (m + n) * (6 * s - mn * (4 * mn - 1))) / (6 * mn ** 2));

  // gs[v]: frequency table of the cell (u, v) for the current u, as ascending values with counts.
  let gs: FrequencyTable[] = [{ values: Float64Array.of(0), counts: Float64Array.of(1) }];
  for (let v = 1; v <= m; v++) gs.push(EMPTY);
  for (let u = 0; u <= n; u++) {
    const next: FrequencyTable[] = [];
    let tmp = EMPTY;
    for (let v = 0; v <= m; v++) {
      // Paths into (u, v) come from (u, v-1) (tmp, this row) and from (u-1, v) (gs[v], last row).
      tmp = mergeShifted(tmp, gs[v], (a * v - b * u) ** 2);
      next.push(tmp);
    }
    gs = next;
  }
  const last = gs[m];
  let hits = 0;
  for (let i = 0; i < last.values.length; i++) if (last.values[i] >= zeta) hits += last.counts[i];
  return hits / binomial(m + n, m);
}

interface FrequencyTable {
  readonly values: Float64Array;
  readonly counts: Float64Array;
}

const EMPTY: FrequencyTable = { values: new Float64Array(0), counts: new Float64Array(0) };

/** Union of two ascending frequency tables (counts of equal values added), every value + shift. */
function mergeShifted(p: FrequencyTable, q: FrequencyTable, shift: number): FrequencyTable {
  const values = new Float64Array(p.values.length + q.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < p.values.length || j < q.values.length) {
    const pv = i < p.values.length ? p.values[i] : Infinity;
    const qv = j < q.values.length ? q.values[j] : Infinity;
    if (pv === qv) {
      values[k] = pv + shift;
      counts[k++] = p.counts[i++] + q.counts[j++];
    } else if (pv < qv) {
      values[k] = pv + shift;
      counts[k++] = p.counts[i++];
    } else {
      values[k] = qv + shift;
      counts[k++] = q.counts[j++];
    }
  }
  return { values: values.subarray(0, k), counts: counts.subarray(0, k) };
}

/** C(N, k) as a float, exact for the sizes used here (N <= 40). */
function binomial(N: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (N - k + i)) / i;
  return Math.round(r);
}

/**
 * CDF of the limiting Cramer-von Mises distribution (Csorgo & Faraway 1996, eq. 1.2/1.3):
 * sum_k Gamma(k+1/2) / (Gamma(k+1) pi^1.5 sqrt(x)) sqrt(4k+1) exp(-q) K_{1/4}(q), q = (4k+1)^2/(16x),
 * adding terms until one is below 1e-7 in absolute value (Evidently's and scipy's stopping rule).
 */
export function cvmLimitCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    // exp(-q) K(q) = exp(-2q) (e^q K(q)); the scaled Bessel value never underflows.
    const term = u * Math.sqrt(y) * Math.exp(-2 * q) * besselKScaled(0.25, q);
    total += term;
    if (Math.abs(term) < 1e-7) break;
  }
  return total;
}
