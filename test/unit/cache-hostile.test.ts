import { strict as assert } from 'assert';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { contentHash, ProfileCache } from '../../src/core/read/cache';
import type { Dataset, ReadOptions } from '../../src/core/read/dataset';
import { readDatasetFile } from '../../src/core/read/index';
import { fixture } from './read-helpers';

/**
 * Issue 13, finding 8: a cache folder others can write, or that gets edited, must not make the
 * user overwrite files or get a wrong report; a cache that cannot be written says so once.
 */
describe('profile cache: hostile folder and edited entries (issue 13 finding 8)', () => {
  const tmp = () => mkdtempSync(path.join(tmpdir(), 'di-cache-hostile-'));
  const counting = () => {
    const calls: string[] = [];
    const reader = (p: string, o: ReadOptions): Promise<Dataset> => {
      calls.push(p);
      return readDatasetFile(p, o);
    };
    return { calls, reader };
  };
  /** What a read returned, whichever form the cache keeps (the columns and rows are what matter). */
  const side = (r: object) => ((r as { profile?: unknown }).profile ?? (r as { dataset?: unknown }).dataset) as { rows: number; columns: readonly { name: string }[] };

  it('never follows a symlink planted under a temp-file name: the target is untouched', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ref.csv');
    copyFileSync(fixture('flights-1k.csv'), file);
    const store = path.join(dir, 'cache');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    // The names an attacker could predict: every entry name this process could write, + pid + .tmp.
    const { mkdirSync } = await import('fs');
    mkdirSync(store);
    const hash = await contentHash(file);
    for (const name of [`${hash}-all.profile`, `${hash}-all`]) symlinkSync(victim, path.join(store, `${name}.${process.pid}.tmp`));
    await new ProfileCache({ dir: store }).read(file, {}, readDatasetFile);
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
    // And the cache still works from disk.
    const again = counting();
    const r = await new ProfileCache({ dir: store }).read(file, {}, again.reader);
    assert.equal(r.hit, 'disk');
  });

  it('an edited cache entry is rejected with a warning and the file read again', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ref.csv');
    copyFileSync(fixture('flights-1k.csv'), file);
    const store = path.join(dir, 'cache');
    const first = await new ProfileCache({ dir: store }).read(file, {}, readDatasetFile);
    for (const name of readdirSync(store)) {
      if (name.startsWith('id-')) continue;
      const p = path.join(store, name);
      const bytes = readFileSync(p);
      bytes[bytes.length - 3] ^= 0x15; // a changed count / value near the end
      writeFileSync(p, bytes);
    }
    const warnings: string[] = [];
    const again = counting();
    const r = await new ProfileCache({ dir: store, onWarning: (w: string) => warnings.push(w) } as ConstructorParameters<typeof ProfileCache>[0]).read(file, {}, again.reader);
    assert.deepEqual(again.calls, [file], 'the source is read again');
    assert.equal(r.hit, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /cache/);
    assert.deepEqual(side(r).rows, side(first).rows);
  });

  it('the same bytes as .tsv and then as .csv are parsed twice (the format is part of the key)', async () => {
    const dir = tmp();
    const tsv = path.join(dir, 'a.tsv');
    const csv = path.join(dir, 'b.csv');
    const text = 'x\ty,z\n1\t2,3\n4\t5,6\n';
    writeFileSync(tsv, text);
    writeFileSync(csv, text);
    const cache = new ProfileCache({ dir: path.join(dir, 'cache') });
    const a = await cache.read(tsv, {}, readDatasetFile);
    const b = await cache.read(csv, {}, readDatasetFile);
    assert.deepEqual(side(a).columns.map((c) => c.name), ['x', 'y,z']);
    assert.equal(b.hit, undefined);
    assert.deepEqual(side(b).columns.map((c) => c.name), ['x\ty', 'z']);
  });

  it('warns once when the cache folder cannot be written, and still compares', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ref.csv');
    copyFileSync(fixture('flights-1k.csv'), file);
    // A file where the folder should be: no entry can ever be written there (root ignores modes).
    const store = path.join(dir, 'not-a-folder');
    writeFileSync(store, '');
    const warnings: string[] = [];
    const options = { dir: store, onWarning: (w: string) => warnings.push(w) } as ConstructorParameters<typeof ProfileCache>[0];
    const r1 = await new ProfileCache(options).read(file, {}, readDatasetFile);
    const r2 = await new ProfileCache(options).read(file, {}, readDatasetFile);
    assert.equal(side(r1).rows, 1000);
    assert.equal(side(r2).rows, 1000);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /not-a-folder/);
  });
});
