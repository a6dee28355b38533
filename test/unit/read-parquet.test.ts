import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { readDatasetFile } from '../../src/core/read/index';
import { readParquet } from '../../src/core/read/parquet/reader';
import { readHybrid } from '../../src/core/read/parquet/flat';
import { seeded } from './helpers/columns';
import { cells, dictionary, fixture, nums, numeric, rejectsWith, texts } from './read-helpers';

const CODECS = ['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4raw', 'none', 'v2-plain', 'v2-dict', 'v2-plainenc'];

describe('read: Parquet', () => {
  it('reads the mixed table (3 row groups) with the right column kinds', async () => {
    const d = await readDatasetFile(fixture('mixed-snappy.parquet'));
    assert.equal(d.format, 'parquet');
    assert.equal(d.rows, 300);
    assert.deepEqual(d.columns.map((c) => c.name), ['id', 'count', 'price', 'flag', 'city', 'when', 'day']);
    assert.deepEqual(nums(d, 'id'), Array.from({ length: 300 }, (_, i) => i));
    assert.equal(numeric(d, 'id').integer, true, 'INT64');
    assert.equal(numeric(d, 'count').integer, true, 'INT32');
    assert.equal(numeric(d, 'price').integer, false, 'DOUBLE');
    assert.equal(nums(d, 'count')[3], null);
    assert.equal(dictionary(d, 'flag').logical, 'boolean');
    assert.deepEqual([...dictionary(d, 'flag').dictionary].sort(), ['False', 'True']);
    assert.equal(texts(d, 'flag')[0], null);
    assert.equal(dictionary(d, 'city').logical, undefined);
    assert.equal(texts(d, 'city')[1], 'multi\nline');
    assert.equal(dictionary(d, 'when').logical, 'datetime');
    assert.equal(texts(d, 'when')[0], '2023-01-23T08:09:43');
    assert.equal(dictionary(d, 'day').logical, 'datetime');
    assert.equal(texts(d, 'day')[0], '2022-07-29');
  });

  for (const codec of CODECS.slice(1)) {
    it(`reads ${codec} the same as snappy`, async () => {
      const [a, b] = await Promise.all([
        readDatasetFile(fixture('mixed-snappy.parquet')),
        readDatasetFile(fixture(`mixed-${codec}.parquet`)),
      ]);
      assert.equal(b.rows, a.rows);
      for (const [i, col] of a.columns.entries()) {
        assert.deepEqual(cells(b.columns[i]), cells(col), col.name);
      }
    });
  }

  it('maps every type: floats with inf/NaN, big and unsigned ints, timestamps, dates, nested', async () => {
    const d = await readDatasetFile(fixture('types.parquet'));
    assert.equal(d.rows, 5);
    // NaN in a float column is missing, as in pandas; infinities are kept and counted.
    assert.deepEqual(nums(d, 'f32'), [1.5, null, Infinity, -Infinity, null]);
    assert.equal(numeric(d, 'f32').infinities, 2);
    assert.equal(numeric(d, 'f32').integer, false);
    // bigint -> number (2^53 + 1 rounds to 2^53), integer.
    assert.deepEqual(nums(d, 'i64big'), [9007199254740992, -1, null, 0, 5]);
    assert.equal(numeric(d, 'i64big').integer, true);
    assert.deepEqual(nums(d, 'u32'), [4000000000, 1, 2, null, 3]);
    // Timestamps keep their precision; UTC instants end in Z; before 1970 works.
    assert.deepEqual(texts(d, 'ts_ms_utc'), [
      '2020-02-29T23:59:59.123Z', null, '1969-12-31T23:59:59.500Z', '1970-01-01T00:00:00Z', '1970-01-02T00:00:00Z',
    ]);
    assert.deepEqual(texts(d, 'ts_ns'), [
      '2023-11-14T22:13:20.123456789', null, '1969-12-31T23:59:59.999999999', '1970-01-01T00:00:00', '1970-01-01T00:00:00.000000001',
    ]);
    assert.deepEqual(texts(d, 'ts_us'), [
      '2023-11-14T22:13:20.123456', null, '1969-12-31T23:59:59.999999', '1970-01-01T00:00:00', '1970-01-01T00:00:01',
    ]);
    assert.deepEqual(texts(d, 'date'), ['1970-01-01', null, '1969-12-31', '1971-01-01', '2022-01-08']);
    for (const name of ['ts_ms_utc', 'ts_ns', 'ts_us', 'date']) assert.equal(dictionary(d, name).logical, 'datetime');
    assert.deepEqual(texts(d, 'list'), ['[1,2]', '[]', null, '[3]', '[4,5,6]']);
    assert.deepEqual(texts(d, 'struct'), ['{"a":1,"b":"x"}', '{"a":null,"b":"y"}', null, '{"a":3,"b":null}', '{"a":4,"b":"z"}']);
    // Parquet strings are data, not text to interpret: "NA" and "" stay as written.
    assert.deepEqual(texts(d, 'text_na'), ['NA', '', 'x', null, 'None']);
    assert.deepEqual(texts(d, 'bools'), ['True', 'False', null, 'True', 'True']);
    assert.equal(dictionary(d, 'bools').logical, 'boolean');
    assert.deepEqual(texts(d, 'time_ms'), ['00:00:00', '12:34:56.789', null, '23:59:59.999', '00:00:01']);
    assert.deepEqual(texts(d, 'time_us'), ['00:00:00', '12:34:56.000001', null, '23:59:59.999999', '00:00:01']);
    assert.equal(dictionary(d, 'time_us').logical, 'datetime');
  });

  it('reads a file written by pandas (pyarrow, parquet-cpp)', async function () {
    // Debian's python3-pandas ships it; scripts/preflight.js installs that package before the tests.
    const path = '/usr/lib/python3/dist-packages/pandas/tests/io/data/parquet/simple.parquet';
    const bytes: Uint8Array = readFileSync(path);
    const d = await readParquet(bytes, 'simple.parquet');
    assert.deepEqual(nums(d, 'A'), [1, 2, 3]);
    assert.deepEqual(texts(d, 'B'), ['foo', 'foo', 'foo']);
  });

  it('reads bytes that are a view into a larger buffer', async () => {
    const file = readFileSync(fixture('mixed-gzip.parquet'));
    const pool = new Uint8Array(file.length + 100);
    pool.set(file, 50);
    const d = await readParquet(pool.subarray(50, 50 + file.length), 'mixed-gzip.parquet');
    assert.equal(d.rows, 300);
  });

  it('reports progress by row group and honours abort', async () => {
    const bytes = readFileSync(fixture('mixed-zstd.parquet'));
    const calls: number[] = [];
    await readParquet(bytes, 'mixed-zstd.parquet', { onProgress: (done, total) => {
      assert.equal(total, bytes.length);
      calls.push(done);
    } });
    assert.ok(calls.length >= 3, `${calls.length} calls`);
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i] >= calls[i - 1]);
    assert.equal(calls[calls.length - 1], bytes.length);

    const controller = new AbortController();
    const reason = new Error('stop');
    await assert.rejects(
      readParquet(bytes, 'mixed-zstd.parquet', { signal: controller.signal, onProgress: () => controller.abort(reason) }),
      (e) => e === reason,
    );
  });

  describe('bad input', () => {
    const good = () => Buffer.from(readFileSync(fixture('mixed-snappy.parquet')));

    it('an empty file', async () => {
      await rejectsWith(readParquet(new Uint8Array(0), 'x.parquet'), { message: /x\.parquet: the file is empty/ });
    });

    it('a file that is not Parquet', async () => {
      await rejectsWith(readDatasetFile(fixture('text-inside.parquet')), { message: /not a Parquet file \(it does not start with PAR1\)/ });
    });

    it('a truncated file', async () => {
      const bytes = good();
      await rejectsWith(readParquet(bytes.subarray(0, bytes.length - 100), 'cut.parquet'), { message: /cut\.parquet: the Parquet file is truncated/ });
      await rejectsWith(readParquet(bytes.subarray(0, 6), 'cut.parquet'), { message: /truncated/ });
    });

    it('a corrupt footer', async () => {
      const bytes = good();
      for (let i = bytes.length - 200; i < bytes.length - 8; i++) bytes[i] = 0xab;
      await rejectsWith(readParquet(bytes, 'bad.parquet'), { message: /the Parquet file is corrupt: its footer cannot be read/ });
      const huge = good();
      huge.writeUInt32LE(0x7fffffff, huge.length - 8);
      await rejectsWith(readParquet(huge, 'bad.parquet'), { message: /corrupt/ });
    });

    it('corrupt column data names the column and row group', async () => {
      const bytes = good();
      for (let i = 4; i < 2000; i++) bytes[i] = (i * 7919) & 0xff;
      await rejectsWith(readParquet(bytes, 'bad.parquet'), { message: /column 'id' in row group 1 of 3 cannot be decoded/ });
    });
  });

  it('RLE / bit-packed hybrid decoding = hyparquet readRleBitPackedHybrid (levels and indexes)', async () => {
    const { readRleBitPackedHybrid } = await import('hyparquet/src/encoding.js');
    const rand = seeded(99);
    const varint = (out: number[], v: number) => {
      while (v >= 0x80) {
        out.push((v & 0x7f) | 0x80);
        v = Math.floor(v / 128);
      }
      out.push(v);
    };
    // Width 0 (a one-entry dictionary) is left out: hyparquet reads a byte inside a zero-byte
    // bit-packed run there; the spec and our decoder give zeros, checked below.
    for (const width of [1, 2, 3, 7, 8, 9, 13, 17, 24]) {
      // Runs of both kinds, as a writer would produce them.
      const bytes: number[] = [];
      let count = 0;
      for (let run = 0; run < 40; run++) {
        const max = width === 0 ? 0 : 2 ** width - 1;
        if (rand() < 0.5) {
          const length = 1 + Math.floor(rand() * 300);
          varint(bytes, length * 2);
          const v = Math.floor(rand() * (max + 1));
          for (let k = 0; k < Math.ceil(width / 8); k++) bytes.push(Math.floor(v / 2 ** (8 * k)) & 0xff);
          count += length;
        } else {
          const groups = 1 + Math.floor(rand() * 20);
          varint(bytes, groups * 2 + 1);
          let acc = 0n;
          for (let i = 0; i < groups * 8; i++) acc |= BigInt(Math.floor(rand() * (max + 1))) << BigInt(i * width);
          for (let i = 0; i < groups * width; i++) bytes.push(Number((acc >> BigInt(8 * i)) & 0xffn));
          count += groups * 8;
        }
      }
      const buf = Uint8Array.from(bytes);
      // A page may end inside the last bit-packed group: ask for a few values less.
      const want = count - 5;
      const ours = new Int32Array(want);
      readHybrid(buf, 0, buf.length, width, ours, want);
      const theirs = new Array<number>(want);
      // hyparquet reads a few bytes ahead inside a bit-packed run: give it room.
      const padded = new Uint8Array(buf.length + 8);
      padded.set(buf);
      readRleBitPackedHybrid({ view: new DataView(padded.buffer), offset: 0 }, width, theirs, buf.length);
      // (hyparquet writes a last RLE run whole, past the length asked for.)
      assert.deepEqual(Array.from(ours), theirs.slice(0, want), `width ${width}`);
      assert.throws(() => readHybrid(buf, 0, Math.floor(buf.length / 2), width, new Int32Array(want), want), /end early/);
    }
    // Width 0: a run of 5 then a bit-packed group of 8, no value bytes at all.
    const zeros = new Int32Array(13).fill(7);
    readHybrid(Uint8Array.from([10, 3]), 0, 2, 0, zeros, 13);
    assert.deepEqual(Array.from(zeros), new Array(13).fill(0));
  });
});
