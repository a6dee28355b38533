import { pairCounts } from '../sides';
import { chi2Sf } from '../special/tail_probabilities';
import type { CategoricalPair, StatTest, StatTestResult } from '../types';

/**
 * Pearson chi-squared goodness of fit of current against reference, as Evidently runs it
 * (legacy chisquare_stattest.py, scipy `chisquare(f_obs, f_exp)`).
 *
 * Over the union of categories: observed = current counts, expected = reference counts x
 * (n_cur / n_ref); statistic = sum (observed - expected)^2 / expected; p = P(chi2_{k-1} > statistic)
 * with k categories. A category seen only in current has expected 0, so the statistic is infinite
 * and p = 0.
 *
 * Departure: a constant column (one category, the same on both sides) has 0 degrees of freedom and
 * Evidently reports NaN; here the score is 1 with a note.
 */
export const chisquareTest: StatTest = {
  id: 'chisquare',
  displayName: 'chi-square p_value',
  types: ['categorical'],
  defaultThreshold: 0.05,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'scipy.stats.chisquare(current counts, reference counts x n_cur/n_ref)',
  categorical(pair: CategoricalPair): StatTestResult {
    const k = pair.labels.length;
    if (k === 1) return { score: 1, note: 'constant column: no drift' };
    const { ref, cur, nRef, nCur } = pairCounts(pair);
    const kNorm = nCur / nRef;
    let stat = 0;
    for (let i = 0; i < k; i++) {
      const expected = ref[i] * kNorm;
      stat += (cur[i] - expected) ** 2 / expected; // expected 0 with observed > 0 gives +inf
    }
    return { score: chi2Sf(stat, k - 1) };
  },
};
