import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { compareDatasets } from '../../src/core/drift/engine';
import { readCsv } from '../../src/core/read/csv/reader';
import { readDataset, readDatasetFile } from '../../src/core/read/index';
import { sampleKey, sampleRows, smallestKeys } from '../../src/core/read/sample';
import { fixture, nums, texts } from './read-helpers';

/** Seeded sampling (--sample N): deterministic, uniform, and the same rows however the file is read. */
describe('perf: seeded sampling', () => {
  it('keys are distinct for a seed, and differ between seeds', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100000; i++) seen.add(sampleKey(42, i));
    assert.equal(seen.size, 100000);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (sampleKey(1, i) === sampleKey(2, i)) same++;
    assert.ok(same < 5);
  });

  it('picks exactly N rows, in file order, the same every time', () => {
    const a = sampleRows(10000, { rows: 500, seed: 7 });
    assert.equal(a.length, 500);
    for (let i = 1; i < a.length; i++) assert.ok(a[i] > a[i - 1]);
    assert.deepEqual(Array.from(sampleRows(10000, { rows: 500, seed: 7 })), Array.from(a));
    assert.notDeepEqual(Array.from(sampleRows(10000, { rows: 500, seed: 8 })), Array.from(a));
    // At least as many rows asked as there are: all of them.
    assert.deepEqual(Array.from(sampleRows(5, { rows: 10 })), [0, 1, 2, 3, 4]);
  });

  it('is close to uniform: each decile of the file gets about a tenth of the sample', () => {
    const picked = sampleRows(100000, { rows: 10000, seed: 3 });
    const deciles = new Array<number>(10).fill(0);
    for (const r of picked) deciles[Math.floor(r / 10000)]++;
    for (const d of deciles) assert.ok(d > 900 && d < 1100, `decile ${d}`);
  });

  it('smallestKeys keeps the N smallest keys', () => {
    const keys = Uint32Array.from([50, 10, 40, 20, 30]);
    assert.deepEqual(Array.from(smallestKeys(keys, 3)), [1, 3, 4]);
  });

  it('CSV (one chunk or many) and Parquet give the same rows', async () => {
    const sample = { rows: 100, seed: 11 };
    const csvBytes = readFileSync(fixture('flights-1k.csv'));
    const one = await readCsv(csvBytes, 'f.csv', { sample, inThread: true });
    const many = await readCsv(csvBytes, 'f.csv', { sample, inThread: true, chunkBytes: 500 });
    const parquet = await readDataset(readFileSync(fixture('flights-1k.parquet')), 'f.parquet', { sample });
    for (const d of [one, many, parquet]) {
      assert.equal(d.rows, 100);
      assert.deepEqual(d.sampled, { seed: 11, requested: 100, fileRows: 1000 });
    }
    assert.deepEqual(nums(many, 'delay'), nums(one, 'delay'));
    assert.deepEqual(texts(many, 'origin'), texts(one, 'origin'));
    assert.deepEqual(nums(parquet, 'delay'), nums(one, 'delay'));
    assert.deepEqual(texts(parquet, 'origin'), texts(one, 'origin'));
    // The full read, then the same row numbers, gives the same values.
    const all = await readCsv(csvBytes, 'f.csv', { inThread: true });
    const rows = sampleRows(1000, sample);
    assert.deepEqual(nums(one, 'distance'), Array.from(rows, (r) => nums(all, 'distance')[r]));
  });

  it('the csv-parse reader samples the same rows as the fast path', async () => {
    // A quote inside an unquoted field sends the file to csv-parse.
    const lines = ['id,v,note'];
    for (let i = 0; i < 300; i++) lines.push(`${i},${i % 13},${i === 5 ? '5\'11"' : 'x'}`);
    const quirky = Buffer.from(lines.join('\n') + '\n');
    const plainFile = Buffer.from(lines.map((l, i) => (i === 6 ? '5,5,x' : l)).join('\n') + '\n');
    const sample = { rows: 40, seed: 5 };
    const viaCsvParse = await readCsv(quirky, 'q.csv', { sample });
    const viaFast = await readCsv(plainFile, 'p.csv', { sample });
    assert.deepEqual(nums(viaCsvParse, 'id'), nums(viaFast, 'id'));
  });

  it('types come from the sampled rows, as if the file held only them', async () => {
    // Column b is integer except one decimal row; a sample without that row is integer.
    const lines = ['a,b'];
    for (let i = 0; i < 400; i++) lines.push(`${i},${i === 399 ? '2.5' : i % 50}`);
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const sample = { rows: 20, seed: 1 };
    const rows = sampleRows(400, sample);
    assert.ok(!Array.from(rows).includes(399), 'pick a seed that leaves out row 399');
    const d = await readCsv(bytes, 'b.csv', { sample, chunkBytes: 300, inThread: true });
    const b = d.columns[1];
    assert.ok(b.storage === 'numeric' && b.integer);
  });

  it('the report states the sampling', async () => {
    const sample = { rows: 200, seed: 9 };
    const ref = await readDatasetFile(fixture('flights-1k.csv'), { sample });
    const cur = await readDatasetFile(fixture('flights-1k.parquet'), { sample });
    const report = compareDatasets(ref, cur);
    assert.deepEqual(report.sampling, { rows: 200, seed: 9, referenceRows: 1000, currentRows: 1000 });
    assert.equal(report.reference.rows, 200);
    const whole = compareDatasets(await readDatasetFile(fixture('flights-1k.csv')), cur);
    assert.equal(whole.sampling?.referenceRows, 1000);
    assert.equal(compareDatasets(ref, ref).sampling?.rows, 200);
    assert.equal(compareDatasets(await readDatasetFile(fixture('flights-1k.csv')), await readDatasetFile(fixture('flights-1k.csv'))).sampling, undefined);
  });
});
