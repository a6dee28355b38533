/**
 * Wasserstein distance (normed), Evidently id `wasserstein`
 * (legacy/calculations/stattests/wasserstein_distance_norm.py).
 *
 * Score = the first Wasserstein distance between the reference and current samples
 * (scipy.stats.wasserstein_distance: the area between their empirical CDFs) divided by the
 * population standard deviation (ddof 0) of the reference, floored at 0.001 so a constant reference
 * does not divide by zero. Drift when score >= threshold (0.1).
 */
import type { NumericSide, StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { cdfDistanceSum } from '../special/cdf_distance';
import { numpySum, numpySumSquaredDeviations } from '../special/numpy_sum';

const STD_FLOOR = 0.001;

/** Two-pass population standard deviation, as pandas' Series.std(ddof=0) computes it. */
function populationStd(values: Float64Array): number {
  // One reference is compared with many chunks of current data (src/core/timeline/): its
  // standard deviation is computed once per array (nothing writes to a cleaned side's values).
  const known = stds.get(values);
  if (known !== undefined) return known;
  const n = values.length;
  const mean = numpySum(values) / n;
  const std = Math.sqrt(numpySumSquaredDeviations(values, mean) / n);
  stds.set(values, std);
  return std;
}

const stds = new WeakMap<Float64Array, number>();

export const wassersteinTest: StatTest = {
  id: 'wasserstein',
  displayName: 'Wasserstein distance (normed)',
  types: ['numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis: 'scipy.stats.wasserstein_distance divided by max(reference population std, 0.001), as Evidently',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    if (ref.values.length === 0 || cur.values.length === 0) {
      throw new StatTestInputError('both reference and current need at least one value');
    }
    const std = populationStd(ref.values);
    const distance = cdfDistanceSum(1, ref.sorted, cur.sorted);
    if (std < STD_FLOOR) {
      return {
        score: distance / STD_FLOOR,
        note: `reference standard deviation ${std} is below 0.001, so the distance is divided by 0.001`,
      };
    }
    return { score: distance / std };
  },
};
