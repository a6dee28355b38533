import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { profileDataset } from '../../../src/core/profile/build';
import { decodeProfileFile, encodeProfileFile } from '../../../src/core/profile/format';
import type { DatasetProfile } from '../../../src/core/profile/profile';
import { checkProfile } from '../../../src/core/profile/validate';
import { ProfileCache } from '../../../src/core/read/cache';
import { readDataset, readDatasetFile } from '../../../src/core/read/index';
import { mutate } from '../mutate';
import type { Rng } from '../rng';
import { expectUserError, Finding, type FuzzCase, type FuzzTarget } from '../target';

/*
 * Profile files (.driftprofile, src/core/profile/format.ts) and the profile cache that stores
 * them (src/core/read/cache.ts). Three kinds of input:
 * - `file`: a genuine profile file's bytes, mutated. It must be refused with a message naming the
 *   file, or (a mutation that changed nothing that matters) read as the genuine profile.
 * - `payload`: the decompressed body, mutated, then compressed and checksummed again (an edit by
 *   someone who recomputes the checksum). It must be refused, or read as a profile that keeps
 *   the invariants (validate.ts) and survives a round trip.
 * - `cache`: a mutated cache entry planted in the cache folder. The cache must give the profile
 *   of the file as read, and warn when it ignored the entry: never a silently wrong profile.
 */
const READ = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'read');
const FIXTURES = ['mixed.csv', 'numbers.csv', 'records.jsonl', 'flights-1k.parquet'];
const CACHE_SOURCE = 'mixed.csv';
const HEAD = 48;

let genuine: Promise<DatasetProfile[]> | undefined;
/** The fixtures' profiles, named like the entry the cache writes. */
function profiles(): Promise<DatasetProfile[]> {
  genuine ??= Promise.all(FIXTURES.map(async (n) => profileDataset(await readDataset(new Uint8Array(readFileSync(path.join(READ, n))), n))));
  return genuine;
}

// makeCase is synchronous: the runner loads the encoded files before its first case (preload).
let encoded: Buffer[] | undefined;
export async function preloadProfiles(): Promise<void> {
  encoded ??= (await profiles()).map(encodeProfileFile);
}

const withoutSource = (p: DatasetProfile) => ({ ...p, source: '' });
/** What a comparison sees: the cache's own warnings (it says when it ignored an entry) aside. */
const asRead = (p: DatasetProfile) => ({ ...withoutSource(p), warnings: p.warnings.filter((w) => !w.startsWith('profile cache:')) });

function wrap(payload: Uint8Array, like: Uint8Array): Buffer {
  const body = deflateRawSync(payload);
  const out = Buffer.alloc(HEAD + body.length);
  out.set(like.subarray(0, 12), 0); // magic, version, flags
  out.writeUInt32LE(body.length, 12);
  createHash('sha256').update(body).digest().copy(out, 16);
  body.copy(out, HEAD);
  return out;
}

export const profileTarget: FuzzTarget = {
  name: 'profile',
  about: 'profile files and the profile cache: a mutated file or entry is refused (or read as the genuine profile), never used silently',
  makeCase(rng: Rng): FuzzCase {
    if (!encoded) throw new Error('preloadProfiles() first');
    const i = rng.int(encoded.length);
    const kind = rng.pick(['file', 'payload', 'cache']);
    if (kind === 'payload') return { input: mutate(rng, inflateRawSync(encoded[i].subarray(HEAD))), variant: 'payload' };
    if (kind === 'cache') return { input: mutate(rng, encoded[FIXTURES.indexOf(CACHE_SOURCE)]), variant: 'cache' };
    return { input: mutate(rng, encoded[i]), variant: 'file' };
  },
  async check(c: FuzzCase): Promise<void> {
    const all = await profiles();
    if (c.variant === 'file') {
      let p: DatasetProfile;
      try {
        p = decodeProfileFile(c.input, 'fuzz.driftprofile');
      } catch (e) {
        expectUserError(e, 'fuzz.driftprofile');
        return;
      }
      if (!all.some((g) => isDeepStrictEqual(withoutSource(g), withoutSource(p)))) throw new Finding('a changed profile file was read as a profile no fixture has');
    } else if (c.variant === 'payload') {
      let p: DatasetProfile;
      try {
        p = decodeProfileFile(wrap(c.input, encodeProfileFile(all[0])), 'fuzz.driftprofile');
      } catch (e) {
        expectUserError(e, 'fuzz.driftprofile');
        return;
      }
      const problem = checkProfile(p);
      if (problem) throw new Finding(`an edited profile was accepted though ${problem}`);
      let again: DatasetProfile;
      try {
        again = decodeProfileFile(encodeProfileFile(p), 'again.driftprofile');
      } catch (e) {
        throw new Finding(`an accepted profile does not survive a round trip: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!isDeepStrictEqual(again, p)) throw new Finding('an accepted profile changes in a round trip');
    } else if (c.variant === 'cache') {
      await checkCache(c.input, all[FIXTURES.indexOf(CACHE_SOURCE)]);
    } else throw new Error(`unknown profile variant ${c.variant}`);
  },
};

let cacheDir: { dir: string; store: string; file: string; entry: string } | undefined;
async function cacheSetup() {
  if (cacheDir) return cacheDir;
  const dir = mkdtempSync(path.join(tmpdir(), 'drift-fuzz-cache-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, CACHE_SOURCE);
  copyFileSync(path.join(READ, CACHE_SOURCE), file);
  const store = path.join(dir, 'cache');
  await new ProfileCache({ dir: store }).read(file, {}, readDatasetFile);
  const entry = readdirSync(store).find((n) => n.endsWith('.driftprofile'));
  if (!entry) throw new Error('the cache wrote no entry');
  cacheDir = { dir, store, file, entry: path.join(store, entry) };
  return cacheDir;
}

async function checkCache(input: Uint8Array, truth: DatasetProfile): Promise<void> {
  const { store, file, entry } = await cacheSetup();
  for (const n of readdirSync(store)) if (n.startsWith('id-')) unlinkSync(path.join(store, n));
  writeFileSync(entry, input);
  const warnings: string[] = [];
  const r = await new ProfileCache({ dir: store, onWarning: (w) => warnings.push(w) }).read(file, {}, readDatasetFile);
  if (!isDeepStrictEqual(asRead(r.profile), asRead(truth))) {
    throw new Finding(`the cache gave a profile that is not the file's (hit: ${String(r.hit)}, warnings: ${warnings.join('; ')})`);
  }
  if (r.hit === undefined && !warnings.some((w) => w.startsWith('profile cache: ignored'))) {
    throw new Finding('the cache ignored its entry without a warning');
  }
}
