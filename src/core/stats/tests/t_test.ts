import { mean, variance } from '../special/numeric';
import { studentTwoSidedP } from '../special/tail_probabilities';
import type { NumericSide, StatTest, StatTestResult } from '../types';

/**
 * Student's two-sample t-test with pooled variance, two-sided (scipy 1.10
 * `ttest_ind(reference, current)`, equal_var=True).
 *
 * t = (mean1 - mean2) / sqrt(s^2 (1/n1 + 1/n2)), s^2 = ((n1-1) v1 + (n2-1) v2) / (n1 + n2 - 2) with
 * v the sample variances (ddof 1); p = P(|T| >= |t|) for T ~ Student t with n1 + n2 - 2 degrees of
 * freedom.
 *
 * Departure: when both sides are constant and equal, scipy's t is 0/0 and Evidently reports NaN
 * (never drift); here the score is 1 with a note, as for every constant column. With a single value
 * on a side scipy's variance is 0/0 and the score stays NaN, as in Evidently.
 */
export const tTest: StatTest = {
  id: 't_test',
  displayName: 't_test',
  types: ['numerical'],
  defaultThreshold: 0.05,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'scipy.stats.ttest_ind (equal_var=True, two-sided)',
  numerical(ref: NumericSide, cur: NumericSide): StatTestResult {
    const n1 = ref.values.length;
    const n2 = cur.values.length;
    const m1 = mean(ref.values);
    const m2 = mean(cur.values);
    if (n1 < 2 || n2 < 2) {
      // scipy's sample variance of a single value is 0/0, so its p-value is NaN (never drift).
      return { score: NaN, note: 'the t-test needs at least two values on each side' };
    }
    const df = n1 + n2 - 2;
    const v1 = variance(ref.values, 1);
    const v2 = variance(cur.values, 1);
    const svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
    const denom = Math.sqrt(svar * (1.0 / n1 + 1.0 / n2));
    const t = (m1 - m2) / denom;
    if (Number.isNaN(t)) return { score: 1, note: 'constant column: no drift' };
    return { score: studentTwoSidedP(t, df) };
  },
};
