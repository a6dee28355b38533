/**
 * Jensen-Shannon distance, Evidently id `jensenshannon` (legacy/calculations/stattests/jensenshannon.py).
 *
 * Bin both samples with Evidently's get_binned_data (see binning.ts; no zero filling), then
 * scipy.spatial.distance.jensenshannon(p_ref, p_cur) with the natural log: renormalise p and q,
 * m = (p+q)/2, score = sqrt((KL(p||m) + KL(q||m)) / 2). It ranges from 0 to sqrt(ln 2) ~ 0.8326.
 * Drift when score >= threshold (0.1).
 */
import type { CategoricalPair, NumericSide, StatTest, StatTestOptions, StatTestResult } from '../types';
import { binCategorical, binNumerical } from '../binning';
import { numpySum } from '../special/numpy_sum';
import { normalise, relEntr } from '../special/rel_entr';

/**
 * scipy's jensenshannon(p, q) with natural log. A divergence that rounds below zero (identical
 * inputs) gives 0 here; scipy would return NaN from sqrt, which Evidently also reads as no drift.
 */
export function jensenShannonDistance(pIn: Float64Array, qIn: Float64Array): number {
  const p = normalise(pIn, numpySum(pIn));
  const q = normalise(qIn, numpySum(qIn));
  const left = new Float64Array(p.length);
  const right = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2.0;
    left[i] = relEntr(p[i], m);
    right[i] = relEntr(q[i], m);
  }
  const js = numpySum(left) + numpySum(right);
  return Math.sqrt(Math.max(js / 2.0, 0));
}

export const jensenShannonTest: StatTest = {
  id: 'jensenshannon',
  displayName: 'Jensen-Shannon distance',
  types: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis: 'scipy.spatial.distance.jensenshannon (natural log) on Evidently get_binned_data shares',
  numerical(ref: NumericSide, cur: NumericSide, options: StatTestOptions): StatTestResult {
    const b = binNumerical(ref, cur, options);
    return { score: jensenShannonDistance(b.ref, b.cur) };
  },
  categorical(pair: CategoricalPair): StatTestResult {
    const b = binCategorical(pair);
    return { score: jensenShannonDistance(b.ref, b.cur) };
  },
};
