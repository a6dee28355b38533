import { comparePythonLabels } from '../special/numeric';
import { pairCounts } from '../sides';
import { normalSf } from '../special/tail_probabilities';
import type { CategoricalPair, StatTest, StatTestResult } from '../types';

/**
 * Two-proportion z-test, as Evidently's z_stattest.py computes it.
 *
 * Sort the union of categories (Python order: numbers numerically, strings by code point); values
 * equal to the first category count as 0, all others as 1. With p1, p2 the shares of 1s in reference
 * and current and P the pooled share, z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)) and
 * p = 2 (1 - Phi(|z|)). If both sides hold the same single value, p = 1.
 *
 * p is evaluated as erfc(|z| / sqrt 2), equal to Evidently's 2 (1 - Phi(|z|)) except that it keeps
 * its precision below about 1e-16, where Evidently's subtraction gives exactly 0.
 */
export const zTest: StatTest = {
  id: 'z',
  displayName: 'Z-test p_value',
  types: ['categorical'],
  defaultThreshold: 0.05,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: "Evidently's two-proportion z-test (pooled variance, two-sided normal p-value)",
  categorical(pair: CategoricalPair): StatTestResult {
    const { ref, cur, nRef: n1, nCur: n2 } = pairCounts(pair);
    if (pair.labels.length === 1) return { score: 1 }; // Evidently: one shared value, p = 1
    let first = 0;
    for (let i = 1; i < pair.labels.length; i++) {
      if (comparePythonLabels(pair.labels[i], pair.labels[first]) < 0) first = i;
    }
    // Rows that are not the first label (integer counts: exact).
    const ones1 = n1 - ref[first];
    const ones2 = n2 - cur[first];
    const p1 = ones1 / n1;
    const p2 = ones2 / n2;
    const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    return { score: 2 * normalSf(Math.abs(z)) };
  },
};
