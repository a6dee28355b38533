import { pooledGroups } from '../special/pooled';
import { normalSf } from '../special/tail_probabilities';
import type { NumericSide, StatTest, StatTestResult } from '../types';

/**
 * Mann-Whitney U rank test as Evidently calls it: scipy 1.10
 * `mannwhitneyu(reference, current, alternative='less')` with its defaults (use_continuity=True,
 * method='auto'). One-sided: small p means current tends to be larger than reference.
 *
 * U1 = (sum of the midranks of reference in the pooled sample) - n1(n1+1)/2, U2 = n1 n2 - U1.
 * p = P(U >= U2) under the null. Exact (distribution of U by counting, Mann & Whitney 1947) when
 * there are no ties and at least one side has 8 or fewer values; otherwise the normal approximation
 * z = (U2 - n1 n2 / 2 - 0.5) / s, s^2 = n1 n2 / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))) over tie
 * groups of size t, and p = P(Z > z).
 */
export const mannWhitneyTest: StatTest = {
  id: 'mannw',
  displayName: 'Mann-Whitney U-rank test',
  types: ['numerical'],
  defaultThreshold: 0.05,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'scipy.stats.mannwhitneyu(reference, current, alternative="less") (scipy 1.10 defaults)',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    return { score: mannWhitneyLessP(ref.sorted, cur.sorted) };
  },
};

export function mannWhitneyLessP(sortedX: Float64Array, sortedY: Float64Array): number {
  const n1 = sortedX.length;
  const n2 = sortedY.length;
  if (n1 === 0 || n2 === 0) return NaN;
  const groups = pooledGroups(sortedX, sortedY);
  let below = 0;
  let r1 = 0;
  let tieTerm = 0;
  for (let g = 0; g < groups.values.length; g++) {
    const t = groups.countA[g] + groups.countB[g];
    r1 += groups.countA[g] * (below + (t + 1) / 2);
    tieTerm += t * t * t - t;
    below += t;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const hasTies = tieTerm > 0;
  let p: number;
  if (!(n1 > 8 && n2 > 8) && !hasTies) {
    // scipy's exact survival function of U at U2 equals, by symmetry, P(U <= n1 n2 - U2) = P(U <= U1).
    p = exactUCdf(Math.round(u1), n1, n2);
  } else {
    const n = n1 + n2;
    const mu = (n1 * n2) / 2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u2 - mu - 0.5) / s; // continuity correction always moves towards the mean
    p = normalSf(z);
  }
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * P(U <= k) for the null distribution of U with sample sizes m and n. The number of orderings with
 * U = j is the number of partitions of j fitting in an m x n box, the coefficient of q^j in the
 * Gaussian binomial [m+n choose m]_q = prod_{i=1..s} (1 - q^(l+i)) / (1 - q^i), s = min(m, n),
 * l = max(m, n). Coefficients are built up to degree k only, one factor at a time.
 */
function exactUCdf(k: number, m: number, n: number): number {
  // The distribution is symmetric about mn/2; summing the shorter side halves the work.
  if (k > (m * n) / 2) return 1 - exactUCdf(m * n - k - 1, m, n);
  if (k < 0) return 0;
  const s = Math.min(m, n);
  const l = Math.max(m, n);
  const coeff = new Float64Array(k + 1);
  coeff[0] = 1;
  for (let i = 1; i <= s; i++) {
    // Multiply by (1 - q^(l+i)), then divide by (1 - q^i): after step i, coeff = [l+i choose i]_q.
    const up = l + i;
    for (let j = k; j >= up; j--) coeff[j] -= coeff[j - up];
    for (let j = i; j <= k; j++) coeff[j] += coeff[j - i];
  }
  let count = 0;
  for (let j = 0; j <= k; j++) count += coeff[j];
  let total = 1; // C(m+n, s)
  for (let i = 1; i <= s; i++) total = (total * (l + i)) / i;
  return count / total;
}
