import { strict as assert } from 'assert';
import { seeded } from './helpers/columns';
import { kahanAddRepeated, repeatedAdd } from '../../src/core/stats/special/repeated_add';
import { numpySum, numpySumRuns, numpySumSquaredDeviations } from '../../src/core/stats/special/numpy_sum';
import { cdfDistanceSum, cdfDistanceSumRuns } from '../../src/core/stats/special/cdf_distance';
import { countAtMost, countBelow, expandRuns, runStarts, valueAtRank } from '../../src/core/stats/special/value_counts';
import { lowerBound, upperBound } from '../../src/core/stats/special/runs';
import { doaneWidth, doaneWidthRuns, histogramDistribution, histogramDistributionRuns } from '../../src/core/drift/distribution';
import { kahanSum, kahanSumRuns, numericSummary } from '../../src/core/drift/summary';
import { prepareSide } from '../../src/core/drift/prepare';
import { numericProfileFromCounts } from '../../src/core/profile/build';
import { wassersteinTest } from '../../src/core/stats/tests/wasserstein';
import type { NumericRuns } from '../../src/core/stats/types';

/**
 * Sums over (value, count) runs give the float64 loop's result bit for bit (the literal loop over
 * every value is the reference), so tests made from profiles keep every score.
 */
describe('sums over runs of equal values (profiles without expanding them)', () => {
  const rand = seeded(20261203);
  /** Values that stress rounding: integers, decimals of every scale, dyadic values (ties), powers of 2. */
  const pick = (): number => {
    const r = rand();
    if (r < 0.2) return Math.round((rand() - 0.5) * 2000);
    if (r < 0.4) return (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6);
    if (r < 0.5) return (Math.round(rand() * 16) / 8) * 2 ** Math.floor(rand() * 40 - 20);
    if (r < 0.6) return 2 ** Math.floor(rand() * 60 - 30) * (rand() < 0.5 ? 1 : 1.5);
    if (r < 0.7) return 0.1 * Math.floor(rand() * 100);
    return (rand() - 0.3) * 1000;
  };

  it('repeatedAdd = `s += t` c times, bit for bit (ties, zero crossings, stagnation, signs)', () => {
    for (let k = 0; k < 20000; k++) {
      const s0 = rand() < 0.1 ? 0 : pick() * (rand() < 0.5 ? 1e6 : 1);
      const t = pick();
      const c = Math.floor(rand() ** 3 * 20000);
      let s = s0;
      for (let i = 0; i < c; i++) s += t;
      assert.ok(Object.is(repeatedAdd(s0, t, c), s), `${s0} + ${t} x ${c}: ${s}`);
    }
    // Special values: one addition decides, and further ones change nothing.
    assert.ok(Object.is(repeatedAdd(-0, 0, 3), 0));
    assert.ok(Object.is(repeatedAdd(-0, -0, 3), -0));
    assert.equal(repeatedAdd(1, Infinity, 5), Infinity);
    assert.ok(Number.isNaN(repeatedAdd(Infinity, -Infinity, 5)));
    assert.equal(repeatedAdd(2 ** 53, 1, 1000), 2 ** 53);
    assert.equal(repeatedAdd(5, 1, 0), 5);
  });

  it('kahanAddRepeated = simple-statistics\' Kahan-Babuska step c times, bit for bit', () => {
    for (let k = 0; k < 20000; k++) {
      const state = { sum: rand() < 0.1 ? 0 : pick() * (rand() < 0.5 ? 1e6 : 1), correction: pick() * 1e-10 };
      const v = pick();
      const c = Math.floor(rand() ** 3 * 20000);
      let { sum, correction } = state;
      for (let i = 0; i < c; i++) {
        const t = sum + v;
        if (Math.abs(sum) >= Math.abs(v)) correction += sum - t + v;
        else correction += v - t + sum;
        sum = t;
      }
      kahanAddRepeated(state, v, c);
      assert.ok(Object.is(state.sum, sum) && Object.is(state.correction, correction), `${v} x ${c}`);
    }
  });

  /** Random runs: integers with long runs, decimals with short ones, negative and positive. */
  const randomRuns = (): NumericRuns => {
    const runs = 1 + Math.floor(rand() ** 2 * 300);
    const values = new Float64Array(runs);
    const counts = new Float64Array(runs);
    let v = (rand() - 0.5) * 1000;
    const integers = rand() < 0.5;
    for (let r = 0; r < runs; r++) {
      v += rand() * 10 + 0.5;
      values[r] = integers ? Math.round(v) + r : v;
      counts[r] = 1 + Math.floor(rand() ** 4 * (rand() < 0.1 ? 50000 : 300));
    }
    return { values, counts };
  };

  it('numpy sums, summary sums and quantile positions over runs = over the expanded array', () => {
    for (let k = 0; k < 300; k++) {
      const runs = randomRuns();
      const sorted = expandRuns(runs);
      assert.ok(Object.is(numpySumRuns(runs.values, runs.counts), numpySum(sorted)));
      const mean = numpySum(sorted) / sorted.length;
      const terms = runs.values.map((x) => (mean - x) * (mean - x));
      assert.ok(Object.is(numpySumRuns(terms, runs.counts), numpySumSquaredDeviations(sorted, mean)));
      assert.ok(Object.is(kahanSumRuns(runs), kahanSum(sorted)));
      const starts = runStarts(runs);
      for (let q = 0; q < 20; q++) {
        const i = Math.floor(rand() * sorted.length);
        assert.equal(valueAtRank(runs, starts, i), sorted[i]);
        const x = sorted[i] + (rand() < 0.3 ? 0.25 : 0);
        assert.equal(countBelow(runs, starts, x), lowerBound(sorted, x));
        assert.equal(countAtMost(runs, starts, x), upperBound(sorted, x));
      }
    }
  });

  it('the CDF distance, Doane width and histogram over runs = over the arrays, bit for bit', () => {
    for (let k = 0; k < 100; k++) {
      const u = randomRuns();
      const v = randomRuns();
      const us = expandRuns(u);
      const vs = expandRuns(v);
      for (const p of [1, 2] as const) assert.ok(Object.is(cdfDistanceSumRuns(p, u, v), cdfDistanceSum(p, us, vs)), `p=${p}`);
      const min = Math.min(us[0], vs[0]);
      const max = Math.max(us[us.length - 1], vs[vs.length - 1]);
      assert.ok(Object.is(doaneWidthRuns([u, v], min, max), doaneWidth([us, vs], min, max)));
      for (const bins of [undefined, 7]) {
        assert.deepEqual(histogramDistributionRuns(u, v, k % 2 === 0, bins), histogramDistribution(us, vs, k % 2 === 0, bins));
      }
    }
  });

  it('a profile side (runs) summarises and tests as its column (arrays) does, bit for bit', () => {
    for (let k = 0; k < 40; k++) {
      const r = randomRuns();
      const c = randomRuns();
      const column = (runs: NumericRuns) => ({ name: 'x', storage: 'numeric' as const, values: expandRuns(runs).reverse(), integer: false, infinities: 0 });
      const profile = (runs: NumericRuns) => numericProfileFromCounts('x', runs.values, runs.counts, { missing: 0, nonFinite: 0, integer: false });
      const [pr, pc, cr, cc] = [prepareSide(profile(r)), prepareSide(profile(c)), prepareSide(column(r)), prepareSide(column(c))];
      assert.ok(pr.storage === 'numeric' && pc.storage === 'numeric' && cr.storage === 'numeric' && cc.storage === 'numeric');
      assert.deepEqual(numericSummary(pr), numericSummary(cr));
      // The array path (runs removed) is the reference for the score.
      const plain = (s: typeof cr) => ({ values: s.finite.values, sorted: s.finite.sorted });
      const expected = wassersteinTest.numerical!(plain(cr), plain(cc), {}).score;
      assert.ok(Object.is(wassersteinTest.numerical!(pr.finite, pc.finite, {}).score, expected));
    }
  });

  it('profiles of a trillion values are summarised, charted and tested without their arrays', () => {
    // Expanding these would need an 8 TB array (a RangeError): the runs are the only way through.
    const big = (shift: number) =>
      prepareSide(numericProfileFromCounts('x', [1 + shift, 2, 3, 5 + shift], [4e11, 3e11, 2e11, 1e11], { missing: 0, nonFinite: 0, integer: true }));
    const r = big(0);
    const c = big(1);
    assert.ok(r.storage === 'numeric' && c.storage === 'numeric' && r.runs && c.runs);
    const fresh = big(0);
    assert.throws(() => fresh.storage === 'numeric' && fresh.finite.sorted, RangeError);
    const summary = numericSummary(c);
    assert.equal(summary.count, 1e12);
    assert.equal(summary.quantiles?.p50, 2);
    const score = wassersteinTest.numerical!(r.finite, c.finite, {}).score;
    assert.ok(score > 0 && score < 1);
    assert.ok(histogramDistributionRuns(r.runs, c.runs, true));
  });
});
