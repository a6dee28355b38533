/**
 * Hellinger distance, Evidently id `hellinger` (legacy/calculations/stattests/hellinger_distance.py).
 *
 * Score = sqrt(1 - BC), BC (the Bhattacharyya coefficient) clipped to [0, 1]:
 * - categorical: BC = sum over categories of sqrt(r * c), with r and c each side's category shares;
 * - numerical: Sturges bin edges computed on the DISTINCT values of reference and current together
 *   (not on the rows, unlike get_binned_data), numpy density histograms h = count / bin width / n
 *   per side, and BC = sum of sqrt(h_ref * h_cur) * mean bin width.
 * Drift when score >= threshold (0.1).
 */
import type { CategoricalPair, NumericSide, StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { binCategorical, distinctValueCounts, histogramCounts, sturgesEdges } from '../binning';

function fromCoefficient(bc: number): number {
  return Math.sqrt(1 - Math.min(Math.max(bc, 0), 1));
}

/** numpy `histogram(..., density=True)`: counts / bin widths / total count. */
function densities(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = histogramCounts(sorted, edges);
  let total = 0;
  for (const c of counts) total += c;
  return counts.map((c, i) => c / (edges[i + 1] - edges[i]) / total);
}

export const hellingerTest: StatTest = {
  id: 'hellinger',
  displayName: 'Hellinger distance',
  types: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  driftWhen: 'ge',
  scoreKind: 'distance',
  basis: 'Hellinger distance via the Bhattacharyya coefficient, following Evidently hellinger_distance.py',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    if (ref.sorted.length === 0 || cur.sorted.length === 0) {
      throw new StatTestInputError('both reference and current need at least one value');
    }
    const distinct = distinctValueCounts(ref.sorted, cur.sorted).values;
    const edges = sturgesEdges(distinct.length, distinct[0], distinct[distinct.length - 1]);
    const h1 = densities(ref.sorted, edges);
    const h2 = densities(cur.sorted, edges);
    const width = (edges[edges.length - 1] - edges[0]) / (edges.length - 1);
    let bc = 0;
    for (let i = 0; i < h1.length; i++) bc += Math.sqrt(h1[i] * h2[i]) * width;
    return { score: fromCoefficient(bc) };
  },
  categorical(pair: CategoricalPair): StatTestResult {
    const b = binCategorical(pair);
    let bc = 0;
    for (let i = 0; i < b.ref.length; i++) bc += Math.sqrt(b.ref[i] * b.cur[i]);
    return { score: fromCoefficient(bc) };
  },
};
