import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DatasetReadError } from '../read/dataset';
import { PROFILE_FILE_EXTENSION } from '../read/formats';
import { writeFileAtomic } from '../io/atomicWrite';
import { numericMoments } from './build';
import { checkProfile } from './validate';
import { PROFILE_VERSION, type CategoryProfile, type ColumnProfile, type DatasetProfile, type NumericProfile } from './profile';

/**
 * The profile file (`.driftprofile`), version 1: what `drift-inspect profile` writes, what
 * `compare` accepts on either side, and what the `--cache` folder and the extension's reference
 * cache store. Documented in README.md ("Profiles"). Layout, integers little-endian:
 *
 *   0   8 bytes  magic "DRIFTPRF"
 *   8   uint16   file format version (1)
 *   10  uint16   flags (0; readers reject unknown flags)
 *   12  uint32   body length in bytes
 *   16  32 bytes SHA-256 of the body (checked before anything is decoded)
 *   48  body     raw DEFLATE (RFC 1951) of the payload
 *
 * Payload: uint32 header length, the header (UTF-8 JSON: source, format, rows, warnings, sampled,
 * and per column its counts, min, max, integer, logical, approximate and the encoding of its
 * section), then one section per column in order:
 * - numeric: the distinct values, either `int-delta` (all safe integers: the first as a zigzag
 *   LEB128 varint, then each difference to the previous as an unsigned varint) or `float64` (8 bytes
 *   each); then the counts as unsigned varints.
 * - category: the strings front-coded in their (ascending) order: per string, a varint of the UTF-8
 *   bytes shared with the previous string, a varint of the remaining bytes' length, those bytes;
 *   then the counts as unsigned varints.
 * Moments are not stored: they are a function of the values and counts (profile.ts) and are
 * recomputed on load. Every decoded profile is checked against profile.ts's invariants
 * (validate.ts), so a damaged or edited file is an error naming the file, never a wrong report.
 */

export const PROFILE_EXTENSION = PROFILE_FILE_EXTENSION;
const MAGIC = 'DRIFTPRF';
const FILE_VERSION = 1;
const HEAD = 48;
/** A payload larger than this is refused (a tiny file could otherwise inflate to gigabytes). */
export const MAX_PAYLOAD_BYTES = 1 << 30;

interface ColumnHeader {
  readonly name: string;
  readonly kind: 'numeric' | 'category';
  readonly rows: number;
  readonly missing: number;
  readonly count: number;
  readonly distinct: number;
  readonly nonFinite?: number;
  readonly integer?: boolean;
  readonly min?: number | null;
  readonly max?: number | null;
  readonly approximate?: NumericProfile['approximate'];
  readonly logical?: 'boolean' | 'datetime';
  readonly encoding: 'int-delta' | 'float64' | 'front-coded';
}

interface FileHeader {
  readonly profileVersion: number;
  readonly source: string;
  readonly format: string;
  readonly rows: number;
  readonly warnings: readonly string[];
  readonly sampled?: DatasetProfile['sampled'];
  readonly columns: readonly ColumnHeader[];
}

/** A value from an edited header as the user reads it: JSON (names quoted), `missing` for none. */
function shown(v: unknown): string {
  return v === undefined ? 'missing' : JSON.stringify(v);
}

/** True when `bytes` start like a profile file. */
export function isProfileBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString('latin1') === MAGIC;
}

/** True when the path names a profile file by its extension. */
export function isProfilePath(path: string): boolean {
  return path.toLowerCase().endsWith(PROFILE_EXTENSION);
}

class Writer {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  varint(x: number): void {
    this.room(8);
    // LEB128 by arithmetic: exact for integers up to 2^53.
    while (x >= 128) {
      this.buf[this.length++] = (x % 128) | 128;
      x = Math.floor(x / 128);
    }
    this.buf[this.length++] = x;
  }

  float64(x: number): void {
    this.room(8);
    this.buf.writeDoubleLE(x, this.length);
    this.length += 8;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  uint32(x: number): void {
    this.room(4);
    this.buf.writeUInt32LE(x, this.length);
    this.length += 4;
  }

  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

class Reader {
  at = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly fail: (problem: string) => never,
  ) {}

  varint(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.buf.length) this.fail('the data ends early');
      const b = this.buf[this.at++];
      x += (b & 127) * scale;
      if (b < 128) break;
      scale *= 128;
      if (scale > 2 ** 56) this.fail('a number is too long');
    }
    return x;
  }

  float64(): number {
    if (this.at + 8 > this.buf.length) this.fail('the data ends early');
    const v = this.buf.readDoubleLE(this.at);
    this.at += 8;
    return v;
  }

  /**
   * Copies the next n bytes into `into` at `offset` (no view made). Byte by byte: the strings of a
   * profile are short, and Buffer#copy's checks cost more than the copy for each of 100,000 values.
   */
  copy(n: number, into: Buffer, offset: number): void {
    if (this.at + n > this.buf.length) this.fail('the data ends early');
    const buf = this.buf;
    for (let i = 0, at = this.at; i < n; i++) into[offset + i] = buf[at + i];
    this.at += n;
  }

  bytes(n: number): Buffer {
    if (this.at + n > this.buf.length) this.fail('the data ends early');
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }

  uint32(): number {
    if (this.at + 4 > this.buf.length) this.fail('the data ends early');
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }

  get done(): boolean {
    return this.at === this.buf.length;
  }
}

function allSafeIntegers(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i]) || Math.abs(v[i]) > 2 ** 52) return false;
  return true;
}

/** The file's bytes for a profile (deterministic: the same profile gives the same bytes). */
export function encodeProfileFile(profile: DatasetProfile): Buffer {
  const body = new Writer();
  const columns: ColumnHeader[] = profile.columns.map((c) => {
    if (c.kind === 'category') {
      return { name: c.name, kind: 'category', rows: c.rows, missing: c.missing, count: c.count, distinct: c.values.length, ...(c.logical ? { logical: c.logical } : {}), encoding: 'front-coded' };
    }
    return {
      name: c.name,
      kind: 'numeric',
      rows: c.rows,
      missing: c.missing,
      count: c.count,
      distinct: c.values.length,
      nonFinite: c.nonFinite,
      integer: c.integer,
      min: Number.isNaN(c.min) ? null : c.min,
      max: Number.isNaN(c.max) ? null : c.max,
      ...(c.approximate ? { approximate: c.approximate } : {}),
      encoding: allSafeIntegers(c.values) ? 'int-delta' : 'float64',
    };
  });
  const header: FileHeader = {
    profileVersion: PROFILE_VERSION,
    source: profile.source,
    format: profile.format,
    rows: profile.rows,
    warnings: profile.warnings,
    ...(profile.sampled ? { sampled: profile.sampled } : {}),
    columns,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  body.uint32(json.length);
  body.bytes(json);
  profile.columns.forEach((c, i) => {
    if (c.kind === 'numeric') {
      const v = c.values;
      if (columns[i].encoding === 'int-delta') {
        for (let k = 0; k < v.length; k++) {
          if (k === 0) body.varint(v[0] >= 0 ? 2 * v[0] : -2 * v[0] - 1);
          else body.varint(v[k] - v[k - 1]);
        }
      } else {
        for (let k = 0; k < v.length; k++) body.float64(v[k]);
      }
    } else {
      let prev = Buffer.alloc(0);
      for (const s of c.values) {
        const b = Buffer.from(s, 'utf8');
        let shared = 0;
        const max = Math.min(prev.length, b.length);
        while (shared < max && prev[shared] === b[shared]) shared++;
        body.varint(shared);
        body.varint(b.length - shared);
        body.bytes(b.subarray(shared));
        prev = b;
      }
    }
    for (let k = 0; k < c.counts.length; k++) body.varint(c.counts[k]);
  });
  const compressed = deflateRawSync(body.result(), { level: 9 });
  const out = Buffer.alloc(HEAD + compressed.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt16LE(FILE_VERSION, 8);
  out.writeUInt16LE(0, 10);
  out.writeUInt32LE(compressed.length, 12);
  createHash('sha256').update(compressed).digest().copy(out, 16);
  compressed.copy(out, HEAD);
  return out;
}

/**
 * A profile from a file's bytes; `source` names the file in errors. Throws DatasetReadError (the
 * file and what is wrong) for anything but a valid, unmodified profile file.
 */
export function decodeProfileFile(bytes: Uint8Array, source: string): DatasetProfile {
  const fail = (problem: string): never => {
    throw new DatasetReadError(source, `not a usable profile file: ${problem}`);
  };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isProfileBytes(buf)) fail(`it does not start with ${MAGIC}`);
  if (buf.length < HEAD) fail('the file ends early');
  const version = buf.readUInt16LE(8);
  if (version !== FILE_VERSION) fail(`format version ${version}; this version of Drift Inspector reads version ${FILE_VERSION}`);
  if (buf.readUInt16LE(10) !== 0) fail('unknown flags');
  const length = buf.readUInt32LE(12);
  if (HEAD + length !== buf.length) fail(`the body should be ${length} bytes, the file holds ${buf.length - HEAD}`);
  const compressed = buf.subarray(HEAD);
  if (!createHash('sha256').update(compressed).digest().equals(buf.subarray(16, HEAD))) {
    fail('checksum mismatch (the file was changed or damaged)');
  }
  let payload: Buffer;
  try {
    payload = inflateRawSync(compressed, { maxOutputLength: MAX_PAYLOAD_BYTES });
  } catch (e) {
    return fail(`the body cannot be decompressed (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = new Reader(payload, fail);
  let header: FileHeader;
  try {
    header = JSON.parse(r.bytes(r.uint32()).toString('utf8')) as FileHeader;
  } catch (e) {
    if (e instanceof DatasetReadError) throw e;
    return fail('the header is not valid JSON');
  }
  if (!header || typeof header !== 'object' || !Array.isArray(header.columns)) fail('the header has no column list');
  if (header.profileVersion !== PROFILE_VERSION) fail(`profile version ${shown(header.profileVersion)}; expected ${PROFILE_VERSION}`);
  const columns: ColumnProfile[] = header.columns.map((h): ColumnProfile => {
    if (!h || typeof h !== 'object') fail('a column entry is not an object');
    const distinct = h.distinct;
    // Each value takes at least one byte and its count another: a claim beyond the bytes left is false.
    if (!Number.isSafeInteger(distinct) || distinct < 0 || 2 * distinct > payload.length - r.at) fail(`column ${shown(h.name)}: bad distinct count`);
    if (h.kind === 'numeric') {
      const values = new Float64Array(distinct);
      if (h.encoding === 'int-delta') {
        for (let k = 0; k < distinct; k++) {
          const x = r.varint();
          values[k] = k === 0 ? (x % 2 === 0 ? x / 2 : -(x + 1) / 2) : values[k - 1] + x;
        }
      } else if (h.encoding === 'float64') {
        for (let k = 0; k < distinct; k++) values[k] = r.float64();
      } else fail(`column ${shown(h.name)}: unknown encoding`);
      const counts = readCounts(r, distinct);
      const p: NumericProfile = {
        kind: 'numeric',
        name: h.name,
        rows: h.rows,
        missing: h.missing,
        nonFinite: h.nonFinite ?? NaN,
        count: h.count,
        integer: h.integer === true,
        min: h.min ?? NaN,
        max: h.max ?? NaN,
        moments: numericMoments(values, counts),
        values,
        counts,
        ...(h.approximate ? { approximate: h.approximate } : {}),
      };
      return p;
    }
    if (h.kind !== 'category' || h.encoding !== 'front-coded') return fail(`column ${shown(h.name)}: unknown kind or encoding`);
    const values: string[] = [];
    // The previous value's bytes stay at the start of `text`, so a value is its shared prefix in
    // place plus its own bytes copied after it: one string made per value and no Buffer (the
    // flights' 108,000 timestamps: three Buffers each before, most of the file's decoding time).
    let text = Buffer.allocUnsafe(256);
    let prevLength = 0;
    for (let k = 0; k < distinct; k++) {
      const shared = r.varint();
      const rest = r.varint();
      if (shared > prevLength) fail(`column ${shown(h.name)}: bad string prefix`);
      if (shared + rest > text.length) {
        if (shared + rest > payload.length) fail('the data ends early');
        const wider = Buffer.allocUnsafe(Math.max(text.length * 2, shared + rest));
        text.copy(wider, 0, 0, shared);
        text = wider;
      }
      r.copy(rest, text, shared);
      prevLength = shared + rest;
      values.push(text.toString('utf8', 0, prevLength));
    }
    const counts = readCounts(r, distinct);
    const p: CategoryProfile = {
      kind: 'category',
      name: h.name,
      rows: h.rows,
      missing: h.missing,
      count: h.count,
      ...(h.logical ? { logical: h.logical } : {}),
      values,
      counts,
    };
    return p;
  });
  if (!r.done) fail('extra bytes after the last column');
  const profile: DatasetProfile = {
    source: header.source,
    format: header.format,
    rows: header.rows,
    columns,
    warnings: header.warnings,
    ...(header.sampled ? { sampled: header.sampled } : {}),
  };
  const problem = checkProfile(profile);
  if (problem) fail(problem);
  return profile;
}

function readCounts(r: Reader, n: number): Float64Array {
  const counts = new Float64Array(n);
  for (let k = 0; k < n; k++) counts[k] = r.varint();
  return counts;
}

/** Reads a profile file; file-system failures and bad content are DatasetReadError naming it. */
export async function readProfileFile(path: string, signal?: AbortSignal): Promise<DatasetProfile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path, { signal });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    const code = (e as { code?: unknown } | null)?.code;
    throw new DatasetReadError(path, code === 'ENOENT' ? 'no such file' : `the file cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const profile = decodeProfileFile(bytes, path);
  // The report names the file as the user gave it.
  return { ...profile, source: path };
}

/** Writes a profile file atomically (atomicWrite.ts). */
export async function writeProfileFile(path: string, profile: DatasetProfile): Promise<number> {
  const bytes = encodeProfileFile(profile);
  await writeFileAtomic(path, bytes);
  return bytes.length;
}
