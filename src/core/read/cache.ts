import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Column, Dataset, DatasetFormat, ReadOptions } from './dataset';

/**
 * A cache of read datasets (each column's typed values or codes and dictionary: the column
 * profile the engine works from), so comparing many current files against one reference reads
 * and parses the reference once.
 *
 * Keys: the file's identity (real path, device, inode, size, modification time) finds an entry
 * without opening the file; on a miss the content's SHA-256 finds the same data under another
 * name or after a touch. The sample settings are part of both keys. Entries live in memory (for a
 * long-lived process) and, with a folder, on disk as one binary file per content hash (for the
 * next run of the CLI). A file changed without changing size or modification time is not seen.
 */

export interface ProfileCacheOptions {
  /** Folder for profiles on disk; none keeps them in memory only. */
  readonly dir?: string;
  /** Datasets kept in memory (least recently used dropped first). Default 4. */
  readonly memoryEntries?: number;
}

export type CacheHit = 'memory' | 'disk' | 'content' | undefined;

export interface CachedRead {
  readonly dataset: Dataset;
  /** Where it came from: memory/disk by identity, `content` by hash, undefined when the file was read. */
  readonly hit: CacheHit;
}

type Reader = (path: string, options: ReadOptions) => Promise<Dataset>;

const MAGIC = 'DIPROF01';
const VERSION = 1;

export class ProfileCache {
  private readonly byIdentity = new Map<string, { hash: string; dataset: Dataset }>();
  private readonly byHash = new Map<string, Dataset>();
  private readonly memoryEntries: number;

  constructor(private readonly options: ProfileCacheOptions = {}) {
    this.memoryEntries = options.memoryEntries ?? 4;
  }

  /** The dataset of `path`, from the cache when it holds this file (or the same content). */
  async read(path: string, options: ReadOptions, reader: Reader): Promise<CachedRead> {
    const spec = options.sample ? `sample=${options.sample.rows}:${options.sample.seed ?? ''}` : 'all';
    let identity: string;
    try {
      const real = await realpath(path);
      const s = await stat(real);
      identity = `${real}\0${s.dev}\0${s.ino}\0${s.size}\0${s.mtimeMs}\0${spec}`;
    } catch {
      // Not there or not readable: the reader says so in its own words.
      return { dataset: await reader(path, options), hit: undefined };
    }
    const known = this.byIdentity.get(identity);
    if (known) {
      this.touch(identity, known);
      return { dataset: named(known.dataset, path), hit: 'memory' };
    }
    const indexed = await this.diskHashOf(identity);
    if (indexed) {
      const fromDisk = this.byHash.get(indexed) ?? (await this.load(indexed));
      if (fromDisk) {
        this.remember(identity, indexed, fromDisk);
        return { dataset: named(fromDisk, path), hit: 'disk' };
      }
    }
    const hash = `${await contentHash(path, options.signal)}-${spec}`;
    const same = this.byHash.get(hash) ?? (await this.load(hash));
    if (same) {
      this.remember(identity, hash, same);
      await this.saveIndex(identity, hash);
      return { dataset: named(same, path), hit: 'content' };
    }
    const dataset = await reader(path, options);
    this.remember(identity, hash, dataset);
    await this.save(hash, dataset);
    await this.saveIndex(identity, hash);
    return { dataset, hit: undefined };
  }

  private touch(identity: string, entry: { hash: string; dataset: Dataset }): void {
    this.byIdentity.delete(identity);
    this.byIdentity.set(identity, entry);
  }

  private remember(identity: string, hash: string, dataset: Dataset): void {
    this.byIdentity.delete(identity);
    this.byIdentity.set(identity, { hash, dataset });
    this.byHash.set(hash, dataset);
    while (this.byIdentity.size > this.memoryEntries) {
      const [oldest, entry] = this.byIdentity.entries().next().value as [string, { hash: string; dataset: Dataset }];
      this.byIdentity.delete(oldest);
      if (![...this.byIdentity.values()].some((e) => e.hash === entry.hash)) this.byHash.delete(entry.hash);
    }
  }

  private indexPath(identity: string): string | undefined {
    const dir = this.options.dir;
    return dir ? join(dir, `id-${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`) : undefined;
  }

  private async diskHashOf(identity: string): Promise<string | undefined> {
    const p = this.indexPath(identity);
    if (!p) return undefined;
    try {
      const text = (await readFile(p, 'utf8')).trim();
      return /^[0-9a-f]{64}-[\w=:.]+$/.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  }

  private async saveIndex(identity: string, hash: string): Promise<void> {
    const p = this.indexPath(identity);
    if (p) await writeAtomic(p, Buffer.from(hash + '\n')).catch(() => undefined);
  }

  private async load(hash: string): Promise<Dataset | undefined> {
    const dir = this.options.dir;
    if (!dir) return undefined;
    try {
      return decodeProfile(await readFile(join(dir, `${hash}.profile`)));
    } catch {
      return undefined; // missing or unreadable: read the file instead
    }
  }

  private async save(hash: string, dataset: Dataset): Promise<void> {
    const dir = this.options.dir;
    if (!dir) return;
    // A cache that cannot be written only costs time: never fail the comparison for it.
    await mkdir(dir, { recursive: true })
      .then(() => writeAtomic(join(dir, `${hash}.profile`), encodeProfile(dataset)))
      .catch(() => undefined);
  }
}

function named(d: Dataset, path: string): Dataset {
  return d.source === path ? d : { ...d, source: path };
}

async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
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

interface ColumnMeta {
  readonly name: string;
  readonly storage: 'numeric' | 'dictionary';
  readonly offset: number;
  readonly length: number;
  readonly integer?: boolean;
  readonly infinities?: number;
  readonly dictionary?: readonly string[];
  readonly logical?: 'boolean' | 'datetime';
}

interface ProfileHeader {
  readonly version: number;
  readonly source: string;
  readonly format: DatasetFormat;
  readonly rows: number;
  readonly warnings: readonly string[];
  readonly sampled?: Dataset['sampled'];
  readonly columns: readonly ColumnMeta[];
}

/**
 * The binary form: "DIPROF01", the header's byte length (uint32, little-endian) and 4 spare
 * bytes, the header as JSON padded to 8 bytes, then each column's Float64 values or Int32 codes
 * at 8-byte-aligned offsets (so loading makes views, not copies).
 */
export function encodeProfile(d: Dataset): Buffer {
  let offset = 0;
  const metas: ColumnMeta[] = d.columns.map((c) => {
    const bytes = c.storage === 'numeric' ? c.values.byteLength : c.codes.byteLength;
    const meta: ColumnMeta =
      c.storage === 'numeric'
        ? { name: c.name, storage: 'numeric', offset, length: c.values.length, integer: c.integer, infinities: c.infinities }
        : { name: c.name, storage: 'dictionary', offset, length: c.codes.length, dictionary: c.dictionary, ...(c.logical ? { logical: c.logical } : {}) };
    offset += align8(bytes);
    return meta;
  });
  const header: ProfileHeader = { version: VERSION, source: d.source, format: d.format, rows: d.rows, warnings: d.warnings, ...(d.sampled ? { sampled: d.sampled } : {}), columns: metas };
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc(align8(json.length) - json.length, 0x20)]);
  const out = Buffer.alloc(16 + json.length + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 16);
  const base = 16 + json.length;
  d.columns.forEach((c, i) => {
    const src = c.storage === 'numeric' ? c.values : c.codes;
    out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), base + metas[i].offset);
  });
  return out;
}

export function decodeProfile(buf: Buffer): Dataset | undefined {
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const length = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + length)) as ProfileHeader;
  if (header.version !== VERSION) return undefined;
  // Views need 8-byte alignment of the whole file in memory; copy once when it is not.
  const bytes = buf.byteOffset % 8 === 0 ? buf : Buffer.from(Uint8Array.prototype.slice.call(buf));
  const base = bytes.byteOffset + 16 + length;
  const columns: Column[] = header.columns.map((m) =>
    m.storage === 'numeric'
      ? { name: m.name, storage: 'numeric', values: new Float64Array(bytes.buffer, base + m.offset, m.length), integer: m.integer ?? false, infinities: m.infinities ?? 0 }
      : {
          name: m.name,
          storage: 'dictionary',
          codes: new Int32Array(bytes.buffer, base + m.offset, m.length),
          dictionary: m.dictionary ?? [],
          ...(m.logical ? { logical: m.logical } : {}),
        },
  );
  return { source: header.source, format: header.format, rows: header.rows, columns, warnings: header.warnings, ...(header.sampled ? { sampled: header.sampled } : {}) };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
