import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkHybridRuns, ParquetCorruptError } from '../../src/core/read/parquet/pages';

// Issue 13, findings 2 and 3: a Parquet file's footer and page headers are checked before they
// are believed, and no decoding loop runs on without progress. The fixtures are the read
// fixtures with one thing changed (scripts/fixtures/gen_hostile_parquet.mjs).
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const hostile = (name: string) => path.join(ROOT, 'test/fixtures/hostile', name);
const good = path.join(ROOT, 'test/fixtures/read/flights-1k.parquet');

/**
 * The CLI on a hostile reference, in a child process with a watchdog: a hang or a crash fails the
 * test instead of stopping the suite (the watchdog is a cap, not a timing assertion).
 */
function compare(reference: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', CLI, 'compare', reference, good], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  assert.equal(r.signal, null, `the reader was stopped by ${String(r.signal)} (hung or out of memory)`);
  return { code: r.status, err: r.stderr, out: r.stdout };
}

function expectCorrupt(name: string, message: RegExp, file = hostile(name)) {
  const r = compare(file);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, new RegExp(`^drift-inspect: \\S*${name.replace('.', '\\.')}: `));
  assert.match(r.err, message);
  assert.doesNotMatch(r.err, /internal error|\n\s+at /);
}

describe('hostile input: Parquet metadata and pages (issue 13, findings 2 and 3)', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build');
  });

  it('a footer claiming 2e9 rows of a 9 KB file: an error naming the row group and what its pages hold', () => {
    expectCorrupt('rows-2e9.parquet', /its footer gives row group 1 2000000000 rows, but the pages of column 'date' hold 1000 values/);
  });

  it('5M rows claimed, 1,000 stored: an error, not "100% missing"', () => {
    expectCorrupt('rows-5m.parquet', /row group 1 5000000 rows, but the pages of column 'date' hold 1000 values/);
  });

  it('a negative row count: an error, not an internal one', () => {
    expectCorrupt('rows-negative.parquet', /the Parquet file is corrupt: its footer gives -5 rows/);
  });

  it('a page header declaring 2 GB: refused before it is allocated, with the limit and how to raise it', () => {
    expectCorrupt('page-2gb.parquet', /column 'delay' in row group 1 of 1 cannot be decoded: page 1: its header declares 2147483647 bytes uncompressed, more than the limit of 512 MiB a page \(set DRIFT_INSPECT_MAX_PAGE_MB/);
  });

  it('one flipped bit in a data page: an error naming file, column and page (hyparquet spun for ever)', () => {
    expectCorrupt('flipped-bit.parquet', /column 'date' in row group 1 of 1 cannot be decoded: page 2: dictionary indexes: /);
  });

  it('a schema element with -2 children (one flipped bit of the footer): an error, not a loop', () => {
    expectCorrupt('negative-children.parquet', /the Parquet file is corrupt: its footer cannot be read \(its schema element 9 has -2 children\)/);
  });

  it('every byte of flights-1k.parquet changed in turn: a result or a DatasetReadError, never a hang', function () {
    this.timeout(120_000);
    // In a child process with a watchdog (see compare). Every 11th byte of the pages and every third
    // of the footer, two changes each.
    const script = `
      const { readParquet } = require(${JSON.stringify(path.join(ROOT, 'out/src/core/read/parquet/reader.js'))});
      const orig = require('fs').readFileSync(${JSON.stringify(good)});
      (async () => {
        for (let at = 0; at < orig.length; at += at > orig.length - 1300 ? 3 : 11) for (const change of [(b) => b ^ 1, (b) => b ^ 0xff]) {
          const bytes = Buffer.from(orig); bytes[at] = change(bytes[at]);
          try { await readParquet(bytes, 'm.parquet'); } catch (e) {
            if (e.name !== 'DatasetReadError') { console.log('byte ' + at + ': ' + e.name + ': ' + e.message); process.exit(1); }
          }
        }
      })();`;
    const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '-e', script], { encoding: 'utf8', timeout: 110_000 });
    assert.equal(r.signal, null, 'hung or out of memory');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  // Found by fuzzing (test/fixtures/fuzz/README.md says how each file was made).
  const fuzzed = (name: string) => path.join(ROOT, 'test/fixtures/fuzz/parquet', name);

  it('byte 2024 of mixed-lz4.parquet zeroed: an error naming column and page (hyparquet-compressors looped for ever)', () => {
    expectCorrupt('lz4-zero-2024.parquet', /column 'price' in row group 1 of 3 cannot be decoded: page 2: it cannot be decompressed \(a match offset of 0 at output byte 0\)/, fuzzed('lz4-zero-2024.parquet'));
  });

  it('byte 3337 of mixed-lz4.parquet zeroed: the same for column when', () => {
    expectCorrupt('lz4-zero-3337.parquet', /column 'when' in row group 1 of 3 cannot be decoded: page 2: it cannot be decompressed/, fuzzed('lz4-zero-3337.parquet'));
  });

  it('a dictionary page emptied by one byte: its indexes are an error, not code 0 of nothing', () => {
    expectCorrupt('51978f5f6c2adf2f.parquet', /column 'text_na' in row group 1 of 1 cannot be decoded: page 2: dictionary index 0, the dictionary holds 0 values/, fuzzed('51978f5f6c2adf2f.parquet'));
  });

  it('a schema column without a name: said so, not column \'undefined\'', () => {
    expectCorrupt('29196416d27d1ab2.parquet', /the Parquet file is corrupt: column 5 of its schema has no name/, fuzzed('29196416d27d1ab2.parquet'));
  });

  it('a zstd frame header claiming 1.9 GB for a page of 960 bytes: refused before it is allocated', () => {
    expectCorrupt('zstd-frame-2gb.parquet', /column 'id' in row group 1 of 3 cannot be decoded: .*the zstd frames declare 1894580928 bytes, the page header 960/, fuzzed('zstd-frame-2gb.parquet'));
  });

  it('checkHybridRuns stops on the run headers that make hyparquet loop', () => {
    const bad: [number[], number, RegExp][] = [
      [[0xff, 0xff, 0xff, 0xff, 0x7f], 4, /longer than 5 bytes|a run of/], // a count that wraps negative
      [[0x03], 8, /past the end/], // a bit-packed group with no bytes
      [[0x80, 0x80, 0x80, 0x40, 0x01], 4, /a run of \d+ values where 4 remain/], // a huge RLE run
      [[0x00, 0x00, 0x00], 4, /end early/], // runs of no values, then nothing
    ];
    for (const [bytes, values, message] of bad) {
      assert.throws(() => checkHybridRuns(Uint8Array.from(bytes), 0, bytes.length, 1, values, 'test'), (e: unknown) => e instanceof ParquetCorruptError && message.test(e.message));
    }
    assert.equal(checkHybridRuns(Uint8Array.from([0x08, 0x01]), 0, 2, 1, 4, 'test'), 2); // RLE: 4 x 1
  });
});
