import { strict as assert } from 'assert';
import * as path from 'path';
import { readFileSync } from 'fs';
import { compareDatasets, DriftInputError } from '../../src/core/drift/engine';
import { readDatasetFile } from '../../src/core/read/index';
import { prepareSide, type PreparedNumeric } from '../../src/core/drift/prepare';
import { psiTest } from '../../src/core/stats/tests/psi';
import type { ColumnReport, DriftReport } from '../../src/shared/report';
import { assertClose } from './helpers/close';
import { dataset, dictCol, numCol, seeded } from './helpers/columns';

const ROOT = path.join(__dirname, '..', '..', '..');

interface ExpectedColumn {
  name: string;
  evidentlyType: 'num' | 'cat' | 'text' | 'unknown';
  test?: string;
  score?: number;
  threshold?: number;
  drifted?: boolean;
}
interface ExpectedCase {
  name: string;
  reference: string;
  current: string;
  columns: ExpectedColumn[];
}
const cases: ExpectedCase[] = JSON.parse(
  readFileSync(path.join(ROOT, 'test', 'fixtures', 'scipy', 'engine-cases.json'), 'utf8'),
).cases;

/** Where this project types a column differently from Evidently on purpose (drift-methods.md section 10). */
const DEPARTURES: Record<string, Record<string, string>> = {
  'flights-halves': { date: 'datetime' },
  cars: { Year: 'datetime', Name: 'text' },
  weather: { date: 'datetime' },
};

async function run(c: ExpectedCase): Promise<DriftReport> {
  const [ref, cur] = await Promise.all([
    readDatasetFile(path.join(ROOT, c.reference)),
    readDatasetFile(path.join(ROOT, c.current)),
  ]);
  return compareDatasets(ref, cur);
}

describe('drift engine against Evidently\'s default pipeline redone with pandas + scipy', () => {
  for (const c of cases) {
    it(`${c.name}: same types, tests, scores and verdicts (departures aside)`, async () => {
      const report = await run(c);
      const byName = new Map(report.columns.map((col) => [col.name, col]));
      for (const e of c.columns) {
        const got = byName.get(e.name);
        assert.ok(got, `${c.name}: column ${e.name} missing from the report`);
        const departure = DEPARTURES[c.name]?.[e.name];
        if (departure) {
          assert.equal(got.type, departure, `${c.name}.${e.name}: departure type`);
          continue;
        }
        const mapped = e.evidentlyType === 'num' ? 'numerical' : 'categorical';
        assert.equal(got.type, mapped, `${c.name}.${e.name}: type`);
        assert.equal(got.test, e.test, `${c.name}.${e.name}: test`);
        assert.equal(got.threshold, e.threshold, `${c.name}.${e.name}: threshold`);
        assertClose(got.score, e.score!, `${c.name}.${e.name}`);
        assert.equal(got.drifted, e.drifted, `${c.name}.${e.name}: verdict`);
      }
      const scored = c.columns.filter((e) => e.drifted !== undefined && !DEPARTURES[c.name]?.[e.name]);
      const drifted = scored.filter((e) => e.drifted).length;
      const extra = report.columns.filter((col) => col.drifted !== null && !scored.some((e) => e.name === col.name));
      const total = scored.length + extra.length;
      const share = (drifted + extra.filter((col) => col.drifted).length) / total;
      assert.equal(report.dataset.testedColumns, total);
      assert.equal(report.dataset.share, share);
      assert.equal(report.dataset.drifted, share >= 0.5);
    });
  }

  it('orders columns by severity: drifted first, most past the threshold first', async () => {
    const report = await run(cases.find((c) => c.name === 'weather')!);
    const verdicts = report.columns.map((c) => c.drifted);
    const firstFalse = verdicts.indexOf(false);
    assert.ok(verdicts.slice(0, firstFalse).every((v) => v === true));
    assert.ok(verdicts.slice(firstFalse).every((v) => v !== true));
    // weather (p 8e-51) is further past 0.05 than temp_max (p 2e-4).
    assert.equal(report.columns[0].name, 'weather');
    assert.equal(report.columns.at(-1)!.drifted, null, 'untested columns come last');
  });

  it('the report size does not grow with the number of rows', () => {
    const rnd = seeded(7);
    const make = (n: number) =>
      dataset(`n${n}`, [
        numCol('x', Array.from({ length: n }, () => rnd() * 100), false),
        dictCol('c', Array.from({ length: n }, () => `cat${Math.floor(rnd() * 50)}`)),
      ]);
    const small = JSON.stringify(compareDatasets(make(5000), make(5000))).length;
    const large = JSON.stringify(compareDatasets(make(200000), make(200000))).length;
    assert.ok(large < small * 1.5, `report grew from ${small} to ${large} bytes`);
  });
});

describe('engine rules and departures', () => {
  const ref = (cols: Parameters<typeof dataset>[1]) => dataset('ref.csv', cols);
  const cur = (cols: Parameters<typeof dataset>[1]) => dataset('cur.csv', cols);
  const col = (r: DriftReport, name: string): ColumnReport => r.columns.find((c) => c.name === name)!;

  it('a column only in one file is reported and not tested; no column in common is an error', () => {
    const r = compareDatasets(ref([numCol('a', [1, 2, 3]), numCol('b', [1])]), cur([numCol('a', [1, 2, 3]), numCol('c', [5])]));
    assert.equal(col(r, 'b').presentIn, 'reference');
    assert.equal(col(r, 'b').drifted, null);
    assert.match(col(r, 'b').reason, /only in the reference file/);
    assert.equal(col(r, 'c').presentIn, 'current');
    assert.throws(() => compareDatasets(ref([numCol('a', [1])]), cur([numCol('b', [1])])), DriftInputError);
  });

  it('an empty column gets its own row and the rest is computed (Evidently aborts)', () => {
    const r = compareDatasets(
      ref([numCol('e', [1, 2, 3]), numCol('x', [1.5, 2.5, 3.5])]),
      cur([numCol('e', [null, null, null]), numCol('x', [1.5, 2.5, 9.5])]),
    );
    assert.equal(col(r, 'e').type, 'empty');
    assert.equal(col(r, 'e').drifted, null);
    assert.match(col(r, 'e').reason, /no values in current/);
    assert.equal(col(r, 'x').test, 'chisquare', '4 distinct values (3-5), <= 1000 reference values');
  });

  it('a numerical column whose reference holds text is reported, the others still tested', () => {
    const r = compareDatasets(
      ref([dictCol('n', ['1.5', 'abc', '2.5']), numCol('ok', [1, 2, 3])]),
      cur([numCol('n', [1.5, 2.5, 3.5], false), numCol('ok', [1, 2, 3])]),
    );
    assert.equal(col(r, 'n').drifted, null);
    assert.match(col(r, 'n').reason, /reference holds text such as 'abc'/);
    assert.equal(col(r, 'ok').drifted, false);
  });

  it('flags a change of the missing share separately from drift', () => {
    const r = compareDatasets(ref([numCol('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]), cur([numCol('x', [1, 2, 3, null, null, 6, 7, 8, 9, 10])]));
    assert.ok(col(r, 'x').notes.some((n) => /missing values changed from 0.0% to 20.0%/.test(n)));
  });

  it('dataset drift when the drifted share is >= drift_share (2 of 4 counts)', () => {
    const same = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5];
    const far = same.map((v) => v + 100);
    const cols = (shift: boolean[]) => shift.map((s, i) => numCol(`c${i}`, s ? far : same, false));
    const r = compareDatasets(ref(cols([false, false, false, false])), cur(cols([true, true, false, false])));
    assert.equal(r.dataset.driftedColumns, 2);
    assert.equal(r.dataset.share, 0.5);
    assert.equal(r.dataset.drifted, true);
    const r2 = compareDatasets(ref(cols([false, false, false, false])), cur(cols([true, true, false, false])), { driftShare: 0.51 });
    assert.equal(r2.dataset.drifted, false);
  });

  it('Bonferroni multiplies p-values by the number of p-value tests (off by default)', () => {
    const rnd = seeded(3);
    const a = Array.from({ length: 60 }, () => rnd());
    const b = Array.from({ length: 60 }, () => rnd() + 0.25);
    const mk = (v: number[]) => [numCol('p', v, false), numCol('q', v.map((x) => x * 2), false)];
    const plain = compareDatasets(ref(mk(a)), cur(mk(b)));
    const corrected = compareDatasets(ref(mk(a)), cur(mk(b)), { correction: 'bonferroni' });
    assert.equal(plain.correction, 'none');
    for (const name of ['p', 'q']) {
      assertClose(col(corrected, name).score, Math.min(1, col(plain, name).score! * 2), name);
      assert.ok(col(corrected, name).notes.some((n) => n.startsWith('Bonferroni')));
    }
  });
});

describe('summaries and chart bins against pandas / numpy', () => {
  interface Summary { count: number; min: number; max: number; mean: number; std: number; quantiles: number[] }
  type WithSummaries = ExpectedColumn & { summaries?: { reference: Summary; current: Summary }; doaneEdges?: number[] };
  for (const c of cases) {
    it(`${c.name}: count, min, max, mean, std (ddof 1), quantiles (linear) and Doane edges`, async () => {
      const report = await run(c);
      for (const e of c.columns as WithSummaries[]) {
        if (!e.summaries) continue;
        const col = report.columns.find((x) => x.name === e.name)!;
        for (const side of ['reference', 'current'] as const) {
          const got = col[side] as import('../../src/shared/report').NumericSummary;
          const want: Summary = e.summaries[side];
          const what = `${c.name}.${e.name}.${side}`;
          assert.equal(got.count, want.count, `${what}.count`);
          assertClose(got.min, want.min, `${what}.min`);
          assertClose(got.max, want.max, `${what}.max`);
          assertClose(got.mean, want.mean, `${what}.mean`);
          assertClose(got.std, want.std, `${what}.std`);
          const q = got.quantiles!;
          [q.p05, q.p25, q.p50, q.p75, q.p95].forEach((v, i) => assertClose(v, want.quantiles[i], `${what}.q${i}`));
        }
        if (e.doaneEdges && col.distribution?.kind === 'histogram') {
          assert.equal(col.distribution.edges.length, e.doaneEdges.length, `${c.name}.${e.name} bins`);
          col.distribution.edges.forEach((v, i) => assertClose(v, e.doaneEdges![i], `${c.name}.${e.name}.edge${i}`));
          const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          assert.equal(total(col.distribution.reference), e.summaries.reference.count);
          assert.equal(total(col.distribution.current), e.summaries.current.count);
        }
      }
    });
  }
});

describe('more departures, end to end', () => {
  const col = (r: DriftReport, name: string): ColumnReport => r.columns.find((c) => c.name === name)!;

  it('a constant column gets a defined result with a note (Evidently: NaN from chisquare)', () => {
    const r = compareDatasets(
      dataset('ref.csv', [dictCol('k', Array(30).fill('same')), numCol('x', Array.from({ length: 30 }, (_, i) => i + 0.5), false)]),
      dataset('cur.csv', [dictCol('k', Array(40).fill('same')), numCol('x', Array.from({ length: 40 }, (_, i) => i + 0.5), false)]),
      { catMethod: 'chisquare' },
    );
    const k = col(r, 'k');
    assert.equal(k.score, 1);
    assert.equal(k.drifted, false);
    assert.ok(k.notes.some((n) => /constant/.test(n)), k.notes.join('; '));
  });

  it('bins are honoured for psi on a continuous column (Evidently ignores n_bins)', () => {
    const rnd = seeded(11);
    const make = (shift: number) => [numCol('x', Array.from({ length: 3000 }, () => rnd() * 10 + shift), false)];
    const ref = dataset('ref.csv', make(0));
    const cur = dataset('cur.csv', make(0.7));
    const sturges = col(compareDatasets(ref, cur, { method: 'psi' }), 'x');
    const thirty = col(compareDatasets(ref, cur, { method: 'psi', bins: 30 }), 'x');
    const side = (d: typeof ref) => (prepareSide(d.columns[0]) as PreparedNumeric).finite;
    assert.equal(sturges.score, psiTest.numerical!(side(ref), side(cur), {}).score);
    assert.equal(thirty.score, psiTest.numerical!(side(ref), side(cur), { bins: 30 }).score);
    assert.notEqual(thirty.score, sturges.score);
  });
});
