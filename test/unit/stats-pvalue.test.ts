import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { andersonTest } from '../../src/core/stats/tests/anderson';
import { besselKScaled } from '../../src/core/stats/special/bessel_k';
import { chisquareTest } from '../../src/core/stats/tests/chisquare';
import { cramerVonMisesTest } from '../../src/core/stats/tests/cramer_von_mises';
import { eppsSingletonTest } from '../../src/core/stats/tests/es';
import { fisherExactTest } from '../../src/core/stats/tests/fisher_exact';
import { gTest } from '../../src/core/stats/tests/g_test';
import { ksTest } from '../../src/core/stats/tests/ks';
import { kstwoSf } from '../../src/core/stats/special/kolmogorov';
import { mannWhitneyTest } from '../../src/core/stats/tests/mannw';
import { categoricalPair, numericSide } from '../../src/core/stats/sides';
import { tTest } from '../../src/core/stats/tests/t_test';
import { StatTestInputError } from '../../src/core/stats/types';
import type { StatTest, StatTestResult } from '../../src/core/stats/types';
import { zTest } from '../../src/core/stats/tests/z';

/** Reference values from scripts/scipy/gen_pvalue_tests.py (scipy 1.10.1, numpy 1.24). */
interface Case<T> {
  name: string;
  ref: T[];
  cur: T[];
  /** scipy's score per test id; null where scipy gives NaN. */
  expected: Record<string, number | null>;
  /** The message scipy / Evidently raise, per test id. */
  errors: Record<string, string>;
}
interface Fixture {
  versions: Record<string, string>;
  numerical: Array<Case<number>>;
  categorical: Array<Case<string | number>>;
  kstwo_sf: Array<[number, number, number]>;
  kve_quarter: Array<[number, number]>;
}

const fixture = JSON.parse(
  readFileSync(resolve(__dirname, '../../../test/fixtures/scipy/pvalue-tests.json'), 'utf8'),
) as Fixture;

const NUMERICAL: Record<string, StatTest> = {
  ks: ksTest,
  t_test: tTest,
  mannw: mannWhitneyTest,
  anderson: andersonTest,
  cramer_von_mises: cramerVonMisesTest,
  es: eppsSingletonTest,
};
const CATEGORICAL: Record<string, StatTest> = {
  chisquare: chisquareTest,
  z: zTest,
  g_test: gTest,
  fisher_exact: fisherExactTest,
};

/** Agreement with scipy: within 1e-9 absolute or 1e-6 relative. */
function assertClose(actual: number, expected: number, what: string): void {
  const diff = Math.abs(actual - expected);
  assert.ok(
    diff <= 1e-9 || diff <= 1e-6 * Math.abs(expected),
    `${what}: got ${actual}, scipy ${expected} (abs diff ${diff})`,
  );
}

/**
 * Largest differences seen per test id, printed after the run for the record. The relative
 * difference is taken where scipy's value is at least 1e-6; below that the absolute bound governs.
 */
const worst = new Map<string, { abs: number; rel: number }>();
function record(id: string, actual: number, expected: number): void {
  const abs = Math.abs(actual - expected);
  const rel = Math.abs(expected) >= 1e-6 ? abs / Math.abs(expected) : 0;
  const w = worst.get(id) ?? { abs: 0, rel: 0 };
  worst.set(id, { abs: Math.max(w.abs, abs), rel: Math.max(w.rel, rel) });
}

function isConstantAndEqual<T>(c: Case<T>): boolean {
  const all = [...c.ref, ...c.cur];
  return all.every((v) => v === all[0]);
}

/** Where scipy gives NaN: the project's constant-column departure, otherwise NaN as well. */
function checkNaNCase<T>(id: string, c: Case<T>, result: StatTestResult): void {
  if (isConstantAndEqual(c) && id !== 'z') {
    assert.equal(result.score, 1, `${id} on ${c.name}: constant column scores 1`);
    assert.equal(result.note, 'constant column: no drift');
  } else {
    assert.ok(Number.isNaN(result.score), `${id} on ${c.name}: scipy gives NaN, got ${result.score}`);
  }
}

describe('p-value stat tests against scipy 1.10', () => {
  after(() => {
    const lines = [...worst.entries()].map(
      ([id, w]) =>
        `    ${id.padEnd(17)} max abs ${w.abs.toExponential(2)}  max rel ${w.rel.toExponential(2)}`,
    );
    console.log(
      `  largest differences vs scipy ${fixture.versions.scipy} (relative where p >= 1e-6):\n` +
        lines.join('\n'),
    );
  });

  describe('numerical cases', () => {
    for (const c of fixture.numerical) {
      it(`${c.name} (${c.ref.length} vs ${c.cur.length})`, () => {
        const ref = numericSide(c.ref);
        const cur = numericSide(c.cur);
        for (const [id, expected] of Object.entries(c.expected)) {
          const test = NUMERICAL[id];
          const numerical = test.numerical;
          assert.ok(numerical, `${id} handles numerical columns`);
          const result = numerical(ref, cur, {});
          if (expected === null) {
            checkNaNCase(id, c, result);
            continue;
          }
          record(id, result.score, expected);
          assertClose(result.score, expected, `${id} on ${c.name}`);
        }
        for (const [id, message] of Object.entries(c.errors)) {
          const numerical = NUMERICAL[id].numerical;
          assert.ok(numerical);
          const why = `${id} on ${c.name}: scipy raises "${message}"`;
          assert.throws(() => numerical(ref, cur, {}), StatTestInputError, why);
        }
      });
    }
  });

  describe('categorical cases', () => {
    for (const c of fixture.categorical) {
      it(`${c.name} (${c.ref.length} vs ${c.cur.length})`, () => {
        const pair = categoricalPair(c.ref, c.cur);
        for (const [id, expected] of Object.entries(c.expected)) {
          const categorical = CATEGORICAL[id].categorical;
          assert.ok(categorical, `${id} handles categorical columns`);
          const result = categorical(pair, {});
          if (expected === null) {
            checkNaNCase(id, c, result);
            continue;
          }
          record(id, result.score, expected);
          assertClose(result.score, expected, `${id} on ${c.name}`);
        }
        for (const [id, message] of Object.entries(c.errors)) {
          const categorical = CATEGORICAL[id].categorical;
          assert.ok(categorical);
          const why = `${id} on ${c.name}: Evidently raises "${message}"`;
          assert.throws(() => categorical(pair, {}), StatTestInputError, why);
        }
      });
    }
  });

  describe('special functions', () => {
    it('kstwoSf matches scipy.stats.kstwo.sf across all of its methods', () => {
      for (const [n, x, expected] of fixture.kstwo_sf) {
        const actual = kstwoSf(n, x);
        record('kstwo.sf', actual, expected);
        assertClose(actual, expected, `kstwo.sf(${x}, ${n})`);
      }
    });
    it('besselKScaled(1/4, x) matches scipy.special.kve to 1e-12 relative', () => {
      for (const [x, expected] of fixture.kve_quarter) {
        const actual = besselKScaled(0.25, x);
        record('kve(1/4)', actual, expected);
        const diff = Math.abs(actual - expected);
        assert.ok(diff <= 1e-12 * expected, `kve(0.25, ${x}): ${actual} vs ${expected}`);
      }
    });
    it('besselKScaled(1/2, x) equals the closed form sqrt(pi / 2x)', () => {
      for (const x of [1e-4, 0.01, 0.3, 1, 7.5, 24.9, 25, 60, 400]) {
        const exact = Math.sqrt(Math.PI / (2 * x));
        assert.ok(Math.abs(besselKScaled(0.5, x) - exact) <= 1e-14 * exact, `x = ${x}`);
      }
    });
  });
});

describe('p-value stat tests: Evidently metadata (docs/drift-methods.md section 4)', () => {
  const table: Array<[StatTest, string, string, 'numerical' | 'categorical', number, string]> = [
    [ksTest, 'ks', 'K-S p_value', 'numerical', 0.05, 'le'],
    [chisquareTest, 'chisquare', 'chi-square p_value', 'categorical', 0.05, 'lt'],
    [zTest, 'z', 'Z-test p_value', 'categorical', 0.05, 'lt'],
    [tTest, 't_test', 't_test', 'numerical', 0.05, 'lt'],
    [mannWhitneyTest, 'mannw', 'Mann-Whitney U-rank test', 'numerical', 0.05, 'lt'],
    [andersonTest, 'anderson', 'Anderson-Darling', 'numerical', 0.1, 'lt'],
    [cramerVonMisesTest, 'cramer_von_mises', 'Cramer-von Mises', 'numerical', 0.1, 'le'],
    [eppsSingletonTest, 'es', 'Epps-Singleton', 'numerical', 0.05, 'lt'],
    [fisherExactTest, 'fisher_exact', "Fisher's Exact test", 'categorical', 0.1, 'lt'],
    [gTest, 'g_test', 'g_test', 'categorical', 0.1, 'lt'],
  ];
  for (const [test, id, name, type, threshold, when] of table) {
    it(`${id}: "${name}", ${type}, threshold ${threshold}, drift when p ${when} threshold`, () => {
      assert.equal(test.id, id);
      assert.equal(test.displayName, name);
      assert.deepEqual(test.types, [type]);
      assert.equal(test.defaultThreshold, threshold);
      assert.equal(test.driftWhen, when);
      assert.equal(test.scoreKind, 'p_value');
      assert.ok(test.basis.length > 0);
      assert.equal(typeof (type === 'numerical' ? test.numerical : test.categorical), 'function');
    });
  }
});

describe('p-value stat tests: rules and input errors', () => {
  it('chisquare: a category only in current gives p = 0 (expected count 0)', () => {
    const pair = categoricalPair(['a', 'a', 'b'], ['a', 'b', 'c']);
    assert.equal(chisquareTest.categorical?.(pair, {}).score, 0);
  });
  it('chisquare and g_test: a constant column scores 1 with a note (Evidently: NaN)', () => {
    const pair = categoricalPair(['k', 'k', 'k'], ['k', 'k', 'k']);
    for (const test of [chisquareTest, gTest]) {
      const result = test.categorical?.(pair, {});
      assert.deepEqual(result, { score: 1, note: 'constant column: no drift' });
    }
  });
  it('z: both sides the same single value gives p = 1', () => {
    assert.equal(zTest.categorical?.(categoricalPair([3, 3], [3, 3, 3]), {}).score, 1);
  });
  it('z: labels sort like Python (numbers numerically, strings by code point)', () => {
    // 9 < 10 numerically (as strings "10" < "9"); U+FF61 < U+1F600 by code point (not in UTF-16).
    const num = zTest.categorical?.(categoricalPair([10, 10, 9, 100], [9, 9, 9, 10]), {}).score;
    const asOnes = zTest.categorical?.(categoricalPair(['b', 'b', 'a', 'c'], ['a', 'a', 'a', 'b']), {}).score;
    assert.equal(num, asOnes);
    const cp = zTest.categorical?.(
      categoricalPair(
        ['\u{1F600}', '\u{1F600}', '\uFF61', '\u{1F601}'],
        ['\uFF61', '\uFF61', '\uFF61', '\u{1F600}'],
      ),
      {},
    ).score;
    assert.equal(cp, asOnes);
  });
  it('g_test: reference and current of different sizes is an input error', () => {
    const pair = categoricalPair(['a', 'b', 'a'], ['a', 'b']);
    assert.throws(() => gTest.categorical?.(pair, {}), (e: unknown) =>
      e instanceof StatTestInputError && /same size/.test(e.message));
  });
  it("fisher_exact: more than two categories or unequal sizes are input errors", () => {
    assert.throws(
      () => fisherExactTest.categorical?.(categoricalPair(['a', 'b', 'c'], ['a', 'b', 'c']), {}),
      (e: unknown) => e instanceof StatTestInputError && /binary/.test(e.message),
    );
    assert.throws(
      () => fisherExactTest.categorical?.(categoricalPair(['a', 'b'], ['b', 'c']), {}),
      (e: unknown) => e instanceof StatTestInputError && /3 categories/.test(e.message),
    );
    assert.throws(
      () => fisherExactTest.categorical?.(categoricalPair(['a', 'b', 'a'], ['a', 'b']), {}),
      (e: unknown) => e instanceof StatTestInputError && /equal length/.test(e.message),
    );
  });
  it('fisher_exact: swapping which category is "one" leaves p unchanged', () => {
    const pair1 = categoricalPair(['y', 'y', 'y', 'n', 'y'], ['n', 'n', 'y', 'n', 'n']);
    const pair2 = categoricalPair(['n', 'n', 'n', 'y', 'n'], ['y', 'y', 'n', 'y', 'y']);
    const p1 = fisherExactTest.categorical?.(pair1, {});
    const p2 = fisherExactTest.categorical?.(pair2, {});
    assert.equal(p1?.score, p2?.score);
  });
  it('es: zero pooled IQR and fewer than five values are input errors', () => {
    const flat = numericSide([0, 0, 0, 0, 0, 0, 0, 1]);
    assert.throws(() => eppsSingletonTest.numerical?.(flat, flat, {}), (e: unknown) =>
      e instanceof StatTestInputError && /interquartile range/.test(e.message));
    const few = numericSide([1, 2, 3, 4]);
    const ok = numericSide([1, 2, 3, 4, 5, 6]);
    assert.throws(() => eppsSingletonTest.numerical?.(few, ok, {}), StatTestInputError);
  });
  it('anderson: fewer than three values in total is an input error (scipy fails with IndexError)', () => {
    assert.throws(() => andersonTest.numerical?.(numericSide([1]), numericSide([2]), {}), StatTestInputError);
  });
  it('cramer_von_mises: a side with one value is an input error', () => {
    assert.throws(
      () => cramerVonMisesTest.numerical?.(numericSide([1]), numericSide([1, 2, 3]), {}),
      StatTestInputError,
    );
  });
  it('anderson: notes when the p-value is capped or floored', () => {
    const a = numericSide([1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(andersonTest.numerical?.(a, a, {}).note, 'p-value capped at 0.25: the true value is larger');
    const b = numericSide([11, 12, 13, 14, 15, 16, 17, 18]);
    const floored = andersonTest.numerical?.(a, b, {});
    assert.equal(floored?.note, 'p-value floored at 0.001: the true value is smaller');
  });
  it('t_test: equal constant sides score 1 with a note (scipy/Evidently: NaN)', () => {
    const a = numericSide([4, 4, 4]);
    const result = tTest.numerical?.(a, numericSide([4, 4]), {});
    assert.deepEqual(result, { score: 1, note: 'constant column: no drift' });
  });
  it('mannw: one-sided, only an upward shift of current is flagged', () => {
    const low = numericSide([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const high = numericSide([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    assert.ok((mannWhitneyTest.numerical?.(low, high, {}).score ?? 1) < 0.001);
    assert.ok((mannWhitneyTest.numerical?.(high, low, {}).score ?? 0) > 0.999);
  });
});
