import { strict as assert } from 'assert';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { compareDatasets } from '../../src/core/drift/engine';
import { isColumnProfile, profileDataset } from '../../src/core/profile/build';
import { readCsvFileProfiles, readCsvSequential } from '../../src/core/read/csv/reader';
import { readDatasetFile, readDatasetProfiles } from '../../src/core/read/index';
import { seeded } from './helpers/columns';
import { testPool } from './pool-helper';

/**
 * "Profiles while reading" (src/core/read/csv/plan.ts readCsvProfiles, and
 * src/core/read/csv/chunkProfile.ts): the CSV reader reduces each chunk's columns to (value, count)
 * tables on the thread that parsed it and merges them. The profile must be the one made from the
 * columns the csv-parse reader reads (an independent reader), column by column, whatever the
 * chunking and the threads.
 */

const CELLS = ['1', '-2', '007', '1.5', '-0', '-0.0', '.5', '1e5', 'inf', '-Infinity', 'NaN', 'NA', '', 'abc', 'ünï', '"a,b"', '"say ""hi"""', '1.0', 'True', '2024-03-01'];

/** Columns of many kinds: repeating integers, decimals, mixed cells, quoted numbers, text, a vector column. */
function csv(rand: () => number, rows: number, textAt: number): string {
  const lines = ['ints,decimals,mixed,quoted,late,city,vec,empty'];
  for (let i = 0; i < rows; i++) {
    const mixed = CELLS[Math.floor(rand() * CELLS.length)];
    const late = i === textAt ? 'oops' : String(i % 13);
    const vec = `"[${(rand() * 4).toFixed(2)}, ${(i % 3) - 1}]"`;
    const empty = i < rows - 3 ? '' : String(i);
    lines.push([i % 7 === 0 ? '-0' : String((i * 31) % 50), (rand() * 100).toFixed(3), mixed, `"${i % 9}"`, late, ['Oslo', 'Lima', 'Pune', 'NA'][i % 4], vec, empty].join(','));
  }
  return lines.join('\n') + '\n';
}

async function expectSame(file: string, text: string, options: Parameters<typeof readCsvFileProfiles>[3]): Promise<void> {
  const expected = profileDataset(await readCsvSequential(new TextEncoder().encode(text), file, {}));
  const side = await readCsvFileProfiles(file, file, Buffer.byteLength(text), options, {});
  // Some columns did come back as profiles (else this test proves nothing), the vector column did not.
  assert.ok(side.columns.some(isColumnProfile), 'no column was profiled while reading');
  const vec = side.columns.find((c) => c.name === 'vec')!;
  assert.ok(!isColumnProfile(vec) && vec.storage === 'dictionary', 'a possible vector column must stay a column');
  assert.deepEqual(profileDataset(side), expected);
}

describe('read: CSV profiles while reading = profiles of the columns read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'di-csvprof-'));

  it('on this thread, in one chunk and in many (a number column turning text in a later chunk)', async () => {
    const rand = seeded(99);
    for (const [rows, textAt] of [[300, 250], [2000, -1], [5000, 4990]] as const) {
      const text = csv(rand, rows, textAt);
      const file = path.join(dir, `t${rows}.csv`);
      writeFileSync(file, text);
      for (const chunkBytes of [97, 4096, 1 << 20]) await expectSame(file, text, { chunkBytes, inThread: true });
    }
  });

  it('on worker threads (file read in blocks)', async function () {
    const text = csv(seeded(5), 20_000, 15_000);
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, text);
    await expectSame(file, text, { parallelFrom: 0, chunkBytes: 16 << 10, runner: testPool() });
  });

  it('the report is the same as from the columns (the engine takes either)', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writeFileSync(a, csv(seeded(1), 3000, -1));
    writeFileSync(b, csv(seeded(2), 3000, 2500));
    const fromColumns = compareDatasets(await readDatasetFile(a), await readDatasetFile(b));
    const fromProfiles = compareDatasets(await readDatasetProfiles(a), await readDatasetProfiles(b));
    assert.deepEqual(fromProfiles, fromColumns);
    assert.ok(fromColumns.columns.some((c) => c.test !== null));
  });
});
