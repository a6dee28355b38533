import { strict as assert } from 'assert';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readCsv, readCsvFile, readCsvSequential } from '../../src/core/read/csv/reader';
import type { Dataset } from '../../src/core/read/dataset';
import { seeded } from './helpers/columns';
import { testPool } from './pool-helper';

/**
 * The fast CSV path (byte tokenizer, chunks at record boundaries, worker threads) must read
 * every file exactly as the csv-parse reader does, or decline it so csv-parse reads it.
 */

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A dataset as plain data, for deepEqual (NaN as null, -0 kept apart by Object.is below). */
function plain(d: Dataset) {
  return {
    rows: d.rows,
    format: d.format,
    warnings: d.warnings,
    columns: d.columns.map((c) =>
      c.storage === 'numeric'
        ? { name: c.name, storage: c.storage, integer: c.integer, infinities: c.infinities, values: Array.from(c.values, (v) => (Number.isNaN(v) ? null : Object.is(v, -0) ? '-0' : v)) }
        : { name: c.name, storage: c.storage, logical: c.logical, dictionary: c.dictionary, codes: Array.from(c.codes) },
    ),
  };
}

async function same(text: string, chunkBytes: number, name = 'x.csv'): Promise<void> {
  const bytes = utf8(text);
  let expected: unknown;
  try {
    expected = plain(await readCsvSequential(bytes, name, {}));
  } catch (e) {
    expected = { error: (e as Error).message };
  }
  let actual: unknown;
  try {
    actual = plain(await readCsv(bytes, name, { chunkBytes, inThread: true }));
  } catch (e) {
    actual = { error: (e as Error).message };
  }
  assert.deepEqual(actual, expected, `input ${JSON.stringify(text.slice(0, 200))}`);
}

const CELLS = [
  '1', '-2', '+3', '007', '1.5', '-0', '-0.0', '.5', '5.', '1e5', '1E-3', ' 12 ', 'inf', '-Infinity', 'NaN', 'nan', 'NA', 'null', '',
  'abc', 'x y', 'ünï', '€', '"q"', '"a,b"', '"line\nbreak"', '"say ""hi"""', '""', '12345678901234567890', '0.1234567890123456789',
  '1.0', '3.14159', 'True', 'False', '2024-03-01',
];

function randomCsv(rand: () => number, rows: number, cols: number, lineBreak: string): string {
  const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(',')];
  for (let i = 0; i < rows; i++) {
    if (rand() < 0.02) lines.push('');
    lines.push(Array.from({ length: cols }, (_, j) => (j === 0 ? String(i % 17) : CELLS[Math.floor(rand() * CELLS.length)])).join(','));
  }
  return lines.join(lineBreak) + (rand() < 0.5 ? lineBreak : '');
}

describe('perf: fast CSV path agrees with csv-parse', () => {
  it('random files (quotes, line breaks in quotes, blank lines, number forms), split in many chunks', async () => {
    const rand = seeded(20240601);
    for (let k = 0; k < 60; k++) {
      const lb = ['\n', '\r\n', '\r'][k % 3];
      const text = randomCsv(rand, 5 + Math.floor(rand() * 80), 1 + Math.floor(rand() * 5), lb);
      for (const chunkBytes of [7, 64, 1 << 20]) await same(text, chunkBytes);
    }
  });

  it('numeric columns become text when one cell is text, whichever chunk it is in', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 500; i++) lines.push(`${i},${i === 437 ? 'n/a?' : i * 1.5}`);
    for (const chunkBytes of [50, 300, 4096]) await same(lines.join('\n') + '\n', chunkBytes);
    // Past the 256 KB the column kinds are guessed from: the column is read as numbers at first
    // and its chunks are merged as text only when joined.
    const long = ['a,b'];
    for (let i = 0; i < 40_000; i++) long.push(`${i},${i === 39_000 ? 'n/a?' : (i % 997) * 1.5}`);
    await same(long.join('\n') + '\n', 64 << 10);
  });

  it('files it does not take are read by csv-parse, with its messages and lines', async () => {
    for (const text of [
      'a,b\n1,2\n3\n', // too few fields
      'a,b\n1,2,3\n', // too many
      'a,b\n"x"y,2\n', // text after a closing quote
      'a,b\n5\'11",2\n', // quote inside an unquoted field
      'a,b\r\n1,2\n3,4\r\n', // mixed line breaks
      'a,b\n"open,2\n', // never closed
      'a,b\n   \n1,2\n', // a line of spaces
      'a,a\n1,2\n', // repeated header name
      ',b\n1,2\n', // empty header name
      'a,b\n', // header only
      '', // empty
      'a;b\n1,5;2\n', // sniffed delimiter
    ]) {
      for (const chunkBytes of [3, 1 << 20]) await same(text, chunkBytes);
    }
  });

  it('a chunk boundary inside a quoted field with line breaks is caught', async () => {
    const lines = ['id,note'];
    for (let i = 0; i < 200; i++) lines.push(`${i},"first line\nsecond line ${i}\nthird"`);
    for (const chunkBytes of [16, 33, 100, 1000]) await same(lines.join('\n') + '\n', chunkBytes);
  });

  it('worker threads read the same as this thread (file read in blocks)', async function () {
    const rand = seeded(7);
    const dir = mkdtempSync(path.join(tmpdir(), 'di-csv-'));
    const file = path.join(dir, 'big.csv');
    const text = randomCsv(rand, 3000, 4, '\n');
    writeFileSync(file, text);
    const expected = plain(await readCsvSequential(utf8(text), file, {}));
    const threads = await readCsvFile(file, file, Buffer.byteLength(text), { parallelFrom: 0, chunkBytes: 4096, runner: testPool() });
    assert.deepEqual(plain(threads), expected);
  });

  it('worker threads join number columns as their chunks arrive: the same columns as this thread', async function () {
    this.timeout(60_000);
    const rand = seeded(11);
    const dir = mkdtempSync(path.join(tmpdir(), 'di-csv-'));
    // Long rows first (the rows are estimated from the first 256 KB), then short ones: more rows
    // than estimated, so the joined columns grow. Decimals with -0, infinities and missing cells,
    // integers, and a number column that meets text in a late chunk (its chunks are read again).
    const lines = ['dec,int,note,late,more'];
    const rows = 40_000;
    for (let i = 0; i < rows; i++) {
      const r = rand();
      const dec = r < 0.01 ? '-0' : r < 0.02 ? 'inf' : r < 0.03 ? '-Infinity' : r < 0.05 ? '' : ((rand() - 0.5) * 1000).toFixed(3);
      const note = i < 3000 ? 'x'.repeat(80 + Math.floor(rand() * 40)) : 'y';
      const late = i === rows - 5 ? 'n/a?' : String(Math.floor(rand() * 100));
      lines.push(`${dec},${Math.floor(rand() * 1e6) - 5e5},${note},${late},${(rand() * 10).toFixed(1)}`);
    }
    for (const [name, text] of [
      ['grow.csv', lines.join('\n') + '\n'],
      ['numbers.csv', lines.filter((_, i) => i !== rows - 4).join('\n')],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const expected = plain(await readCsvSequential(utf8(text), file, {}));
      for (const chunkBytes of [4096, 50_000]) {
        const threads = await readCsvFile(file, file, Buffer.byteLength(text), { parallelFrom: 0, chunkBytes, runner: testPool() });
        // Joined as they came: views of shared buffers sized ahead (joined at the end, a buffer is
        // exactly the column), as the threads' tests read them.
        const joined = threads.columns.filter((c) => c.storage === 'numeric');
        assert.equal(joined.length, name === 'grow.csv' ? 3 : 4);
        for (const c of joined) {
          assert.ok(c.storage === 'numeric' && c.values.buffer instanceof SharedArrayBuffer && c.values.buffer.byteLength > c.values.byteLength, c.name);
        }
        assert.deepEqual(plain(threads), expected, `${name} chunkBytes ${chunkBytes}`);
      }
    }
  });
});
