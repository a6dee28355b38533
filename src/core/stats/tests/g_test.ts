import { pairCounts } from '../sides';
import { chi2Sf } from '../special/tail_probabilities';
import { StatTestInputError } from '../types';
import type { CategoricalPair, StatTest, StatTestResult } from '../types';

/**
 * G-test (log-likelihood ratio) of current counts against reference counts, as Evidently runs it
 * (legacy g_stattest.py, scipy `power_divergence(f_obs, f_exp, lambda_='log-likelihood')`).
 *
 * Over the union of categories: G = 2 sum observed ln(observed / expected) with observed = current
 * counts and expected = reference counts, not rescaled (a term with observed 0 is 0; expected 0 with
 * observed > 0 makes G infinite); p = P(chi2_{k-1} > G) for k categories.
 *
 * scipy (>= 1.9) refuses expected counts whose total differs from the observed total, so with
 * Evidently the test fails whenever reference and current have different sizes; here that is an
 * input error on this column. Departure: a constant column (one shared category) has 0 degrees of
 * freedom and Evidently reports NaN; here the score is 1 with a note.
 */
export const gTest: StatTest = {
  id: 'g_test',
  displayName: 'g_test',
  types: ['categorical'],
  defaultThreshold: 0.1,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'scipy.stats.power_divergence(current counts, reference counts, lambda_="log-likelihood")',
  categorical(pair: CategoricalPair): StatTestResult {
    const { ref, cur, nRef, nCur } = pairCounts(pair);
    if (nRef !== nCur) {
      throw new StatTestInputError(
        `g_test needs reference and current of the same size (reference ${nRef}, current ${nCur}): ` +
          'Evidently passes unscaled reference counts as expected counts, and scipy rejects ' +
          'totals that differ.',
      );
    }
    const k = pair.labels.length;
    if (k === 1) return { score: 1, note: 'constant column: no drift' };
    let g = 0;
    for (let i = 0; i < k; i++) {
      if (cur[i] > 0) g += 2 * cur[i] * Math.log(cur[i] / ref[i]); // scipy xlogy: 0 when observed is 0
    }
    return { score: chi2Sf(g, k - 1) };
  },
};
