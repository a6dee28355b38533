import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { categoricalPair, numericSide } from '../../src/core/stats/sides';
import type { StatTest, StatTestOptions } from '../../src/core/stats/types';
import { StatTestInputError } from '../../src/core/stats/types';
import { binNumerical, fillZeros, sturgesEdges } from '../../src/core/stats/binning';
import { LegacyRandomState } from '../../src/core/stats/special/numpy_random';
import { numpySum } from '../../src/core/stats/special/numpy_sum';
import { wassersteinTest } from '../../src/core/stats/tests/wasserstein';
import { jensenShannonTest } from '../../src/core/stats/tests/jensenshannon';
import { psiTest } from '../../src/core/stats/tests/psi';
import { klDivTest } from '../../src/core/stats/tests/kl_div';
import { hellingerTest } from '../../src/core/stats/tests/hellinger';
import { energyDistanceTest } from '../../src/core/stats/tests/energy_distance';
import { tvdTest, tvdPermutationPValue } from '../../src/core/stats/tests/tvd';
import { empiricalMmd, empiricalMmdTest, MAX_POOLED_ROWS } from '../../src/core/stats/tests/empirical_mmd';
import { textContentTest, tokenize } from '../../src/core/stats/tests/text_content';

// Fixture written by scripts/scipy/gen_distance_tests.py (numpy 1.24 / scipy 1.10 / pandas 1.5).
type Expected = Record<string, number | null>;
interface MmdExpected {
  mmd: number;
  sigma: number;
  p_seeded: number;
  p_many: number;
}
interface NumericalCase {
  name: string;
  ref: number[];
  cur: number[];
  branch: 'sturges' | 'bins' | 'discrete';
  nBins?: number;
  refStd: number;
  options?: StatTestOptions;
  expected: Expected;
  mmd?: MmdExpected;
}
interface CategoricalCase {
  name: string;
  ref: Array<string | number>;
  cur: Array<string | number>;
  expected: Expected;
  tvd: { observed: number; pEvidentlyFloat: number; pExactTies: number };
}
interface TextCase {
  name: string;
  ref: string[];
  cur: string[];
  expected: { score: number; unseenShare: number };
}
interface Fixture {
  numerical: NumericalCase[];
  categorical: CategoricalCase[];
  text: TextCase[];
  sturgesEdges: Array<{ n: number; min: number; max: number; edges: number[] }>;
  numpyRandom: { seed: number; firstRaw: number; raw: number[]; permutations: number[][]; choice50take20: number[] };
}

const fixture = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/scipy/distance-tests.json'), 'utf8'),
) as Fixture;

// Largest differences seen per test, printed with DRIFT_DIFF_REPORT=1.
const worst = new Map<string, { abs: number; rel: number }>();

function assertClose(testId: string, actual: number, expected: number | null, label: string): void {
  if (expected === null) {
    assert.ok(!Number.isFinite(actual), `${label}: expected a non-finite score, got ${actual}`);
    return;
  }
  const abs = Math.abs(actual - expected);
  const rel = expected === 0 ? (abs === 0 ? 0 : Infinity) : abs / Math.abs(expected);
  const w = worst.get(testId) ?? { abs: 0, rel: 0 };
  worst.set(testId, { abs: Math.max(w.abs, abs), rel: Math.max(w.rel, Number.isFinite(rel) ? rel : 0) });
  assert.ok(abs <= 1e-9 || rel <= 1e-6, `${label}: got ${actual}, Python ${expected} (abs ${abs}, rel ${rel})`);
}

function runNumerical(test: StatTest, c: NumericalCase): number {
  assert.ok(test.numerical, `${test.id} has no numerical branch`);
  return test.numerical(numericSide(c.ref), numericSide(c.cur), c.options ?? {}).score;
}

function runCategorical(test: StatTest, c: CategoricalCase): number {
  assert.ok(test.categorical, `${test.id} has no categorical branch`);
  return test.categorical(categoricalPair(c.ref, c.cur), {}).score;
}

after(() => {
  if (process.env.DRIFT_DIFF_REPORT) {
    for (const [id, w] of worst) console.log(`${id}: max abs ${w.abs.toExponential(2)}, max rel ${w.rel.toExponential(2)}`);
  }
});

describe('distance stat tests: metadata matches docs/drift-methods.md section 4', () => {
  const table: Array<[StatTest, string, string, string[], number, string, string]> = [
    [wassersteinTest, 'wasserstein', 'Wasserstein distance (normed)', ['numerical'], 0.1, 'ge', 'distance'],
    [jensenShannonTest, 'jensenshannon', 'Jensen-Shannon distance', ['categorical', 'numerical'], 0.1, 'ge', 'distance'],
    [psiTest, 'psi', 'PSI', ['categorical', 'numerical'], 0.1, 'ge', 'distance'],
    [klDivTest, 'kl_div', 'Kullback-Leibler divergence', ['categorical', 'numerical'], 0.1, 'ge', 'distance'],
    [hellingerTest, 'hellinger', 'Hellinger distance', ['categorical', 'numerical'], 0.1, 'ge', 'distance'],
    [energyDistanceTest, 'ed', 'Energy-distance', ['numerical'], 0.1, 'gt', 'distance'],
    [tvdTest, 'TVD', 'Total-Variation-Distance', ['categorical'], 0.1, 'lt', 'p_value'],
    [empiricalMmdTest, 'empirical_mmd', 'empirical_mmd', ['numerical'], 0.1, 'lt', 'p_value'],
    [textContentTest, 'text_token_jsd', 'Text token distribution (Jensen-Shannon)', ['text'], 0.1, 'ge', 'distance'],
  ];
  for (const [test, id, name, types, threshold, when, kind] of table) {
    it(`${id}: ${name}, ${types.join('+')}, ${when} ${threshold}`, () => {
      assert.equal(test.id, id);
      assert.equal(test.displayName, name);
      assert.deepEqual([...test.types].sort(), [...types].sort());
      assert.equal(test.defaultThreshold, threshold);
      assert.equal(test.driftWhen, when);
      assert.equal(test.scoreKind, kind);
      assert.ok(test.basis.length > 10);
      for (const t of types) {
        const fn = t === 'numerical' ? test.numerical : t === 'categorical' ? test.categorical : test.text;
        assert.equal(typeof fn, 'function', `${id} lacks its ${t} branch`);
      }
    });
  }
});

describe('numpy pieces reproduced exactly', () => {
  it('MT19937 seeded like np.random.seed(0) gives the same 32-bit stream', () => {
    const rs = new LegacyRandomState(fixture.numpyRandom.seed);
    const got = fixture.numpyRandom.raw.map(() => rs.nextUint32());
    assert.equal(got[0], fixture.numpyRandom.firstRaw);
    assert.deepEqual(got, fixture.numpyRandom.raw);
  });

  it('permutation(n) after seed 0 matches numpy draw for draw, and choice(replace=False) is its prefix', () => {
    const rs = new LegacyRandomState(0);
    for (const expected of fixture.numpyRandom.permutations) {
      assert.deepEqual(Array.from(rs.permutation(expected.length)), expected);
    }
    const first20 = Array.from(new LegacyRandomState(0).permutation(50).subarray(0, 20), (i) => i + 100);
    assert.deepEqual(first20, fixture.numpyRandom.choice50take20);
  });

  it('randomInterval stays in range and rejects seeds numpy rejects', () => {
    const rs = new LegacyRandomState(123);
    for (let i = 0; i < 1000; i++) {
      const v = rs.randomInterval(6);
      assert.ok(v >= 0 && v <= 6);
    }
    assert.equal(rs.randomInterval(0), 0);
    assert.throws(() => new LegacyRandomState(-1), RangeError);
    assert.throws(() => new LegacyRandomState(2 ** 32), RangeError);
  });

  it('histogram_bin_edges(a, "sturges"): same edges bit for bit, including min == max and n = 2^k', () => {
    for (const e of fixture.sturgesEdges) {
      assert.deepEqual(Array.from(sturgesEdges(e.n, e.min, e.max)), e.edges, `n=${e.n} [${e.min}, ${e.max}]`);
    }
  });

  it('numpySum uses numpy pairwise order', () => {
    // 1e16 + 1 + ... loses the ones sequentially but numpy's blocks keep some of them.
    const xs = new Float64Array(300).fill(1);
    xs[0] = 1e16;
    xs[299] = -1e16;
    let naive = 0;
    for (const x of xs) naive += x;
    const pairwise = numpySum(xs);
    assert.notEqual(pairwise, naive);
    assert.equal(numpySum([1, 2, 3]), 6);
    assert.equal(numpySum([]), 0);
  });
});

describe('get_binned_data branches', () => {
  it('uses the branch and bin count numpy used', () => {
    for (const c of fixture.numerical) {
      const b = binNumerical(numericSide(c.ref), numericSide(c.cur), c.options ?? {});
      if (c.branch === 'discrete') {
        assert.equal(c.nBins, undefined);
      } else {
        assert.equal(b.ref.length, c.nBins, c.name);
      }
    }
    const branches = new Set(fixture.numerical.map((c) => c.branch));
    assert.deepEqual([...branches].sort(), ['bins', 'discrete', 'sturges']);
  });

  it('zero filling: 1e-4 when the smallest share is above 1e-4, else smallest / 1e6', () => {
    assert.deepEqual(Array.from(fillZeros(Float64Array.from([0.5, 0, 0.5]))), [0.5, 0.0001, 0.5]);
    const tiny = 1 / 12000;
    assert.deepEqual(Array.from(fillZeros(Float64Array.from([1 - tiny, tiny, 0]))), [1 - tiny, tiny, tiny / 1e6]);
    assert.deepEqual(Array.from(fillZeros(Float64Array.from([0.9999, 0.0001, 0]))), [0.9999, 0.0001, 0.0001 / 1e6]);
  });

  it('rejects empty sides and bad bin counts', () => {
    const a = numericSide([1, 2, 3]);
    const empty = numericSide([]);
    assert.throws(() => psiTest.numerical?.(a, empty, {}), StatTestInputError);
    assert.throws(() => jensenShannonTest.numerical?.(empty, a, {}), StatTestInputError);
    const wide = numericSide(Array.from({ length: 30 }, (_, i) => i));
    assert.throws(() => psiTest.numerical?.(wide, wide, { bins: 0 }), StatTestInputError);
    assert.throws(() => psiTest.numerical?.(wide, wide, { bins: 2.5 }), StatTestInputError);
  });

  it('options.bins changes the binning of a continuous column only', () => {
    const wide = fixture.numerical.find((c) => c.branch === 'bins');
    assert.ok(wide);
    const withBins = runNumerical(psiTest, wide);
    const sturges = psiTest.numerical?.(numericSide(wide.ref), numericSide(wide.cur), {}).score;
    assert.notEqual(withBins, sturges);
    const few = fixture.numerical.find((c) => c.branch === 'discrete' && c.ref.length > 100);
    assert.ok(few);
    const s = numericSide(few.ref);
    const t = numericSide(few.cur);
    assert.equal(psiTest.numerical?.(s, t, { bins: 3 }).score, psiTest.numerical?.(s, t, {}).score);
  });
});

const numericalTests: StatTest[] = [
  wassersteinTest, jensenShannonTest, psiTest, klDivTest, hellingerTest, energyDistanceTest,
];

describe('numerical distances equal the Python (Evidently formulas) results', () => {
  for (const test of numericalTests) {
    describe(test.id, () => {
      for (const c of fixture.numerical) {
        it(c.name, () => {
          assertClose(test.id, runNumerical(test, c), c.expected[test.id], `${test.id} / ${c.name}`);
        });
      }
    });
  }

  it('wasserstein divides by 0.001 when the reference std is below it, and says so', () => {
    const cases = fixture.numerical.filter((c) => c.refStd < 0.001);
    assert.ok(cases.length >= 2);
    for (const c of cases) {
      const r = wassersteinTest.numerical?.(numericSide(c.ref), numericSide(c.cur), {});
      assert.ok(r?.note?.includes('0.001'), c.name);
    }
  });

  it('constant equal columns score 0 everywhere', () => {
    const c = fixture.numerical.find((x) => x.name.startsWith('constant both sides'));
    assert.ok(c);
    for (const test of numericalTests) assert.equal(runNumerical(test, c), 0, test.id);
  });
});

const categoricalTests: StatTest[] = [jensenShannonTest, psiTest, klDivTest, hellingerTest];

describe('categorical distances equal the Python (Evidently formulas) results', () => {
  for (const test of categoricalTests) {
    describe(test.id, () => {
      for (const c of fixture.categorical) {
        it(c.name, () => {
          assertClose(test.id, runCategorical(test, c), c.expected[test.id], `${test.id} / ${c.name}`);
        });
      }
    });
  }

  it('labels present in neither side do not add a PSI term', () => {
    const pair = categoricalPair(['a', 'b', 'a'], ['a', 'b', 'b']);
    const padded = { labels: [...pair.labels, 'unused'], ref: pair.ref, cur: pair.cur };
    assert.equal(psiTest.categorical?.(padded, {}).score, psiTest.categorical?.(pair, {}).score);
  });
});

describe('TVD permutation test (numpy seed 0, 1000 splits)', () => {
  for (const c of fixture.categorical) {
    it(c.name, () => {
      const r = tvdTest.categorical?.(categoricalPair(c.ref, c.cur), {});
      assert.ok(r);
      // Same splits as numpy; exact tie handling decides equal statistics as >=.
      assert.equal(r.score, c.tvd.pExactTies);
      // Evidently's float comparison can flip exact ties by a rounding unit (hash-order dependent).
      assert.ok(Math.abs(r.score - c.tvd.pEvidentlyFloat) <= 0.01, `${r.score} vs ${c.tvd.pEvidentlyFloat}`);
      const observed = Number(r.note?.match(/distance ([0-9.e-]+)/)?.[1]);
      assertClose('TVD observed', observed, Number(c.tvd.observed.toPrecision(6)), c.name);
    });
  }

  it('observed TVD equals the Python value within 1e-9', () => {
    for (const c of fixture.categorical) {
      const pair = categoricalPair(c.ref, c.cur);
      // Recompute the observed statistic from shares, as tvd.ts does, at full precision.
      const nR = pair.ref.length;
      const nC = pair.cur.length;
      const counts = new Map<number, [number, number]>();
      for (const k of pair.ref) counts.set(k, [(counts.get(k)?.[0] ?? 0) + 1, counts.get(k)?.[1] ?? 0]);
      for (const k of pair.cur) counts.set(k, [counts.get(k)?.[0] ?? 0, (counts.get(k)?.[1] ?? 0) + 1]);
      let s = 0;
      for (const [r, q] of counts.values()) s += Math.abs(r / nR - q / nC);
      assertClose('TVD observed', 0.5 * s, c.tvd.observed, c.name);
    }
  });

  it('is deterministic', () => {
    const pair = categoricalPair(['a', 'b', 'b', 'c'], ['a', 'a', 'c', 'c', 'c']);
    assert.equal(tvdPermutationPValue(pair), tvdPermutationPValue(pair));
  });
});

describe('empirical MMD', () => {
  const mmdCases = fixture.numerical.filter((c) => c.mmd !== undefined);

  it('statistic and sigma equal the Python values', () => {
    assert.ok(mmdCases.length >= 8);
    for (const c of mmdCases) {
      const expected = c.mmd as MmdExpected;
      const r = empiricalMmd(Float64Array.from(c.ref), Float64Array.from(c.cur));
      assertClose('empirical_mmd statistic', r.mmd, expected.mmd, c.name);
      assertClose('empirical_mmd sigma', r.sigma, expected.sigma, c.name);
    }
  });

  it('p-value: same as Evidently code run after np.random.seed(0) when there are no exact ties', () => {
    for (const c of mmdCases) {
      const expected = c.mmd as MmdExpected;
      const p = empiricalMmdTest.numerical?.(numericSide(c.ref), numericSide(c.cur), {}).score;
      assert.ok(p !== undefined);
      // Repeated values make many relabellings tie with the observed MMD; we count ties as >=.
      const hasTies = new Set([...c.ref, ...c.cur]).size < c.ref.length + c.cur.length;
      if (!hasTies) assert.equal(p, expected.p_seeded, c.name);
      // Statistical check against 2000 permutations: 4 binomial standard errors of a 100-draw share.
      const q = expected.p_many;
      const tol = 4 * Math.sqrt(Math.max(q * (1 - q), 0.01) / 100) + 0.01;
      assert.ok(Math.abs(p - q) <= tol, `${c.name}: p ${p} vs ${q} (tolerance ${tol})`);
    }
  });

  it('refuses fewer than 2 values a side and pooled data above the size limit', () => {
    assert.throws(() => empiricalMmd(Float64Array.from([1]), Float64Array.from([1, 2])), StatTestInputError);
    const big = new Float64Array(MAX_POOLED_ROWS);
    assert.throws(() => empiricalMmd(big, Float64Array.from([1, 2])), StatTestInputError);
    assert.throws(() => empiricalMmd(Float64Array.from([1e200, 1]), Float64Array.from([1, 2])), StatTestInputError);
  });
});

describe('text token Jensen-Shannon (project method, not Evidently)', () => {
  it('tokenizes lowercased runs of Unicode letters and digits', () => {
    assert.deepEqual(tokenize("Café au lait, s'il vous plaît — naïve_user 42 STRASSE 日本"), [
      'café', 'au', 'lait', 's', 'il', 'vous', 'plaît', 'naïve', 'user', '42', 'strasse', '日本',
    ]);
  });

  for (const c of fixture.text) {
    it(c.name, () => {
      const r = textContentTest.text?.(c.ref, c.cur, {});
      assert.ok(r);
      assertClose('text_token_jsd', r.score, c.expected.score, c.name);
      const shown = Number(r.note?.match(/^([0-9.]+)%/)?.[1]);
      assert.equal(shown, Number((100 * c.expected.unseenShare).toFixed(1)), c.name);
    });
  }

  it('treats composed and decomposed accents as the same word', () => {
    assert.deepEqual(tokenize('caf\u00e9'), tokenize('cafe\u0301'));
    const r = textContentTest.text?.(['caf\u00e9 cr\u00e8me'], ['cafe\u0301 cre\u0300me'], {});
    assert.equal(r?.score, 0);
  });

  it('no tokens on either side gives 0 with a note; tokens on one side only is an input error', () => {
    const r = textContentTest.text?.(['...', '!!'], ['?'], {});
    assert.equal(r?.score, 0);
    assert.ok(r?.note);
    assert.throws(() => textContentTest.text?.(['--'], ['word'], {}), StatTestInputError);
  });
});
