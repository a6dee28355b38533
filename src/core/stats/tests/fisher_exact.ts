import binomcoefln = require('@stdlib/math-base-special-binomcoefln');
import { comparePythonLabels } from '../special/numeric';
import { pairCounts } from '../sides';
import { StatTestInputError } from '../types';
import type { CategoricalPair, StatTest, StatTestResult } from '../types';

/**
 * Fisher's exact test on the 2x2 table [[current ones, current zeros], [reference ones, reference
 * zeros]], as Evidently's fisher_exact_stattest.py builds it, with scipy's two-sided p-value
 * (`fisher_exact(table)`): the total probability, under the hypergeometric null with the table's
 * margins, of all tables no more likely than the observed one (within a relative 1e-14).
 *
 * Evidently requires reference and current of equal size, so both rows have the same total a. The
 * null distribution of the current "ones" count K (N ones in all) is then
 * P(K = j) = C(a, j) C(a, N - j) / C(2a, N), symmetric about N/2, and scipy's rule reduces to
 * p = min(1, 2 P(K <= min(x, N - x))), with p = 1 when x or its mirror is the mode. Which category
 * Evidently calls "one" depends on Python's set order; swapping ones and zeros leaves p unchanged.
 *
 * Input errors: more than two categories in total (Evidently raises when a side has more than two;
 * with two per side but three overall its table depends on hash order, so this is refused too), and
 * reference and current of different sizes (Evidently raises).
 */
export const fisherExactTest: StatTest = {
  id: 'fisher_exact',
  displayName: "Fisher's Exact test",
  types: ['categorical'],
  defaultThreshold: 0.1,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: "scipy.stats.fisher_exact (two-sided) on Evidently's 2x2 table",
  categorical(pair: CategoricalPair): StatTestResult {
    if (pair.labels.length > 2) {
      throw new StatTestInputError(
        `Fisher's exact test needs binary data, but found ${pair.labels.length} categories ` +
          'across reference and current.',
      );
    }
    const { ref, cur, nRef: a, nCur } = pairCounts(pair);
    if (nCur !== a) {
      throw new StatTestInputError(
        "Fisher's exact test needs reference and current of equal length " +
          `(reference ${a}, current ${nCur}).`,
      );
    }
    // "One" = the later label in Python order (the choice does not change p); a constant column
    // has no "one" and gives a table with an empty column, p = 1.
    let one = -1;
    if (pair.labels.length === 2) one = comparePythonLabels(pair.labels[0], pair.labels[1]) < 0 ? 1 : 0;
    const curOnes = one < 0 ? 0 : cur[one];
    const refOnes = one < 0 ? 0 : ref[one];
    return { score: fisherTwoSidedEqualRows(curOnes, refOnes, a) };
  },
};

/** scipy's two-sided Fisher p-value for [[x, a - x], [y, a - y]] (both rows total a). */
export function fisherTwoSidedEqualRows(x: number, y: number, a: number): number {
  const N = x + y; // total "ones"
  if (a === 0 || N === 0 || N === 2 * a) return 1; // an empty row or column: scipy returns 1
  const lo = Math.min(x, N - x);
  // x or its mirror N - x is the mode (or the pair straddling it): every table counts, p = 1.
  if (2 * lo >= N - 1) return 1;
  const kMin = Math.max(0, N - a);
  // P(K = lo) from log binomials, then downwards by the ratio P(j-1)/P(j).
  let term = Math.exp(binomcoefln(a, lo) + binomcoefln(a, N - lo) - binomcoefln(2 * a, N));
  let tail = term;
  for (let j = lo; j > kMin; j--) {
    term *= (j * (a - N + j)) / ((a - j + 1) * (N - j + 1));
    tail += term;
    if (term < tail * 1e-17) break; // the rest cannot change the sum
  }
  return Math.min(1, 2 * tail);
}
