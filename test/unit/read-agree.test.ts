import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import type { Column, Dataset } from '../../src/core/read/dataset';
import { readDatasetFile } from '../../src/core/read/index';
import { cells, column, fixture, FIXTURES, VEGA } from './read-helpers';

/** Column summaries computed by pandas (scripts/fixtures/gen_read_fixtures.py). */
interface PandasColumn {
  name: string;
  dtype: string;
  count: number;
  distinct: number;
  sum?: number;
  infinities?: number;
}
interface PandasSummary {
  rows: number;
  columns: PandasColumn[];
}
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, PandasSummary | string>;

function fileFor(key: string): string {
  const [where, name] = key.split(':');
  return where === 'vega' ? path.join(VEGA, name) : path.join(FIXTURES, name);
}

function summarize(c: Column): { count: number; distinct: number; sum?: number; infinities?: number } {
  if (c.storage === 'numeric') {
    const seen = new Set<number>();
    let sum = 0;
    let infinities = 0;
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      seen.add(v);
      if (Number.isFinite(v)) sum += v;
      else infinities++;
    }
    return { count: seen.size === 0 ? 0 : c.values.filter((v) => !Number.isNaN(v)).length, distinct: seen.size, sum, infinities };
  }
  let count = 0;
  const used = new Set<number>();
  for (const code of c.codes) {
    if (code < 0) continue;
    count++;
    used.add(code);
  }
  return { count, distinct: used.size };
}

function assertMatchesPandas(d: Dataset, expected: PandasSummary): void {
  assert.equal(d.rows, expected.rows, 'rows');
  assert.deepEqual(d.columns.map((c) => c.name), expected.columns.map((c) => c.name), 'column names');
  for (const p of expected.columns) {
    const c = column(d, p.name);
    const ours = summarize(c);
    const where = `column '${p.name}' (pandas ${p.dtype})`;
    assert.equal(ours.count, p.count, `${where}: non-missing count`);
    assert.equal(ours.distinct, p.distinct, `${where}: distinct values`);
    const booleanAsFloat = c.storage === 'dictionary' && c.logical === 'boolean' && p.dtype === 'float64';
    if (p.dtype === 'object' || p.dtype === 'bool' || booleanAsFloat) {
      // pandas keeps booleans with gaps as 1.0/0.0 floats; we keep them as True/False.
      assert.equal(c.storage, 'dictionary', where);
      continue;
    }
    assert.equal(c.storage, 'numeric', where);
    if (c.storage !== 'numeric') continue;
    const relative = Math.abs((ours.sum ?? 0) - (p.sum ?? 0)) / Math.max(1, Math.abs(p.sum ?? 0));
    assert.ok(relative < 1e-9, `${where}: sum ${ours.sum} vs pandas ${p.sum}`);
    assert.equal(ours.infinities, p.infinities ?? 0, `${where}: infinities`);
    // int64 means every value was an integer; float64 without gaps means some were not.
    if (p.dtype === 'int64') assert.equal(c.integer, true, `${where}: integer`);
    if (p.dtype === 'float64' && p.count === expected.rows) assert.equal(c.integer, false, `${where}: integer`);
  }
}

/** Same names, storage, values and integer flags; `logical` may differ (CSV text has none). */
function assertSameColumns(a: Dataset, b: Dataset): void {
  assert.equal(b.rows, a.rows, `${b.source} rows`);
  assert.deepEqual(b.columns.map((c) => c.name), a.columns.map((c) => c.name));
  for (const [i, ca] of a.columns.entries()) {
    const cb = b.columns[i];
    const where = `${path.basename(b.source)} '${ca.name}' vs ${path.basename(a.source)}`;
    assert.equal(cb.storage, ca.storage, where);
    assert.deepEqual(cells(cb), cells(ca), where);
    if (ca.storage === 'numeric' && cb.storage === 'numeric') assert.equal(cb.integer, ca.integer, `${where}: integer`);
    if (ca.storage === 'dictionary' && cb.storage === 'dictionary') assert.deepEqual(cb.dictionary, ca.dictionary, where);
  }
}

describe('read: readers agree with each other and with pandas', () => {
  describe('the same data as CSV, JSON Lines and Parquet', () => {
    it('mixed: ints with gaps, floats, booleans, text with quotes and newlines, timestamps, dates', async () => {
      const csv = await readDatasetFile(fixture('mixed.csv'));
      const jsonl = await readDatasetFile(fixture('mixed.jsonl'));
      assertSameColumns(csv, jsonl);
      for (const codec of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4raw', 'none', 'v2-plain']) {
        assertSameColumns(csv, await readDatasetFile(fixture(`mixed-${codec}.parquet`)));
      }
    });

    it('flights (real data): first 1000 rows', async () => {
      const csv = await readDatasetFile(fixture('flights-1k.csv'));
      assertSameColumns(csv, await readDatasetFile(fixture('flights-1k.jsonl')));
      assertSameColumns(csv, await readDatasetFile(fixture('flights-1k.parquet')));
    });

    it('logical types come only from sources that say them', async () => {
      const csv = await readDatasetFile(fixture('mixed.csv'));
      const pq = await readDatasetFile(fixture('mixed-snappy.parquet'));
      const jsonl = await readDatasetFile(fixture('mixed.jsonl'));
      const logical = (d: Dataset, name: string) => {
        const c = column(d, name);
        return c.storage === 'dictionary' ? c.logical : 'numeric';
      };
      assert.deepEqual(['flag', 'when'].map((n) => logical(csv, n)), [undefined, undefined]);
      assert.deepEqual(['flag', 'when'].map((n) => logical(jsonl, n)), ['boolean', undefined]);
      assert.deepEqual(['flag', 'when'].map((n) => logical(pq, n)), ['boolean', 'datetime']);
    });
  });

  describe('column summaries match pandas', () => {
    for (const [key, expected] of Object.entries(EXPECTED)) {
      if (typeof expected === 'string') continue;
      it(key, async function () {
        // flights-3m.parquet: 3M rows; pandas read parquet-wasm's decoding of it.
        this.timeout(120000);
        const d = await readDatasetFile(fileFor(key));
        assertMatchesPandas(d, expected);
      });
    }
  });
});
