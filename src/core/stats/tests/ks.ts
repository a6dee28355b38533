import { kstwoSf, probOutsideBand, probOutsideSquare } from '../special/kolmogorov';
import { gcd, roundHalfEven } from '../special/numeric';
import { pooledGroups } from '../special/pooled';
import type { NumericSide, StatTest, StatTestResult } from '../types';

/** scipy's `MAX_AUTO_N`: up to this many rows per side the exact distribution is used. */
const MAX_EXACT_N = 10000;

/**
 * Two-sample Kolmogorov-Smirnov test, two-sided (scipy 1.10 `ks_2samp(ref, cur)`, method 'auto').
 *
 * Statistic: D = the largest absolute gap between the two empirical CDFs, evaluated at every pooled
 * value. p-value: if both samples have at most 10000 values, the exact probability that two samples
 * of these sizes from one continuous distribution give a gap >= D (lattice-path counting, with D
 * snapped to a multiple of 1/lcm(n1, n2)); if that computation fails to give a probability, or a side
 * is larger, the one-sample two-sided distribution `kstwo.sf(D, round(n1 n2 / (n1 + n2)))`.
 */
export const ksTest: StatTest = {
  id: 'ks',
  displayName: 'K-S p_value',
  types: ['numerical'],
  defaultThreshold: 0.05,
  driftWhen: 'le',
  scoreKind: 'p_value',
  basis: 'scipy.stats.ks_2samp (two-sided, method="auto", scipy 1.10)',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    return { score: ksTwoSampleP(ref.sorted, cur.sorted) };
  },
};

/** The K-S statistic: max |F1(x) - F2(x)| over pooled values (F counts values <= x). */
export function ksStatistic(sorted1: Float64Array, sorted2: Float64Array): number {
  const n1 = sorted1.length;
  const n2 = sorted2.length;
  const groups = pooledGroups(sorted1, sorted2);
  let c1 = 0;
  let c2 = 0;
  let maxS = 0;
  let minS = 0;
  for (let g = 0; g < groups.values.length; g++) {
    c1 += groups.countA[g];
    c2 += groups.countB[g];
    // Same operations as numpy: each CDF as count / n, then the difference.
    const diff = c1 / n1 - c2 / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  return Math.max(maxS, Math.min(-minS, 1));
}

export function ksTwoSampleP(sorted1: Float64Array, sorted2: Float64Array): number {
  const n1 = sorted1.length;
  const n2 = sorted2.length;
  if (n1 === 0 || n2 === 0) return NaN;
  let d = ksStatistic(sorted1, sorted2);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    // D is a multiple of 1/lcm; snap it so rounding noise cannot shift the lattice boundary.
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return 1;
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (prob >= 0 && prob <= 1) return prob;
    // scipy falls back to the asymptotic distribution (keeping the snapped D) when the exact
    // computation does not yield a probability.
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const p = kstwoSf(roundHalfEven(en), d);
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
