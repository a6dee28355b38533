import type {
  AsyncBuffer,
  ColumnData,
  Compressors,
  DecodedArray,
  FileMetaData,
  ParquetParsers,
  SchemaTree,
} from 'hyparquet' with { 'resolution-mode': 'import' };
import { readSync } from 'node:fs';
import { pause, throwIfAborted } from '../abort';
import { type Column, type Dataset, DatasetReadError, type ReadOptions } from '../dataset';
import { DictionaryEncoder } from '../dictionary';
import { totalmem } from 'node:os';
import { decodeFlatChunk, flatConversion, loadPageApi } from './flat';
import { decompressLz4Hadoop, decompressLz4Raw } from './lz4';
import { boundedZstd } from './zstd';
import { checkChunkPages, checkFooter, checkRawFooter, chunkRange, countChunkValues, ParquetCorruptError } from './pages';

type Hyparquet = typeof import('hyparquet', { with: { 'resolution-mode': 'import' } });

/*
 * hyparquet is ESM-only and this build is CommonJS: TypeScript (module Node16) keeps these
 * import() calls as real dynamic imports, which Node allows from CommonJS. Loaded once.
 */
let loaded: Promise<{ hyparquet: Hyparquet; compressors: Compressors }> | undefined;
function load(): Promise<{ hyparquet: Hyparquet; compressors: Compressors }> {
  loaded ??= Promise.all([import('hyparquet'), import('hyparquet-compressors')]).then(([hyparquet, c]) => ({
    hyparquet,
    // LZ4 by our bounded decoder: hyparquet-compressors' can loop for ever on a corrupt page
    // (lz4.ts); zstd frame headers checked before fzstd allocates what they claim (zstd.ts).
    compressors: { ...c.compressors, LZ4: decompressLz4Hadoop, LZ4_RAW: decompressLz4Raw, ZSTD: boundedZstd(c.compressors.ZSTD!) },
  }));
  return loaded;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const NO_MISSING_TOKENS: ReadonlySet<string> = new Set();

/** What a top-level Parquet column becomes. */
type Kind = 'float' | 'integer' | 'boolean' | 'text' | 'datetime' | 'json';

function kindOf(node: SchemaTree): Kind {
  const { type, converted_type: ct, logical_type: lt, repetition_type: rep } = node.element;
  if (node.children.length > 0 || rep === 'REPEATED') return 'json';
  if (lt?.type === 'JSON' || ct === 'JSON' || lt?.type === 'GEOMETRY' || lt?.type === 'GEOGRAPHY') return 'json';
  if (type === 'BOOLEAN') return 'boolean';
  if (ct === 'DATE' || lt?.type === 'DATE' || lt?.type === 'TIMESTAMP' || type === 'INT96') return 'datetime';
  if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS') return 'datetime';
  if (ct === 'TIME_MILLIS' || ct === 'TIME_MICROS' || lt?.type === 'TIME') return 'datetime';
  if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return (node.element.scale ?? 0) === 0 ? 'integer' : 'float';
  if (lt?.type === 'FLOAT16') return 'float';
  if (type === 'INT32' || type === 'INT64') return 'integer';
  if (type === 'FLOAT' || type === 'DOUBLE') return 'float';
  return 'text';
}

/** Time of day (TIME columns come through as raw counts since midnight). */
function timeOfDay(node: SchemaTree): ((v: unknown) => string) | undefined {
  const { converted_type: ct, logical_type: lt } = node.element;
  let perSecond: bigint | undefined;
  if (ct === 'TIME_MILLIS' || (lt?.type === 'TIME' && lt.unit === 'MILLIS')) perSecond = 1000n;
  else if (ct === 'TIME_MICROS' || (lt?.type === 'TIME' && lt.unit === 'MICROS')) perSecond = 1_000_000n;
  else if (lt?.type === 'TIME' && lt.unit === 'NANOS') perSecond = 1_000_000_000n;
  if (perSecond === undefined) return undefined;
  const unit = perSecond;
  return (v) => {
    const ticks = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    const seconds = Number(ticks / unit);
    const pad = (n: number) => String(n).padStart(2, '0');
    const hms = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    const rest = ticks % unit;
    return rest === 0n ? hms : `${hms}.${rest.toString().padStart(unit.toString().length - 1, '0')}`;
  };
}

/**
 * Timestamps as ISO-8601 text at the column's precision (`2001-01-01T00:01:00`, with `.123456`
 * when there is a fraction). hyparquet's default makes Date objects, which drop micro- and
 * nanoseconds. `Z` is added later for columns stored as UTC instants.
 */
function isoTimestamp(ticks: bigint, perSecond: bigint, digits: number): string {
  const t = Number(ticks);
  // Without BigInt arithmetic (several times faster) while the ticks fit a double exactly.
  if (Number.isSafeInteger(t)) return isoTimestampOfSafe(t, Number(perSecond), digits);
  let seconds = ticks / perSecond;
  let rest = ticks % perSecond;
  if (rest < 0n) {
    rest += perSecond;
    seconds -= 1n;
  }
  const whole = isoSeconds(Number(seconds));
  return rest === 0n ? whole : `${whole}.${rest.toString().padStart(digits, '0')}`;
}

/** isoTimestamp for ticks that are a safe integer. */
function isoTimestampOfSafe(t: number, unit: number, digits: number): string {
  const seconds = Math.floor(t / unit);
  const rest = t - seconds * unit;
  const whole = isoSeconds(seconds);
  return rest === 0 ? whole : `${whole}.${String(rest).padStart(digits, '0')}`;
}

/** The text of safe-integer ticks at a unit (what the timestamp parsers give for them). */
function timestampKeyText(unit: 'MILLIS' | 'MICROS' | 'NANOS'): (ticks: number) => string {
  if (unit === 'MILLIS') return (t) => isoTimestampOfSafe(t, 1000, 3);
  if (unit === 'MICROS') return (t) => isoTimestampOfSafe(t, 1_000_000, 6);
  return (t) => isoTimestampOfSafe(t, 1_000_000_000, 9);
}

function isoSeconds(seconds: number): string {
  // Years 0-9999 by arithmetic (the civil-from-days algorithm); Date for the rest.
  const days = Math.floor(seconds / 86400);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year >= 0 && year <= 9999) {
    const sod = seconds - days * 86400;
    const p2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
    const h = Math.floor(sod / 3600);
    const m = Math.floor(sod / 60) % 60;
    return `${String(year).padStart(4, '0')}-${p2(month)}-${p2(day)}T${p2(h)}:${p2(m)}:${p2(sod % 60)}`;
  }
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return `${seconds}s`; // beyond what a Date can hold
  const iso = date.toISOString(); // ...T12:34:56.000Z
  return iso.slice(0, iso.length - 5);
}

/**
 * Parsers for one read. Each distinct timestamp or date is formatted once (a column repeats its
 * values: 3M flights have 214k distinct minutes), which also hands the dictionary encoder the
 * same string again, its fastest case.
 */
function makeParsers(): Partial<ParquetParsers> {
  const memo = <K, V>(f: (k: K) => V) => {
    const seen = new Map<K, V>();
    let lastK: K | undefined;
    let lastV: V | undefined;
    return (k: K): V => {
      // Sorted columns repeat the previous value: no hashing then.
      if (k === lastK) return lastV!;
      let v = seen.get(k);
      if (v === undefined) {
        v = f(k);
        seen.set(k, v);
      }
      lastK = k;
      lastV = v;
      return v;
    };
  };
  return {
    timestampFromMilliseconds: memo((v: bigint) => isoTimestamp(BigInt(v), 1000n, 3)),
    timestampFromMicroseconds: memo((v: bigint) => isoTimestamp(BigInt(v), 1_000_000n, 6)),
    timestampFromNanoseconds: memo((v: bigint) => isoTimestamp(BigInt(v), 1_000_000_000n, 9)),
    dateFromDays: memo((days: number) => {
      const iso = isoSeconds(days * 86400);
      return iso.slice(0, iso.indexOf('T'));
    }),
  };
}

/** JSON text for nested values; bigint and binary have no JSON form of their own. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    return v;
  });
}

/** Fills one column across row groups; storage is sized for the whole file up front. */
interface ColumnFill {
  readonly name: string;
  write(data: DecodedArray, row: number, from: number, to: number): void;
  finish(): Column;
  /** Direct access for the flat-column decoder (flat.ts). */
  readonly direct: DirectFill;
}

/** Where the flat-column decoder writes: numbers, or dictionary codes of text. */
export type DirectFill =
  | { readonly numeric: true; readonly values: Float64Array }
  | {
      readonly numeric: false;
      codeOf(text: string): number;
      /** DictionaryEncoder.codeOfKey: a value known by a number, formatted at the end. */
      codeOfKey(key: number, format: (key: number) => string): number;
      /** DictionaryEncoder.settleKeyed: before values of the same column arrive as text. */
      settle(): void;
      setCode(row: number, code: number): void;
    };

function numericFill(name: string, rows: number, integer: boolean, shared: boolean): ColumnFill {
  // Shared memory on a worker thread: the testing threads then read the column without a copy.
  const values = new Float64Array(shared ? new SharedArrayBuffer(rows * 8) : new ArrayBuffer(rows * 8)).fill(NaN);
  return {
    name,
    direct: { numeric: true, values },
    write(data, row, from, to) {
      if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array) {
        values.set(data.subarray(from, to), row);
        return;
      }
      for (let k = from, r = row; k < to; k++, r++) {
        const v: unknown = data[k];
        values[r] = v === null || v === undefined ? NaN : Number(v);
      }
    },
    finish() {
      let infinities = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === Infinity || values[i] === -Infinity) infinities++;
      return { name, storage: 'numeric', values, integer, infinities };
    },
  };
}

function dictionaryFill(
  name: string,
  rows: number,
  toText: (v: unknown) => string,
  logical: 'boolean' | 'datetime' | undefined,
  suffix = '',
): ColumnFill {
  const encoder = new DictionaryEncoder(NO_MISSING_TOKENS, rows);
  return {
    name,
    direct: {
      numeric: false,
      codeOf: (text) => encoder.codeOf(text),
      codeOfKey: (key, format) => encoder.codeOfKey(key, format),
      settle: () => encoder.settleKeyed(),
      setCode: (row, code) => encoder.setCodeAt(row, code),
    },
    write(data, row, from, to) {
      for (let k = from, r = row; k < to; k++, r++) {
        const v: unknown = data[k];
        if (v !== null && v !== undefined) encoder.setAt(r, toText(v));
      }
    },
    finish() {
      const codes = encoder.finish(rows);
      const dictionary = suffix ? encoder.dictionary.map((s) => s + suffix) : encoder.dictionary;
      return { name, storage: 'dictionary', codes, dictionary, ...(logical ? { logical } : {}) };
    },
  };
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : typeof v === 'object' ? jsonText(v) : String(v));

function fillFor(node: SchemaTree, rows: number, shared: boolean): ColumnFill {
  const name = node.element.name;
  switch (kindOf(node)) {
    case 'float':
      return numericFill(name, rows, false, shared);
    case 'integer':
      return numericFill(name, rows, true, shared);
    case 'boolean':
      // pandas prints booleans as True/False.
      return dictionaryFill(name, rows, (v) => (v ? 'True' : 'False'), 'boolean');
    case 'datetime': {
      const lt = node.element.logical_type;
      const utc = lt?.type === 'TIMESTAMP' && lt.isAdjustedToUTC;
      return dictionaryFill(name, rows, timeOfDay(node) ?? asText, 'datetime', utc ? 'Z' : '');
    }
    case 'json':
      return dictionaryFill(name, rows, (v) => (typeof v === 'string' ? v : jsonText(v)), undefined);
    case 'text':
      return dictionaryFill(name, rows, asText, undefined);
  }
}

function startsWithMagic(bytes: Uint8Array, at: number): boolean {
  return at >= 0 && MAGIC.every((b, i) => bytes[at + i] === b);
}

/** The footer, checked raw first (pages.ts checkRawFooter), then parsed by hyparquet. */
async function readMetadata(hyparquet: Hyparquet, file: AsyncBuffer, source: string): Promise<FileMetaData> {
  const api = await loadPageApi();
  const size = file.byteLength;
  try {
    if (size < 12) throw new ParquetCorruptError('it is too short to hold a footer');
    const tail = new DataView(await file.slice(size - 8, size));
    const length = tail.getUint32(0, true);
    if (length > size - 12) throw new ParquetCorruptError(`its footer says it is ${length} bytes long, the file has ${size}`);
    checkRawFooter(api, new Uint8Array(await file.slice(size - 8 - length, size - 8)));
    return await hyparquet.parquetMetadataAsync(file);
  } catch (e) {
    throw new DatasetReadError(source, `the Parquet file is corrupt: its footer cannot be read (${message(e)})`);
  }
}

function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** The schema nodes from the root to the leaf a column chunk's path names. */
function leafPath(root: SchemaTree, path: readonly string[]): SchemaTree[] | undefined {
  const out = [root];
  let node = root;
  for (const name of path) {
    const next = node.children.find((c) => c.element.name === name);
    if (!next) return undefined;
    out.push(next);
    node = next;
  }
  return out;
}

/**
 * An error's words for the user. A corrupt footer or page header can lack a field hyparquet reads
 * (a TypeError there, or `undefined` and `[object Object]` in its messages): said in words, not
 * as JavaScript prints them (fuzz findings, test/fixtures/fuzz/parquet/).
 */
function message(e: unknown): string {
  if (e instanceof TypeError) return 'its metadata lacks a field it needs, or has one of the wrong kind';
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\bundefined\b/g, 'a missing value').replace(/\[object \w+\]/g, 'a malformed value');
}

/**
 * Reads a Parquet file column chunk by column chunk (one column of one row group at a time)
 * straight into typed storage. Snappy, gzip, zstd, brotli, LZ4 and LZ4_RAW are supported.
 */
export async function readParquet(bytes: Uint8Array, source: string, options: ReadOptions = {}): Promise<Dataset> {
  throwIfAborted(options.signal);
  if (bytes.length === 0) throw new DatasetReadError(source, 'the file is empty');
  if (!startsWithMagic(bytes, 0)) {
    throw new DatasetReadError(source, 'the file is not a Parquet file (it does not start with PAR1)');
  }
  if (bytes.length < 12 || !startsWithMagic(bytes, bytes.length - 4)) {
    throw new DatasetReadError(source, 'the Parquet file is truncated: its footer is missing (was the copy cut short?)');
  }
  const file: AsyncBuffer = {
    byteLength: bytes.length,
    // A copy: Buffer#slice would share memory, and its .buffer is the whole pool.
    slice: (start, end) => new Uint8Array(bytes.subarray(start, end ?? bytes.length)).buffer,
  };
  const { rows, columns } = await readParquetColumns(file, source, options);
  return { source, format: 'parquet', rows, columns, warnings: [] };
}

/** Reads a file's bytes on demand (hyparquet asks for the footer, then each column chunk). */
export function fileBuffer(fd: number, size: number): AsyncBuffer {
  return {
    byteLength: size,
    slice: (start, end = size) => {
      // Never more than the file holds, whatever a footer asks for.
      const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      let got = 0;
      while (got < out.length) {
        const n = readSync(fd, out, got, out.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return out.buffer;
    },
  };
}

/**
 * Decodes the columns of a Parquet file (all, or those named in `only`, in schema order), column
 * chunk by column chunk. Worker threads call it with a few columns each (parallel.ts).
 */
export async function readParquetColumns(
  file: AsyncBuffer,
  source: string,
  options: ReadOptions,
  only?: ReadonlySet<string>,
  shared = false,
): Promise<{ rows: number; columns: Column[] }> {
  const { hyparquet, compressors } = await load();
  const metadata = await readMetadata(hyparquet, file, source);
  let rows: number;
  try {
    rows = checkFooter(metadata, file.byteLength);
  } catch (e) {
    throw new DatasetReadError(source, `the Parquet file is corrupt: ${message(e)}`);
  }
  if (rows === 0) throw new DatasetReadError(source, 'the Parquet file has columns but no rows');
  const nodes = hyparquet.parquetSchema(metadata).children;
  const api = await loadPageApi();
  // The footer's rows against the pages: one column that does not repeat has a value a row.
  for (const [g, group] of metadata.row_groups.entries()) {
    const chunk = group.columns.find((c) => {
      const path = c.meta_data?.path_in_schema;
      const node = path?.length === 1 ? nodes.find((n) => n.element.name === path[0]) : undefined;
      return node !== undefined && node.children.length === 0 && node.element.repetition_type !== 'REPEATED';
    });
    if (!chunk?.meta_data) continue;
    const { start = 0, size = 0 } = chunkRange(chunk);
    const name = chunk.meta_data.path_in_schema[0];
    let values: number;
    try {
      values = countChunkValues(api, new Uint8Array(await file.slice(start, start + size)), chunk.meta_data.codec);
    } catch (e) {
      throw new DatasetReadError(source, `column '${name}' in row group ${g + 1} of ${metadata.row_groups.length} cannot be decoded: ${message(e)} (the file is corrupt)`);
    }
    if (values !== Number(group.num_rows)) {
      throw new DatasetReadError(
        source,
        `the Parquet file is corrupt: its footer gives row group ${g + 1} ${group.num_rows} rows, but the pages of column '${name}' hold ${values} values`,
      );
    }
  }
  // Storage is sized from the footer up front (8 bytes a value at most): refuse what this machine
  // cannot hold rather than be killed trying. Run-length encoding lets a small file hold many
  // rows, so the file's size is no bound; memory is.
  const need = rows * nodes.length * 8;
  if (need > totalmem()) {
    throw new DatasetReadError(
      source,
      `the Parquet file says it holds ${rows} rows of ${nodes.length} columns: ${formatGiB(need)} in memory, more than this machine has (${formatGiB(totalmem())})`,
    );
  }
  const seen = new Set<string>();
  for (const node of nodes) {
    const name = node.element.name;
    if (typeof name !== 'string') throw new DatasetReadError(source, `the Parquet file is corrupt: column ${nodes.indexOf(node) + 1} of its schema has no name`);
    if (seen.has(name)) throw new DatasetReadError(source, `column '${name}' appears twice in the schema`);
    seen.add(name);
  }
  const parsers = makeParsers();
  const timestampText = (ticks: bigint, unit: 'MILLIS' | 'MICROS' | 'NANOS') =>
    unit === 'MILLIS' ? parsers.timestampFromMilliseconds!(ticks) : unit === 'MICROS' ? parsers.timestampFromMicroseconds!(ticks) : parsers.timestampFromNanoseconds!(ticks);
  const dateText = (days: number) => parsers.dateFromDays!(days) as string;
  const root = hyparquet.parquetSchema(metadata);
  const entries = nodes
    .filter((node) => !only || only.has(node.element.name))
    .map((node) => ({ node, fill: fillFor(node, rows, shared), flat: flatConversion(node, kindOf(node), (t, u) => timestampText(t, u) as string, dateText, timestampKeyText) }));
  const fills = entries.map((e) => e.fill);
  const corrupt = (e: unknown, name: string, g: number) =>
    new DatasetReadError(source, `column '${name}' in row group ${g + 1} of ${metadata.row_groups.length} cannot be decoded: ${message(e)} (the file is corrupt)`);
  const total = file.byteLength;

  let done = 0;
  let groupStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const groupRows = Number(group.num_rows);
    const groupEnd = groupStart + groupRows;
    if (groupRows > 0) {
      for (const { node, fill, flat } of entries) {
        throwIfAborted(options.signal);
        const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === fill.name);
        if (flat && chunk) {
          try {
            await decodeFlatChunk(api, file, chunk, [root, node], flat, fill.direct, groupStart, groupRows, compressors);
            await pause(options.signal);
            continue;
          } catch (e) {
            if (e instanceof ParquetCorruptError) throw corrupt(e, fill.name, g);
            // Not what the direct decoder expects: hyparquet decodes this chunk (and words any error).
            if (!fill.direct.numeric) {
              fill.direct.settle();
              for (let r = groupStart; r < groupEnd; r++) fill.direct.setCode(r, -1);
            }
          }
        }
        // hyparquet's decoders trust what the pages say: check every page of the chunks it will
        // read first (pages.ts), so a corrupt one is an error here, not a loop for ever.
        for (const c of group.columns) {
          if (c.meta_data?.path_in_schema[0] !== fill.name) continue;
          const { start = 0, size = 0 } = chunkRange(c);
          const leaf = leafPath(root, c.meta_data.path_in_schema);
          if (!leaf) throw corrupt(new Error(`no schema for ${c.meta_data.path_in_schema.join('.')}`), fill.name, g);
          const element = leaf[leaf.length - 1].element;
          const repeats = leaf.some((n) => n.element.repetition_type === 'REPEATED');
          try {
            checkChunkPages(api, new Uint8Array(await file.slice(start, start + size)), c.meta_data.codec, compressors, {
              schemaPath: leaf,
              type: element.type,
              typeLength: element.type_length,
              maxValues: repeats ? Number.MAX_SAFE_INTEGER : groupRows,
            });
          } catch (e) {
            throw corrupt(e, fill.name, g);
          }
        }
        let delivered = 0;
        const onChunk = ({ columnData, rowStart, rowEnd }: ColumnData) => {
          // Keep only this row group's rows (pages may reach outside a requested range).
          const from = Math.max(rowStart, groupStart);
          const to = Math.min(rowEnd, groupEnd);
          if (to > from) fill.write(columnData, from, from - rowStart, to - rowStart);
          delivered += Math.max(0, to - from);
        };
        try {
          await hyparquet.parquetRead({
            file,
            metadata,
            columns: [fill.name],
            rowStart: groupStart,
            rowEnd: groupEnd,
            compressors,
            parsers,
            onChunk,
          });
        } catch (e) {
          throw new DatasetReadError(
            source,
            `column '${fill.name}' in row group ${g + 1} of ${metadata.row_groups.length} cannot be decoded: ${message(e)} (is the file corrupt or truncated?)`,
          );
        }
        // Fewer values than the footer's rows is a corrupt file, not missing values.
        if (delivered < groupRows) throw corrupt(new Error(`it holds ${delivered} values, its row group ${groupRows} rows`), fill.name, g);
        await pause(options.signal);
      }
    }
    done += group.columns.reduce((sum, c) => sum + Number(c.meta_data?.total_compressed_size ?? 0n), 0);
    options.onProgress?.(Math.min(done, total), total);
    groupStart = groupEnd;
  }
  if (groupStart !== rows) {
    throw new DatasetReadError(source, `the Parquet file is corrupt: its row groups hold ${groupStart} rows, its footer says ${rows}`);
  }
  options.onProgress?.(total, total);
  return { rows, columns: fills.map((f) => f.finish()) };
}

/**
 * Column names and an estimate of the work to decode each (uncompressed bytes, more for text and
 * timestamps, which become strings), from the footer: to spread the columns over threads.
 */
export async function parquetColumnSizes(file: AsyncBuffer): Promise<{ name: string; bytes: number }[]> {
  const { hyparquet } = await load();
  const metadata = await readMetadata(hyparquet, file, '');
  const nodes = hyparquet.parquetSchema(metadata).children;
  const bytes = new Map<string, number>();
  for (const group of metadata.row_groups) {
    for (const c of group.columns) {
      const top = c.meta_data?.path_in_schema[0];
      if (top !== undefined) bytes.set(top, (bytes.get(top) ?? 0) + Number(c.meta_data?.total_uncompressed_size ?? 0n));
    }
  }
  const weight: Record<Kind, number> = { float: 1, integer: 1, boolean: 1, text: 2, datetime: 4, json: 4 };
  return nodes.map((n) => ({ name: n.element.name, bytes: (bytes.get(n.element.name) ?? 0) * weight[kindOf(n)] }));
}
