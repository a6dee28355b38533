/**
 * Total variation distance permutation test, Evidently id `TVD`
 * (legacy/calculations/stattests/tvd_stattest.py and utils.py::permutation_test).
 *
 * Observed statistic: TVD = 1/2 * sum over categories of |r - c|, with r and c each side's category
 * shares. The score is a permutation p-value: numpy's global generator is seeded with 0, then 1000
 * times the pooled rows (reference then current, in file order) are split at random into a new
 * reference of the original reference size (`np.random.choice(pooled, n_ref, replace=False)`, which
 * is `permutation(n)[:n_ref]`) and the rest; p = share of splits whose TVD is >= the observed one.
 * The generator is numpy's legacy MT19937 stream (numpy_random.ts), so the same splits are drawn.
 * Drift when p < threshold (0.1).
 *
 * Cost: 1000 shuffles of all rows, O(1000 * (n_ref + n_cur)).
 *
 * Ties are decided exactly: with n1 and n2 fixed, TVD * n1 * n2 * 2 = sum |count_ref * n2 -
 * count_cur * n1| is an integer, so splits whose TVD equals the observed one count as >= it.
 * Evidently compares floats summed in Python set order, so an exact tie there can fall either way by
 * one rounding unit (and, for string categories, differently per process because of hash seeding).
 */
import type { CategoricalPair, StatTest, StatTestResult } from '../types';
import { StatTestInputError } from '../types';
import { binCategorical } from '../binning';
import { countCodes } from '../sides';
import { LegacyRandomState } from '../special/numpy_random';
import { numpySum } from '../special/numpy_sum';

const ITERATIONS = 1000;
const SEED = 0;

function observedTvd(pair: CategoricalPair): number {
  const b = binCategorical(pair);
  const diffs = new Float64Array(b.ref.length);
  for (let i = 0; i < diffs.length; i++) diffs[i] = Math.abs(b.ref[i] - b.cur[i]);
  return 0.5 * numpySum(diffs);
}

/** 2 * n1 * n2 * TVD, exact in doubles while the products stay below 2^53. */
function scaledTvd(refCounts: Float64Array, totals: Float64Array, n1: number, n2: number): number {
  let s = 0;
  for (let k = 0; k < totals.length; k++) {
    const r = refCounts[k];
    s += Math.abs(r * n2 - (totals[k] - r) * n1);
  }
  return s;
}

/** Evidently's permutation p-value for the TVD, with the numpy seed-0 stream. */
export function tvdPermutationPValue(pair: CategoricalPair): number {
  const n1 = pair.ref.length;
  const n2 = pair.cur.length;
  const n = n1 + n2;
  const nLabels = pair.labels.length;
  const pooled = new Int32Array(n);
  pooled.set(pair.ref, 0);
  pooled.set(pair.cur, n1);
  const totals = countCodes(pooled, nLabels);
  const observed = scaledTvd(countCodes(pair.ref, nLabels), totals, n1, n2);
  if (2 * n1 * n2 > Number.MAX_SAFE_INTEGER) {
    throw new StatTestInputError('TVD permutation test: samples too large for exact tie handling');
  }
  const rng = new LegacyRandomState(SEED);
  const refCounts = new Float64Array(nLabels);
  let atLeast = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const perm = rng.permutation(n);
    refCounts.fill(0);
    // The new reference is the first n1 slots; count whichever part is shorter.
    if (n1 <= n2) {
      for (let k = 0; k < n1; k++) refCounts[pooled[perm[k]]]++;
    } else {
      for (let k = 0; k < nLabels; k++) refCounts[k] = totals[k];
      for (let k = n1; k < n; k++) refCounts[pooled[perm[k]]]--;
    }
    if (observed <= scaledTvd(refCounts, totals, n1, n2)) atLeast++;
  }
  return atLeast / ITERATIONS;
}

export const tvdTest: StatTest = {
  id: 'TVD',
  displayName: 'Total-Variation-Distance',
  types: ['categorical'],
  defaultThreshold: 0.1,
  driftWhen: 'lt',
  scoreKind: 'p_value',
  basis: 'Total variation distance with a 1000-split permutation p-value (numpy seed 0), as Evidently',
  categorical(pair: CategoricalPair): StatTestResult {
    const tvd = observedTvd(pair);
    const p = tvdPermutationPValue(pair);
    return { score: p, note: `observed total variation distance ${tvd.toPrecision(6)}` };
  },
};
