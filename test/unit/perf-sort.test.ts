import { strict as assert } from 'assert';
import { seeded } from './helpers/columns';
import { doaneWidth } from '../../src/core/drift/distribution';
import { sortFinite, sortFiniteRuns } from '../../src/core/drift/sort';
import { kahanSum, numericSummary } from '../../src/core/drift/summary';
import { topEntries } from '../../src/core/drift/summary';
import { prepareSide } from '../../src/core/drift/prepare';
import { mean, sampleStandardDeviation } from '../../src/core/lib/simple-statistics';
import { cdfDistanceSum } from '../../src/core/stats/special/cdf_distance';
import { numpySum, numpySumSparse, numpySumSquaredDeviations } from '../../src/core/stats/special/numpy_sum';
import { countDistinctSorted, lowerBound, upperBound } from '../../src/core/stats/special/runs';
import { countInBins, equalWidthEdges } from '../../src/core/drift/distribution';

/** The faster building blocks give exactly what the plain versions gave. */
describe('perf: sorting and selection', () => {
  const rand = seeded(12345);
  const same = (a: Float64Array, b: Float64Array) => {
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `at ${i}: ${a[i]} vs ${b[i]}`);
  };

  it('radix sort = Float64Array#sort, bit for bit (-0 before 0, subnormals, extremes, integers, decimals)', () => {
    const gens: Array<() => number> = [
      () => Math.round((rand() - 0.3) * 1000),
      () => (rand() - 0.5) * 1e6,
      () => [0, -0, 1, -1, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** -1022, 0.1][Math.floor(rand() * 10)],
      () => 7,
      () => Math.round(rand() * 100) / 100,
      () => (rand() < 0.5 ? -1 : 1) * 2 ** Math.floor(rand() * 200 - 100),
      // Narrow integers (counted) with -0 among them, and one far value (radix again).
      () => [0, -0, 3, -2, 0, 40][Math.floor(rand() * 6)],
      () => (rand() < 0.001 ? 2 ** 31 : Math.round(rand() * 50) - 25),
      () => (rand() < 0.001 ? 1e6 : Math.round(rand() * 50)),
      // Decimals with few places in a narrow range (counted at their scale), with -0, negatives,
      // and ones that are no such decimal (0.1 + 0.2) or too far (radix again).
      () => Number(((rand() - 0.5) * 300).toFixed(3)),
      () => [0, -0, 0.5, -0.25, 1.75, 0.3][Math.floor(rand() * 6)],
      () => Number((rand() * 100).toFixed(1)) + (rand() < 0.001 ? 0.1 + 0.2 : 0),
      () => (rand() < 0.001 ? 1e7 : Number((rand() * 10).toFixed(4))),
      () => Number((rand() * 214748).toFixed(4)),
    ];
    let counted = 0;
    for (const gen of gens) {
      for (const n of [0, 1, 100, 5000, 70000]) {
        const v = Float64Array.from({ length: n }, gen);
        const expected = v.slice().sort();
        same(sortFinite(v), expected);
        // The runs a counting sort gives = each distinct value of the sorted array (-0 as +0) and
        // how often it occurs, found by a plain scan.
        const { sorted, runs } = sortFiniteRuns(v);
        same(sorted, expected);
        if (!runs) continue;
        counted++;
        const values: number[] = [];
        const counts: number[] = [];
        for (const x of expected) {
          if (values.length > 0 && values[values.length - 1] === x) counts[counts.length - 1]++;
          else {
            values.push(x + 0);
            counts.push(1);
          }
        }
        same(runs.values, Float64Array.from(values));
        same(runs.counts, Float64Array.from(counts));
      }
    }
    // Both counting sorts ran (integers and scaled decimals), so their runs were checked.
    assert.ok(counted >= 10, `${counted} counted`);
  });

  it('summary mean and std = simple-statistics on the sorted values, bit for bit', () => {
    for (const n of [1, 2, 3, 1000, 50000]) {
      const v = Float64Array.from({ length: n }, () => (rand() - 0.4) * 10 ** Math.floor(rand() * 12 - 4));
      // The engine sees a column through its profile, values ascending (drift/prepare.ts).
      const plain = Array.from(v).sort((a, b) => a - b);
      assert.ok(Object.is(kahanSum(Float64Array.from(plain)) / n, mean(plain)));
      const side = prepareSide({ name: 'x', storage: 'numeric', values: v, integer: false, infinities: 0 });
      assert.ok(side.storage === 'numeric');
      const s = numericSummary(side);
      assert.ok(Object.is(s.mean, mean(plain)));
      assert.ok(Object.is(s.std, n > 1 ? sampleStandardDeviation(plain) : null));
    }
  });

  it('top entries = sorting every index by count (ties: first seen first)', () => {
    for (let k = 0; k < 50; k++) {
      const counts = Float64Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 8));
      const all: number[] = [];
      for (let i = 0; i < counts.length; i++) if (counts[i] > 0) all.push(i);
      all.sort((a, b) => counts[b] - counts[a] || a - b);
      for (const top of [1, 10, 20]) assert.deepEqual(topEntries(counts, top), all.slice(0, top));
    }
  });

  it('Doane width from runs of sorted parts = the textbook formula over every value', () => {
    const a = Float64Array.from({ length: 5000 }, () => Math.round(rand() * 50)).sort();
    const b = Float64Array.from({ length: 3000 }, () => Math.round(rand() * 70) - 5 + (rand() < 0.1 ? rand() : 0)).sort();
    // Straight from numpy's definition, one value at a time.
    const all = [...a, ...b];
    const n = all.length;
    const mu = all.reduce((s, v) => s + v, 0) / n;
    const sigma = Math.sqrt(all.reduce((s, v) => s + (v - mu) ** 2, 0) / n);
    const g1 = all.reduce((s, v) => s + ((v - mu) / sigma) ** 3, 0) / n;
    const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)));
    const expected = (70 - -5) / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
    const width = doaneWidth([a, b], -5, 70);
    assert.ok(Math.abs(width - expected) <= 1e-12 * expected, `${width} vs ${expected}`);
    const merged = Float64Array.from(all).sort();
    assert.ok(Math.abs(doaneWidth(merged, -5, 70) - expected) <= 1e-12 * expected);
  });

  it('sparse and mapped numpy sums = numpySum over the whole array, bit for bit', () => {
    for (const n of [0, 1, 7, 8, 9, 127, 128, 129, 1000, 4097, 100003]) {
      for (const density of [0, 0.001, 0.05, 0.5, 1]) {
        const dense = new Float64Array(n);
        const at: number[] = [];
        for (let i = 0; i < n; i++) {
          if (rand() < density) {
            dense[i] = rand() * 10 ** Math.floor(rand() * 12 - 6);
            at.push(i);
          }
        }
        const sparse = numpySumSparse(n, Int32Array.from(at), Float64Array.from(at, (i) => dense[i]), at.length);
        assert.ok(Object.is(sparse, numpySum(dense)), `n=${n} density=${density}`);
        const m = n ? numpySum(dense) / n : 0;
        assert.ok(Object.is(numpySumSquaredDeviations(dense, m), numpySum(dense.map((x) => (m - x) * (m - x)))), `squares n=${n}`);
      }
    }
  });

  it('CDF distance over runs = scipy _cdf_distance transcribed literally, bit for bit', () => {
    // scipy: all = sort(concat(u, v)); deltas = diff(all); cdf = searchsorted(sorted side, all[:-1], 'right') / n.
    const literal = (p: 1 | 2, u: Float64Array, v: Float64Array) => {
      const all = Float64Array.from([...u, ...v]).sort();
      const terms = new Float64Array(all.length - 1);
      for (let k = 0; k < all.length - 1; k++) {
        const d = upperBound(u, all[k]) / u.length - upperBound(v, all[k]) / v.length;
        terms[k] = (p === 1 ? Math.abs(d) : d * d) * (all[k + 1] - all[k]);
      }
      return numpySum(terms);
    };
    for (const [n, spread] of [[5, 3], [300, 10], [5000, 40], [20000, 2000], [20000, 1e9], [3000, 1]]) {
      const u = Float64Array.from({ length: n }, () => Math.round(rand() * spread)).sort();
      const v = Float64Array.from({ length: Math.ceil(n * 0.7) }, () => Math.round(rand() * spread * 1.1) + (rand() < 0.2 ? rand() : 0)).sort();
      for (const p of [1, 2] as const) assert.ok(Object.is(cdfDistanceSum(p, u, v), literal(p, u, v)), `n=${n} spread=${spread} p=${p}`);
    }
    // Samples whose first values are distinct take scipy's full terms array from the start
    // (cdf_distance.ts denseTerms): mostly distinct decimals, and ones that repeat after a distinct
    // start, ties between the samples, one sample's values all below the other's.
    // Distinct within a sample (a repeat among the first values would take the other path).
    const decimals = (n: number, from: number, width: number) =>
      Float64Array.from(new Set(Array.from({ length: n }, () => Math.round((from + rand() * width) * 1000) / 1000))).sort();
    const cases: [Float64Array, Float64Array][] = [
      [decimals(5000, 90, 5000), decimals(4000, 92, 6000)],
      [decimals(3000, 0, 3), decimals(3000, 0, 3)],
      [decimals(2000, 0, 100), decimals(2500, 500, 100)],
      [Float64Array.from({ length: 3000 }, (_, k) => (k < 100 ? k : 100 + Math.floor(k / 50))), decimals(2000, 0, 150)],
    ];
    const shared = decimals(4000, 10, 4000);
    cases.push([shared, shared.slice()]);
    for (const [u, v] of cases) {
      // The path is taken: at least 1024 values, the first 32 distinct.
      const distinctStart = (x: Float64Array) => x.length >= 1024 && new Set(x.subarray(0, 32)).size === 32;
      assert.ok(distinctStart(u) && distinctStart(v), `${u.length} ${v.length} ${Array.from(u.subarray(0, 32))} ${Array.from(v.subarray(0, 32))}`);
      for (const p of [1, 2] as const) {
        assert.ok(Object.is(cdfDistanceSum(p, u, v), literal(p, u, v)), `dense n=${u.length} p=${p}`);
        assert.ok(Object.is(cdfDistanceSum(p, v, u), literal(p, v, u)), `dense swapped n=${u.length} p=${p}`);
      }
    }
  });

  it('run steps, distinct counts and bin counts = linear scans', () => {
    for (const spread of [1, 5, 100, 1e6]) {
      const s = Float64Array.from({ length: 3000 }, () => Math.round(rand() * spread) / 2).sort();
      for (let k = 0; k < 200; k++) {
        const x = s[Math.floor(rand() * s.length)] + (rand() < 0.3 ? 0.25 : 0);
        const from = Math.floor(rand() * s.length);
        let ub = from;
        while (ub < s.length && s[ub] <= x) ub++;
        let lb = from;
        while (lb < s.length && s[lb] < x) lb++;
        assert.equal(upperBound(s, x, from), ub);
        assert.equal(lowerBound(s, x, from), lb);
      }
      assert.equal(countDistinctSorted(s), new Set(s).size);
      for (const bins of [1, 3, 17, 100]) {
        const edges = equalWidthEdges(s[0], s[s.length - 1], bins);
        const linear = new Array<number>(bins).fill(0);
        for (const v of s) {
          let b = 0;
          while (b < bins - 1 && v >= edges[b + 1]) b++;
          linear[b]++;
        }
        assert.deepEqual(countInBins(s, edges), linear, `spread ${spread} bins ${bins}`);
      }
    }
  });
});
