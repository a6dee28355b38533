import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { formatOf, readDataset, readDatasetFile } from '../../src/core/read/index';
import { fixture, nums, rejectsWith } from './read-helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('read: choosing a reader', () => {
  it('formatOf maps extensions, ignoring case and folders with dots', () => {
    assert.equal(formatOf('a.csv'), 'csv');
    assert.equal(formatOf('A.CSV'), 'csv');
    assert.equal(formatOf('notes.txt'), 'csv');
    assert.equal(formatOf('x.tsv'), 'tsv');
    assert.equal(formatOf('x.parquet'), 'parquet');
    assert.equal(formatOf('x.pq'), 'parquet');
    assert.equal(formatOf('x.jsonl'), 'jsonl');
    assert.equal(formatOf('x.ndjson'), 'jsonl');
    assert.equal(formatOf('x.json'), 'json');
    assert.equal(formatOf('/data.v2/file'), undefined);
    assert.equal(formatOf('x.xlsx'), undefined);
    assert.equal(formatOf('x.csv.gz'), undefined);
  });

  it('readDataset picks the reader from the name', async () => {
    assert.equal((await readDataset(utf8('a\n1\n'), 'x.CSV')).format, 'csv');
    assert.deepEqual((await readDataset(utf8('a,b\tc\n1,2\t3\n'), 'x.tsv')).columns.map((c) => c.name), ['a,b', 'c'], '.tsv splits on tabs only');
    assert.equal((await readDataset(utf8('{"a":1}\n'), 'x.ndjson')).format, 'jsonl');
    assert.equal((await readDataset(utf8('[{"a":1}]'), 'x.json')).format, 'json');
  });

  it('refuses unknown and compressed extensions with the list of known ones', async () => {
    await rejectsWith(readDataset(utf8('a\n1\n'), 'book.xlsx'), { message: /book\.xlsx: the extension \.xlsx is not supported; use \.csv .*\.parquet/ });
    await rejectsWith(readDataset(utf8('a\n1\n'), 'data'), { message: /without an extension/ });
    await rejectsWith(readDataset(utf8('a\n1\n'), 'data.csv.gz'), { message: /compressed files \(\.gz\) are not read directly/ });
  });

  it('readDatasetFile reads from disk', async () => {
    const d = await readDatasetFile(fixture('one-column.csv'));
    assert.equal(d.source, fixture('one-column.csv'));
    assert.deepEqual(nums(d, 'value'), [1, 2, 3]);
  });

  it('readDatasetFile turns file-system errors into plain messages', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'read-index-'));
    try {
      await rejectsWith(readDatasetFile(path.join(dir, 'nope.csv')), { message: /nope\.csv: no such file/ });
      const folder = path.join(dir, 'folder.csv');
      writeFileSync(path.join(dir, 'ok.csv'), 'a\n1\n');
      mkdirSync(folder);
      await rejectsWith(readDatasetFile(folder), { message: /folder\.csv: this is a folder, not a file/ });
      await rejectsWith(readDatasetFile(path.join(dir, 'x.xlsx')), { message: /not supported/ });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('readDatasetFile honours an abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readDatasetFile(fixture('one-column.csv'), { signal: controller.signal }), { name: 'AbortError' });
  });
});
