import { strict as assert } from 'assert';
import { readFileSync, statSync } from 'fs';
import { parseCommandLine, UsageError } from '../../src/cli/args';
import { compareDatasets } from '../../src/core/drift/engine';
import { compareDatasetsParallel } from '../../src/core/drift/parallel';
import { readDatasetFile } from '../../src/core/read/index';
import { readParquet } from '../../src/core/read/parquet/reader';
import { readParquetFile } from '../../src/core/read/parquet/parallel';
import { fixture } from './read-helpers';
import { testPool } from './pool-helper';

/** Threads change how fast, never what: the same datasets and the same report. */
describe('perf: worker threads give the same results', () => {

  it('Parquet split by columns over threads = read whole on this thread', async () => {
    for (const name of ['flights-1k.parquet', 'types.parquet', 'mixed-snappy.parquet', 'mixed-zstd.parquet', 'mixed-v2-plain.parquet']) {
      const file = fixture(name);
      const threads = await readParquetFile(file, name, statSync(file).size, { parallelFrom: 0, runner: testPool() });
      const single = await readParquet(readFileSync(file), name);
      assert.deepEqual(threads, single, name);
    }
  });

  it('columns compared on threads = compared on this thread (same report)', async () => {
    for (const [a, b] of [
      ['flights-1k.csv', 'flights-1k.parquet'],
      ['mixed.csv', 'mixed-gzip.parquet'],
    ]) {
      const ref = await readDatasetFile(fixture(a));
      const cur = await readDatasetFile(fixture(b));
      const settings = { correction: 'benjamini-hochberg' as const };
      const threads = await compareDatasetsParallel(ref, cur, settings, { parallelFrom: 0, generatedBy: 't', runner: testPool() });
      const single = compareDatasets(ref, cur, settings, { generatedBy: 't' });
      assert.deepEqual(threads, single, `${a} vs ${b}`);
    }
  });
});

describe('perf: command line', () => {
  const compare = (...extra: string[]) => parseCommandLine(['compare', 'a.csv', 'b.csv', ...extra]);

  it('--sample N, --sample-seed S and --cache DIR', () => {
    const cmd = compare('--sample', '1000', '--sample-seed', '7', '--cache', '/tmp/c');
    assert.ok(cmd.command === 'compare');
    assert.equal(cmd.settings.sample, 1000);
    assert.equal(cmd.settings.sampleSeed, 7);
    assert.equal(cmd.cacheDir, '/tmp/c');
    const plain = compare();
    assert.ok(plain.command === 'compare' && plain.settings.sample === undefined && plain.cacheDir === undefined);
  });

  it('bad values are usage errors', () => {
    assert.throws(() => compare('--sample', '0'), UsageError);
    assert.throws(() => compare('--sample', '1.5'), /--sample must be a whole number of rows/);
    assert.throws(() => compare('--sample-seed=-1'), /--sample-seed must be a whole number/);
  });
});
