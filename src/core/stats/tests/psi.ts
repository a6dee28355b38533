/**
 * Population Stability Index, Evidently id `psi` (legacy/calculations/stattests/psi.py).
 *
 * Bin both samples with Evidently's get_binned_data and its zero filling (see binning.ts), then
 * score = sum over bins of (r - c) * ln(r / c), with r and c the reference and current shares as
 * they are (not renormalised after filling). Drift when score >= threshold (0.1).
 */
import type { CategoricalPair, NumericSide, StatTest, StatTestOptions, StatTestResult } from '../types';
import type { BinnedShares } from '../binning';
import { binCategorical, binNumerical, fillZeros } from '../binning';
import { numpySum } from '../special/numpy_sum';

function psi(b: BinnedShares): number {
  const r = fillZeros(b.ref);
  const c = fillZeros(b.cur);
  const terms = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) terms[i] = (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return numpySum(terms);
}

export const psiTest: StatTest = {
  id: 'psi',
  displayName: 'PSI',
  types: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis: 'Population Stability Index on Evidently get_binned_data shares with its zero filling',
  numerical(ref: NumericSide, cur: NumericSide, options: StatTestOptions): StatTestResult {
    return { score: psi(binNumerical(ref, cur, options)) };
  },
  categorical(pair: CategoricalPair): StatTestResult {
    return { score: psi(binCategorical(pair)) };
  },
};
