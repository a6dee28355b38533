import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite';
import { profileDataset } from '../profile/build';
import { decodeProfileFile, encodeProfileFile, PROFILE_EXTENSION } from '../profile/format';
import type { DatasetProfile } from '../profile/profile';
import type { SideInput } from '../drift/engine';
import { DatasetReadError, type ReadOptions } from './dataset';
import { formatOf } from './index';

/**
 * A cache of reference profiles (profile/profile.ts), so comparing many current files against one
 * reference reads and parses the reference once. Entries on disk are profile files
 * (profile/format.ts), the same format `drift-inspect profile` writes.
 *
 * Keys: the file's identity (real path, device, inode, size, modification time) finds an entry
 * without opening the file; on a miss the content's SHA-256 finds the same data under another
 * name or after a touch. Both keys include everything that changes the parse or the profile: the
 * format the extension selects (the same bytes as .tsv and as .csv are different tables), the
 * delimiter, the sample, the distinct-value cap, and READER_VERSION. A file changed without
 * changing size or modification time is not seen.
 *
 * A shared or hostile folder (issue 13, finding 8): entries are written through a temp file created
 * exclusively under a random name, then renamed (atomicWrite.ts: a planted symlink is never
 * followed); every entry's SHA-256 and invariants are checked on load (format.ts, validate.ts), and
 * a damaged or edited entry is dropped with a warning and the source read again; a folder that
 * cannot be written costs time only, with one warning per folder and process.
 */

/** Bump when any reader's result for the same bytes changes: old entries are then not used. */
export const READER_VERSION = 1;

export interface ProfileCacheOptions {
  /** Folder for profiles on disk; none keeps them in memory only. */
  readonly dir?: string;
  /** Profiles kept in memory (least recently used dropped first). Default 4. */
  readonly memoryEntries?: number;
  /** Told about a damaged entry or a folder that cannot be written (also added to the profile's warnings). */
  readonly onWarning?: (message: string) => void;
}

export interface CacheReadOptions extends ReadOptions {
  /** The distinct-value cap of numeric profiles (profile.ts); part of the key. */
  readonly maxDistinct?: number;
  /** A delimiter other than the one the extension implies; part of the key. */
  readonly delimiter?: string;
}

export type CacheHit = 'memory' | 'disk' | 'content' | undefined;

export interface CachedRead {
  readonly profile: DatasetProfile;
  /** Where it came from: memory/disk by identity, `content` by hash, undefined when the file was read. */
  readonly hit: CacheHit;
}

type Reader = (path: string, options: ReadOptions) => Promise<SideInput>;

/** Folders already warned about in this process (a warning per folder, not per comparison). */
const warnedFolders = new Set<string>();

export class ProfileCache {
  private readonly byIdentity = new Map<string, { key: string; profile: DatasetProfile }>();
  private readonly byKey = new Map<string, DatasetProfile>();
  private readonly memoryEntries: number;
  /** Entries found damaged in this process: not loaded again until rewritten. */
  private readonly rejected = new Set<string>();

  constructor(private readonly options: ProfileCacheOptions = {}) {
    this.memoryEntries = options.memoryEntries ?? 4;
  }

  /** The profile of `path`, from the cache when it holds this file (or the same content). */
  async read(path: string, options: CacheReadOptions, reader: Reader): Promise<CachedRead> {
    const spec = parseSpec(path, options);
    let identity: string;
    let real: string;
    try {
      real = await realpath(path);
      identity = identityOf(real, await stat(real), spec);
    } catch {
      // Not there or not readable: the reader says so in its own words.
      return { profile: profileDataset(await reader(path, options), options), hit: undefined };
    }
    const warnings: string[] = [];
    const known = this.byIdentity.get(identity);
    if (known) {
      this.touch(identity, known);
      return { profile: named(known.profile, path), hit: 'memory' };
    }
    const indexed = await this.diskKeyOf(identity);
    if (indexed) {
      const fromDisk = this.byKey.get(indexed) ?? (await this.load(indexed, warnings));
      if (fromDisk) {
        this.remember(identity, indexed, fromDisk);
        return { profile: named(fromDisk, path), hit: 'disk' };
      }
    }
    const key = createHash('sha256').update(`${await contentHash(path, options.signal)}\0${spec}`).digest('hex');
    const same = this.byKey.get(key) ?? (await this.load(key, warnings));
    if (same) {
      this.remember(identity, key, same);
      await this.saveIndex(identity, key, warnings);
      return { profile: named(same, path), hit: 'content' };
    }
    const profile = profileDataset(await reader(path, options), options);
    // Changed between the hash and the read (the reader checks only during its own read): the
    // profile is not that of the hashed bytes, so it is used this once and not kept.
    const now = await stat(real).then((s) => identityOf(real, s, spec), () => undefined);
    if (now !== identity) return { profile, hit: undefined };
    this.remember(identity, key, profile);
    await this.save(key, profile, warnings);
    await this.saveIndex(identity, key, warnings);
    return { profile: warnings.length ? { ...profile, warnings: [...profile.warnings, ...warnings] } : profile, hit: undefined };
  }

  private warn(message: string, warnings: string[]): void {
    warnings.push(message);
    this.options.onWarning?.(message);
  }

  private touch(identity: string, entry: { key: string; profile: DatasetProfile }): void {
    this.byIdentity.delete(identity);
    this.byIdentity.set(identity, entry);
  }

  private remember(identity: string, key: string, profile: DatasetProfile): void {
    this.byIdentity.delete(identity);
    this.byIdentity.set(identity, { key, profile });
    this.byKey.set(key, profile);
    while (this.byIdentity.size > this.memoryEntries) {
      const [oldest, entry] = this.byIdentity.entries().next().value as [string, { key: string; profile: DatasetProfile }];
      this.byIdentity.delete(oldest);
      if (![...this.byIdentity.values()].some((e) => e.key === entry.key)) this.byKey.delete(entry.key);
    }
  }

  private indexPath(identity: string): string | undefined {
    const dir = this.options.dir;
    return dir ? join(dir, `id-${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`) : undefined;
  }

  private async diskKeyOf(identity: string): Promise<string | undefined> {
    const p = this.indexPath(identity);
    if (!p) return undefined;
    try {
      const text = (await readFile(p, 'utf8')).trim();
      return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  }

  private async saveIndex(identity: string, key: string, warnings: string[]): Promise<void> {
    const p = this.indexPath(identity);
    if (p) await this.write(p, Buffer.from(key + '\n'), warnings);
  }

  private async load(key: string, warnings: string[]): Promise<DatasetProfile | undefined> {
    const dir = this.options.dir;
    if (!dir || this.rejected.has(key)) return undefined;
    const file = join(dir, `${key}${PROFILE_EXTENSION}`);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return undefined; // not cached
    }
    try {
      return decodeProfileFile(bytes, file);
    } catch (e) {
      // Damaged or edited (checksum or invariants): never used; the source is read again.
      this.rejected.add(key);
      const why = e instanceof DatasetReadError ? e.problem : String(e);
      this.warn(`profile cache: ignored ${file} (${why}); the file was read again`, warnings);
      return undefined;
    }
  }

  private async save(key: string, profile: DatasetProfile, warnings: string[]): Promise<void> {
    const dir = this.options.dir;
    if (!dir) return;
    this.rejected.delete(key);
    await this.write(join(dir, `${key}${PROFILE_EXTENSION}`), encodeProfileFile(profile), warnings);
  }

  /** A cache that cannot be written only costs time: never fail the comparison for it; say so once. */
  private async write(file: string, data: Uint8Array, warnings: string[]): Promise<void> {
    const dir = this.options.dir!;
    try {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(file, data);
    } catch (e) {
      if (warnedFolders.has(dir)) return;
      warnedFolders.add(dir);
      const why = (e as { code?: unknown } | null)?.code ?? (e instanceof Error ? e.message : String(e));
      this.warn(`profile cache: the folder ${dir} cannot be written (${String(why)}); profiles are not cached`, warnings);
    }
  }
}

function identityOf(real: string, s: { dev: number; ino: number; size: number; mtimeMs: number }, spec: string): string {
  return `${real}\0${s.dev}\0${s.ino}\0${s.size}\0${s.mtimeMs}\0${spec}`;
}

/** Everything besides the bytes that decides what a read gives. */
function parseSpec(path: string, options: CacheReadOptions): string {
  const format = formatOf(path) ?? 'unknown';
  return JSON.stringify([
    `reader ${READER_VERSION}`,
    format,
    options.delimiter ?? (format === 'tsv' ? '\t' : format === 'csv' ? ',' : ''),
    options.sample ? [options.sample.rows, options.sample.seed ?? null] : 'all',
    options.maxDistinct ?? null,
  ]);
}

function named(p: DatasetProfile, path: string): DatasetProfile {
  return p.source === path ? p : { ...p, source: path };
}

/** SHA-256 of a file's bytes, streamed (native, ~1.5 GB/s). */
export function contentHash(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(path, { highWaterMark: 1 << 22, signal });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
