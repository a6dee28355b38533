/**
 * Kullback-Leibler divergence, Evidently id `kl_div` (legacy/calculations/stattests/kl_div.py).
 *
 * Bin both samples with Evidently's get_binned_data and its zero filling (see binning.ts), then
 * scipy.stats.entropy(r, c): renormalise both arrays to sum to 1 and score = sum r * ln(r / c),
 * the divergence of reference from current, in nats. Drift when score >= threshold (0.1).
 */
import type { CategoricalPair, NumericSide, StatTest, StatTestOptions, StatTestResult } from '../types';
import type { BinnedShares } from '../binning';
import { binCategorical, binNumerical, fillZeros } from '../binning';
import { numpySum } from '../special/numpy_sum';
import { normalise, relEntr } from '../special/rel_entr';

function klDivergence(b: BinnedShares): number {
  const rFilled = fillZeros(b.ref);
  const cFilled = fillZeros(b.cur);
  const r = normalise(rFilled, numpySum(rFilled));
  const c = normalise(cFilled, numpySum(cFilled));
  const terms = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) terms[i] = relEntr(r[i], c[i]);
  return numpySum(terms);
}

export const klDivTest: StatTest = {
  id: 'kl_div',
  displayName: 'Kullback-Leibler divergence',
  types: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis: 'scipy.stats.entropy(reference shares, current shares) on Evidently get_binned_data with zero filling',
  numerical(ref: NumericSide, cur: NumericSide, options: StatTestOptions): StatTestResult {
    return { score: klDivergence(binNumerical(ref, cur, options)) };
  },
  categorical(pair: CategoricalPair): StatTestResult {
    return { score: klDivergence(binCategorical(pair)) };
  },
};
