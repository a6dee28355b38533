import { strict as assert } from 'assert';
import { seeded } from './helpers/columns';
import { toCategoricalPair } from '../../src/core/drift/categorical';
import { categoriesDistribution } from '../../src/core/drift/distribution';
import { prepareSide } from '../../src/core/drift/prepare';
import { DictionaryEncoder } from '../../src/core/read/dictionary';
import type { DictionaryColumn } from '../../src/core/read/dataset';
import { STAT_TESTS } from '../../src/core/stats/registry';
import { categoricalPair, countCodes } from '../../src/core/stats/sides';
import type { CategoricalPair, StatTestResult } from '../../src/core/stats/types';

/** A text column whose dictionary is not in first-occurrence order and holds an unused entry. */
function column(name: string, dictionary: string[], codes: number[]): DictionaryColumn {
  return { name, storage: 'dictionary', dictionary, codes: Int32Array.from(codes) };
}

/**
 * The column's rows in the order a profile stands for them (drift/prepare.ts): grouped by value,
 * values ascending by UTF-16 code units.
 */
function rowsOf(col: DictionaryColumn): string[] {
  return Array.from(col.codes)
    .filter((c) => c >= 0)
    .map((c) => col.dictionary[c])
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function outcome(f: () => StatTestResult): string {
  try {
    const r = f();
    return `${Object.is(r.score, -0) ? '-0' : String(r.score)} ${r.note ?? ''}`;
  } catch (e) {
    return `error ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The pair built from the profiles' counts equals the row-by-row build of the grouped rows, and so do the scores. */
describe('perf: categorical pairs from dictionary counts', () => {
  const rand = seeded(777);
  const cases: Array<[DictionaryColumn, DictionaryColumn]> = [];
  for (const [n, k] of [
    [50, 4],
    [400, 12],
    [1000, 2],
    [30, 1],
  ]) {
    const dict = Array.from({ length: k + 1 }, (_, i) => `v${(i * 7) % (k + 1)}`);
    const codes = (skew: number) => Array.from({ length: n }, () => (rand() < 0.05 ? -1 : Math.min(k - 1, Math.floor(rand() ** skew * k))));
    // The reference's last entry never occurs; the current's dictionary is ordered differently.
    cases.push([column('a', dict, codes(1)), column('a', [...dict].reverse(), codes(2).map((c) => (c < 0 ? c : k - c)))]);
  }
  // Equal sizes (g_test, fisher_exact need them) and a text only in the current file.
  cases.push([column('b', ['y', 'x'], [0, 1, 1, 0, 1, -1]), column('b', ['x', 'w', 'y'], [0, 1, 2, 2, 0, 0])]);

  it('labels, row codes and counts equal the row-by-row pair', () => {
    for (const [r, c] of cases) {
      const counted = toCategoricalPair(prepareSide(r), prepareSide(c));
      const rows = categoricalPair(rowsOf(r), rowsOf(c));
      assert.deepEqual(counted.labels, rows.labels);
      assert.ok(counted.counts);
      assert.deepEqual(Array.from(counted.counts.ref), Array.from(countCodes(rows.ref, rows.labels.length)));
      assert.deepEqual(Array.from(counted.counts.cur), Array.from(countCodes(rows.cur, rows.labels.length)));
      assert.equal(counted.counts.nRef, rows.ref.length);
      assert.equal(counted.counts.nCur, rows.cur.length);
      assert.deepEqual(Array.from(counted.ref), Array.from(rows.ref));
      assert.deepEqual(Array.from(counted.cur), Array.from(rows.cur));
    }
  });

  it('every categorical test and the chart give the same result on both builds', () => {
    for (const [r, c] of cases) {
      const rows: CategoricalPair = categoricalPair(rowsOf(r), rowsOf(c));
      for (const test of STAT_TESTS.values()) {
        const run = test.categorical;
        if (!run) continue;
        // A fresh counted pair per test: the permutation tests read the rows, the others must not need them.
        const counted = toCategoricalPair(prepareSide(r), prepareSide(c));
        assert.equal(outcome(() => run(counted, {})), outcome(() => run(rows, {})), test.id);
      }
      assert.deepEqual(categoriesDistribution(toCategoricalPair(prepareSide(r), prepareSide(c))), categoriesDistribution(rows));
    }
  });
});

describe('perf: dictionary entries added by number key', () => {
  const format = (k: number) => `t${k}`;

  it('keys get codes in first-seen order, formatted when the dictionary is read', () => {
    const e = new DictionaryEncoder(new Set(), 4);
    const keys = [5, 3, 5, 9, 3, 1];
    keys.forEach((k, row) => e.setCodeAt(row, e.codeOfKey(k, format)));
    e.setCodeAt(6, e.codeOf('text'));
    assert.deepEqual(Array.from(e.finish(8)), [0, 1, 0, 2, 1, 3, 4, -1]);
    assert.deepEqual(e.dictionary, ['t5', 't3', 't9', 't1', 'text']);
  });

  it('after settleKeyed, the same values arriving as text or by key find their entries', () => {
    const e = new DictionaryEncoder(new Set());
    assert.equal(e.codeOfKey(2, format), 0);
    assert.equal(e.codeOfKey(4, format), 1);
    e.settleKeyed();
    assert.equal(e.codeOf('t4'), 1);
    assert.equal(e.codeOf('t7'), 2);
    assert.equal(e.codeOfKey(7, format), 2);
    assert.equal(e.codeOfKey(8, format), 3);
    assert.deepEqual(e.dictionary, ['t2', 't4', 't7', 't8']);
  });
});
