import { strict as assert } from 'assert';
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ProfileCache } from '../../src/core/read/cache';
import type { Dataset, ReadOptions } from '../../src/core/read/dataset';
import { readDatasetFile } from '../../src/core/read/index';
import { fixture } from './read-helpers';

/** The reference profile cache: one read per reference, found by file identity or content hash. */
describe('perf: profile cache', () => {
  const tmp = () => mkdtempSync(path.join(tmpdir(), 'di-cache-'));
  /** readDatasetFile that counts its calls. */
  const counting = () => {
    const calls: string[] = [];
    const reader = (p: string, o: ReadOptions): Promise<Dataset> => {
      calls.push(p);
      return readDatasetFile(p, o);
    };
    return { calls, reader };
  };

  it('in memory: the second read of the same file is a hit and reads nothing', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ref.csv');
    copyFileSync(fixture('flights-1k.csv'), file);
    const { calls, reader } = counting();
    const cache = new ProfileCache();
    const first = await cache.read(file, {}, reader);
    const second = await cache.read(file, {}, reader);
    assert.equal(first.hit, undefined);
    assert.equal(second.hit, 'memory');
    assert.equal(second.profile, first.profile);
    assert.deepEqual(calls, [file]);
  });

  it('by content: a copy under another name is a hit; a changed file is not', async () => {
    const dir = tmp();
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    copyFileSync(fixture('flights-1k.csv'), a);
    copyFileSync(a, b);
    const { calls, reader } = counting();
    const cache = new ProfileCache();
    await cache.read(a, {}, reader);
    const copy = await cache.read(b, {}, reader);
    assert.equal(copy.hit, 'content');
    assert.equal(copy.profile.source, b);
    writeFileSync(a, readFileSync(a, 'utf8').replace('2176', '2177'));
    utimesSync(a, new Date(), new Date(Date.now() + 5000));
    const changed = await cache.read(a, {}, reader);
    assert.equal(changed.hit, undefined);
    assert.deepEqual(calls, [a, a]);
  });

  it('on disk: a new process (a new cache on the same folder) reads the profile, not the file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ref.parquet');
    copyFileSync(fixture('flights-1k.parquet'), file);
    const store = path.join(dir, 'cache');
    const first = counting();
    const original = (await new ProfileCache({ dir: store }).read(file, {}, first.reader)).profile;
    const second = counting();
    const again = await new ProfileCache({ dir: store }).read(file, {}, second.reader);
    assert.equal(again.hit, 'disk');
    assert.deepEqual(second.calls, []);
    assert.deepEqual(again.profile.columns, original.columns);
  });

  it('sampling settings are part of the key', async () => {
    const dir = tmp();
    const file = path.join(dir, 'ref.csv');
    copyFileSync(fixture('flights-1k.csv'), file);
    const { calls, reader } = counting();
    const cache = new ProfileCache();
    const all = await cache.read(file, {}, reader);
    const some = await cache.read(file, { sample: { rows: 10, seed: 1 } }, reader);
    const other = await cache.read(file, { sample: { rows: 10, seed: 2 } }, reader);
    assert.equal(all.profile.rows, 1000);
    assert.equal(some.profile.rows, 10);
    assert.equal(some.hit, undefined);
    assert.equal(other.hit, undefined);
    assert.equal(calls.length, 3);
    assert.equal((await cache.read(file, { sample: { rows: 10, seed: 1 } }, reader)).hit, 'memory');
  });

  it('a missing file is left to the reader, which says so', async () => {
    const cache = new ProfileCache();
    await assert.rejects(cache.read(path.join(tmp(), 'nope.csv'), {}, readDatasetFile), /no such file/);
  });
});
