import { strict as assert } from 'assert';
import { doaneWidth } from '../../src/core/drift/distribution';
import { sortFinite } from '../../src/core/drift/sort';
import { kahanSum, numericSummary } from '../../src/core/drift/summary';
import { topEntries } from '../../src/core/drift/summary';
import { prepareSide } from '../../src/core/drift/prepare';
import { mean, sampleStandardDeviation } from '../../src/core/lib/simple-statistics';

/** The faster building blocks give exactly what the plain versions gave. */
describe('perf: sorting and selection', () => {
  const rand = (() => {
    let a = 12345;
    return () => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return a / 4294967296;
    };
  })();
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
    ];
    for (const gen of gens) {
      for (const n of [0, 1, 100, 5000, 70000]) {
        const v = Float64Array.from({ length: n }, gen);
        same(sortFinite(v), v.slice().sort());
      }
    }
  });

  it('summary mean and std = simple-statistics, bit for bit', () => {
    for (const n of [1, 2, 3, 1000, 50000]) {
      const v = Float64Array.from({ length: n }, () => (rand() - 0.4) * 10 ** Math.floor(rand() * 12 - 4));
      const plain = v as unknown as number[];
      assert.ok(Object.is(kahanSum(v) / n, mean(plain)));
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

  it('Doane width over two sorted parts = over their concatenation', () => {
    const a = Float64Array.from({ length: 5000 }, () => Math.round(rand() * 50)).sort();
    const b = Float64Array.from({ length: 3000 }, () => Math.round(rand() * 70) - 5).sort();
    const both = new Float64Array(8000);
    both.set(a);
    both.set(b, 5000);
    assert.equal(doaneWidth([a, b], -5, 65), doaneWidth(both, -5, 65));
  });
});
