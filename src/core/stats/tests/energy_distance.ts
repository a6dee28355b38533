/**
 * Energy distance, Evidently id `ed` (legacy/calculations/stattests/energy_distance.py).
 *
 * Score = scipy.stats.energy_distance(reference, current): sqrt(2) times the L2 distance between the
 * two empirical CDFs, sqrt(2 * integral of (F_ref - F_cur)^2), which equals
 * sqrt(2E|X-Y| - E|X-X'| - E|Y-Y'|) (Szekely & Rizzo). Not normalised, so it is in the column's
 * units. Computed from the sorted samples in O(n) like scipy's _cdf_distance, not from all pairs.
 * Drift when score > threshold (0.1), strictly greater as in Evidently.
 */
import type { NumericSide, StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { cdfDistanceSum } from '../special/cdf_distance';

export const energyDistanceTest: StatTest = {
  id: 'ed',
  displayName: 'Energy-distance',
  types: ['numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'gt',
  scoreKind: 'distance',
  basis: 'scipy.stats.energy_distance (Szekely & Rizzo energy statistic), unnormalised, as Evidently',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    if (ref.sorted.length === 0 || cur.sorted.length === 0) {
      throw new StatTestInputError('both reference and current need at least one value');
    }
    return { score: Math.SQRT2 * Math.sqrt(cdfDistanceSum(2, ref.sorted, cur.sorted)) };
  },
};
