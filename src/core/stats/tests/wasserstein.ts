/**
 * Wasserstein distance (normed), Evidently id `wasserstein`
 * (legacy/calculations/stattests/wasserstein_distance_norm.py).
 *
 * Score = the first Wasserstein distance between the reference and current samples
 * (scipy.stats.wasserstein_distance: the area between their empirical CDFs) divided by the
 * population standard deviation (ddof 0) of the reference, floored at 0.001 so a constant reference
 * does not divide by zero. Drift when score >= threshold (0.1).
 */
import type { NumericRuns, NumericSide, StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { cdfDistanceSum, cdfDistanceSumRuns } from '../special/cdf_distance';
import { numpySum, numpySumRuns, numpySumSquaredDeviations } from '../special/numpy_sum';
import { runsTotal } from '../special/value_counts';

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

/**
 * populationStd of the values the runs stand for: numpy's pairwise sums over the same positions
 * (numpySumRuns), each squared deviation computed once per distinct value, so the same bits.
 */
function populationStdRuns(runs: NumericRuns): number {
  const known = stds.get(runs.counts);
  if (known !== undefined) return known;
  const n = runsTotal(runs);
  const mean = numpySumRuns(runs.values, runs.counts) / n;
  const terms = runs.values.map((x) => (mean - x) * (mean - x));
  const std = Math.sqrt(numpySumRuns(terms, runs.counts) / n);
  stds.set(runs.counts, std);
  return std;
}

export const wassersteinTest: StatTest = {
  id: 'wasserstein',
  displayName: 'Wasserstein distance (normed)',
  types: ['numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis: 'scipy.stats.wasserstein_distance divided by max(reference population std, 0.001), as Evidently',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    // A current side from a profile (a timeline's chunk) steps run by run against a reference
    // of runs even when its own values repeat less (cdfDistanceSumRuns: the same terms and sum).
    const curRuns = cur.runs ?? (ref.runs ? cur.profileRuns : undefined);
    const runs = ref.runs && curRuns ? { ref: ref.runs, cur: curRuns } : undefined;
    if (runs ? runs.ref.values.length === 0 || runs.cur.values.length === 0 : ref.values.length === 0 || cur.values.length === 0) {
      throw new StatTestInputError('both reference and current need at least one value');
    }
    // Both sides as runs (profiles of repeating values): the same sums without the arrays.
    const std = runs ? populationStdRuns(runs.ref) : populationStd(ref.values);
    const distance = runs ? cdfDistanceSumRuns(1, runs.ref, runs.cur) : cdfDistanceSum(1, ref.sorted, cur.sorted);
    if (std < STD_FLOOR) {
      return {
        score: distance / STD_FLOOR,
        note: `reference standard deviation ${std} is below 0.001, so the distance is divided by 0.001`,
      };
    }
    return { score: distance / std };
  },
};
