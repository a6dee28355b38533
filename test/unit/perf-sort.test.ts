import { strict as assert } from 'assert';
import { doaneWidth } from '../../src/core/drift/distribution';
import { sortFinite } from '../../src/core/drift/sort';
import { topEntries } from '../../src/core/drift/summary';

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
    ];
    for (const gen of gens) {
      for (const n of [0, 1, 100, 5000, 70000]) {
        const v = Float64Array.from({ length: n }, gen);
        same(sortFinite(v), v.slice().sort());
      }
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
