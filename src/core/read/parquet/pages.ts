import type { ColumnChunk, CompressionCodec, Compressors, FileMetaData, PageHeader, SchemaTree } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { PageApi } from './flat';
import { readHybrid } from './flat';

/*
 * What a Parquet file declares is checked before it is believed (issue 13, findings 2 and 3):
 * the footer's row counts and column chunk ranges against the file, each page header's sizes
 * against its column chunk and a limit, and the run-length / bit-packed sections of each page
 * against the page, before hyparquet's decoders (whose loops trust them: a one-byte change can
 * make one spin for ever, node_modules/hyparquet/src/encoding.js readBitPacked) see them.
 */

/** A page (or chunk, or footer) that cannot be what it says. The caller adds file and column. */
export class ParquetCorruptError extends Error {
  override readonly name = 'ParquetCorruptError';
}

/** Largest page, uncompressed, in MiB: writers use 1 MiB; `DRIFT_INSPECT_MAX_PAGE_MB` raises it. */
export const DEFAULT_MAX_PAGE_MB = 512;

export function maxPageBytes(): number {
  const raw = process.env.DRIFT_INSPECT_MAX_PAGE_MB;
  const mb = raw === undefined ? NaN : Number(raw);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_PAGE_MB) * 1024 * 1024;
}

/**
 * The footer's thrift, read raw before hyparquet's parquetMetadata builds on it: that walks the
 * schema by each element's `num_children`, and a negative one sends its loop backwards for ever
 * (node_modules/hyparquet/src/geoparquet.js markGeoColumns). The schema must be one tree that
 * uses every element exactly once.
 */
export function checkRawFooter(api: PageApi, footer: Uint8Array): void {
  let raw: Record<string, unknown>;
  try {
    raw = api.deserializeThrift({ view: new DataView(footer.buffer, footer.byteOffset, footer.byteLength), offset: 0 });
  } catch (e) {
    throw new ParquetCorruptError(`its footer cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  const schema = raw.field_2;
  if (!Array.isArray(schema) || schema.length === 0) throw new ParquetCorruptError('its footer has no schema');
  // Children still to come at each open group, innermost last; the root is one group.
  const open: number[] = [];
  for (let i = 0; i < schema.length; i++) {
    if (i > 0 && open.length === 0) throw new ParquetCorruptError(`its schema has ${schema.length} elements, its root's tree ${i}`);
    if (open.length > 0) open[open.length - 1]--;
    const element = schema[i] as Record<string, unknown> | null;
    const children = typeof element === 'object' && element !== null ? element.field_5 : undefined;
    if (children !== undefined && !(typeof children === 'number' && Number.isSafeInteger(children) && children >= 0 && children < schema.length)) {
      throw new ParquetCorruptError(`its schema element ${i + 1} has ${String(children)} children`);
    }
    if (typeof children === 'number' && children > 0) open.push(children);
    while (open.length > 0 && open[open.length - 1] === 0) open.pop();
  }
  if (open.length > 0) throw new ParquetCorruptError('its schema ends inside a group');
}

/** A number from the footer or a page header as the user reads it (a corrupt one may be missing). */
function shown(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return v === undefined ? 'no' : 'a malformed';
}

/** A count from the footer or a page header as a number, if it is a whole number >= 0. */
function count(v: bigint | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The footer's counts and ranges: the file's rows a whole number equal to its row groups' sum,
 * every column chunk inside the file. Returns the rows.
 */
export function checkFooter(metadata: FileMetaData, fileSize: number): number {
  const rows = count(metadata.num_rows);
  if (rows === undefined) throw new ParquetCorruptError(`its footer gives ${String(metadata.num_rows)} rows`);
  let sum = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const groupRows = count(group.num_rows);
    if (groupRows === undefined) throw new ParquetCorruptError(`its footer gives row group ${g + 1} ${String(group.num_rows)} rows`);
    sum += groupRows;
    for (const chunk of group.columns) {
      const { start, size } = chunkRange(chunk);
      if (start === undefined || size === undefined || start + size > fileSize) {
        const name = chunk.meta_data?.path_in_schema.join('.') ?? '?';
        throw new ParquetCorruptError(
          start === undefined || size === undefined
            ? `its footer gives column '${name}' of row group ${g + 1} ${shown(start)} offset and ${shown(size)} size`
            : `its footer places column '${name}' of row group ${g + 1} at bytes ${start}..${start + size}, outside the file (${fileSize} bytes)`,
        );
      }
    }
  }
  if (sum !== rows) throw new ParquetCorruptError(`its footer says ${rows} rows, its row groups hold ${sum}`);
  return rows;
}

/** Where a column chunk's pages are (the dictionary page comes first when there is one). */
export function chunkRange(chunk: ColumnChunk): { start: number | undefined; size: number | undefined } {
  const meta = chunk.meta_data;
  if (!meta) return { start: undefined, size: undefined };
  const dataOffset = count(meta.data_page_offset);
  const dictOffset = count(meta.dictionary_page_offset);
  const start = dictOffset !== undefined && dictOffset > 0 && dataOffset !== undefined && dictOffset < dataOffset ? dictOffset : dataOffset;
  return { start, size: count(meta.total_compressed_size) };
}

/** A page header's sizes and counts against the bytes left in its chunk and the page limit. */
export function checkPageHeader(header: PageHeader, left: number, codec: CompressionCodec): void {
  const compressed = count(header.compressed_page_size);
  const uncompressed = count(header.uncompressed_page_size);
  if (compressed === undefined || compressed > left) {
    throw new ParquetCorruptError(`its header declares ${shown(header.compressed_page_size)} bytes, the column chunk has ${left} left`);
  }
  if (uncompressed === undefined) throw new ParquetCorruptError(`its header declares ${shown(header.uncompressed_page_size)} bytes uncompressed`);
  const limit = maxPageBytes();
  if (uncompressed > limit) {
    throw new ParquetCorruptError(
      `its header declares ${uncompressed} bytes uncompressed, more than the limit of ${limit / 1048576} MiB a page (set DRIFT_INSPECT_MAX_PAGE_MB to raise it)`,
    );
  }
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  if (codec === 'UNCOMPRESSED' && !v2 && uncompressed !== compressed) {
    throw new ParquetCorruptError(`its header declares ${uncompressed} bytes uncompressed, ${compressed} stored, in an uncompressed column`);
  }
  const values = v1?.num_values ?? v2?.num_values ?? header.dictionary_page_header?.num_values;
  if (values !== undefined && count(values) === undefined) throw new ParquetCorruptError(`its header gives ${shown(values)} values`);
  if (v2) {
    const nulls = count(v2.num_nulls);
    const levelBytes = count(v2.definition_levels_byte_length);
    const repBytes = count(v2.repetition_levels_byte_length);
    if (nulls === undefined || nulls > v2.num_values) throw new ParquetCorruptError(`its header gives ${shown(v2.num_nulls)} nulls of ${shown(v2.num_values)} values`);
    if (levelBytes === undefined || repBytes === undefined || levelBytes + repBytes > Math.min(compressed, uncompressed)) {
      throw new ParquetCorruptError(`its header gives ${shown(v2.definition_levels_byte_length)} + ${shown(v2.repetition_levels_byte_length)} bytes of levels in a page of ${compressed}`);
    }
  }
  // A dictionary value takes at least one byte (a bit for booleans): more values than that is a lie.
  const dict = header.dictionary_page_header;
  if (dict && dict.num_values > uncompressed * 8) {
    throw new ParquetCorruptError(`its header gives ${dict.num_values} dictionary values in ${uncompressed} bytes`);
  }
}

/** Bytes a plain value of a physical type takes at least (booleans: a bit, as 1/8). */
function minValueBytes(type: string | undefined, typeLength: number | undefined): number {
  switch (type) {
    case 'BOOLEAN':
      return 1 / 8;
    case 'INT32':
    case 'FLOAT':
    case 'BYTE_ARRAY':
      return 4;
    case 'INT64':
    case 'DOUBLE':
      return 8;
    case 'INT96':
      return 12;
    case 'FIXED_LEN_BYTE_ARRAY':
      return typeLength ?? 0;
    default:
      return 0;
  }
}

/** A dictionary page's value count against its (decompressed) bytes, before arrays of that size are made. */
export function checkDictionaryPage(values: number, bytes: number, type: string | undefined, typeLength: number | undefined): void {
  if (values * minValueBytes(type, typeLength) > bytes) {
    throw new ParquetCorruptError(`its header gives ${values} dictionary values of type ${type} in ${bytes} bytes`);
  }
}

/** Values a run may write past what its section needs (writers write none; hyparquet loops over them). */
const RUN_SLACK = 1 << 16;

/**
 * Walks a run-length / bit-packed hybrid section as hyparquet's readRleBitPackedHybrid will, run by
 * run (not value by value), and throws unless its runs give `values` values inside [pos, end)
 * with sane headers: hyparquet's loop then ends. Returns the position after the last run.
 */
export function checkHybridRuns(bytes: Uint8Array, pos: number, end: number, width: number, values: number, what: string): number {
  if (width > 32) throw new ParquetCorruptError(`${what}: a bit width of ${width}`);
  const byteWidth = (width + 7) >> 3;
  let seen = 0;
  while (seen < values) {
    let header = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) throw new ParquetCorruptError(`${what}: the encoded values end early (${seen} of ${values})`);
      const b = bytes[pos++];
      header += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
      // hyparquet's varint is 32-bit: a longer one wraps to a negative count.
      if (shift > 28) throw new ParquetCorruptError(`${what}: a run header longer than 5 bytes`);
    }
    if (header >= 2 ** 28) throw new ParquetCorruptError(`${what}: a run of ${Math.floor(header / 2)} values`);
    if (header % 2 === 1) {
      const groups = (header - 1) / 2;
      if (pos + groups * width > end) throw new ParquetCorruptError(`${what}: a bit-packed run of ${groups * 8} values past the end of its bytes`);
      pos += groups * width;
      seen += groups * 8;
    } else {
      const run = header / 2;
      if (run > values - seen + RUN_SLACK) throw new ParquetCorruptError(`${what}: a run of ${run} values where ${values - seen} remain`);
      if (pos + byteWidth > end) throw new ParquetCorruptError(`${what}: the encoded values end early (${seen} of ${values})`);
      pos += byteWidth;
      seen += run;
    }
  }
  return pos;
}

/** Bits for levels up to `max` (hyparquet's bitWidth). */
function bitWidth(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}

export interface PageColumn {
  readonly schemaPath: SchemaTree[];
  readonly type: string | undefined;
  readonly typeLength?: number;
  /** Most values a data page may hold: the row group's rows for a column that does not repeat. */
  readonly maxValues: number;
  /** Values of the chunk's dictionary page, once read: every dictionary index must be below it. */
  dictionarySize?: number;
}

function maxLevels(schemaPath: SchemaTree[]): { rep: number; def: number } {
  let rep = 0;
  let def = 0;
  for (const { element } of schemaPath.slice(1)) {
    if (element.repetition_type === 'REPEATED') rep++;
    if (element.repetition_type !== 'REQUIRED') def++;
  }
  return { rep, def };
}

/** Definition levels decoded (to count the nulls), after their runs were checked. */
function countDefined(bytes: Uint8Array, pos: number, end: number, width: number, values: number, max: number): number {
  const levels = new Uint8Array(values);
  readHybrid(bytes, pos, end, width, levels, values);
  let defined = 0;
  for (let i = 0; i < values; i++) if (levels[i] === max) defined++;
  return defined;
}

/** Little-endian uint32 at `pos`, or a ParquetCorruptError when the page ends first. */
function lengthAt(page: Uint8Array, pos: number, what: string): number {
  if (pos + 4 > page.length) throw new ParquetCorruptError(`${what}: the page ends before the length of its levels`);
  return (page[pos] | (page[pos + 1] << 8) | (page[pos + 2] << 16)) + page[pos + 3] * 2 ** 24;
}

/**
 * A version 1 data page, decompressed: its level sections and (for dictionary and RLE encodings)
 * its value runs, before hyparquet's readDataPage reads them. DELTA encodings: their block
 * headers are checked (hyparquet's loops over blocks consume bytes, so they end).
 */
export function checkDataPageV1(page: Uint8Array, header: PageHeader, column: PageColumn): void {
  const dp = header.data_page_header!;
  const values = dp.num_values;
  const { rep, def } = maxLevels(column.schemaPath);
  let pos = 0;
  if (rep > 0 && column.schemaPath.length > 1) {
    const length = lengthAt(page, pos, 'repetition levels');
    if (pos + 4 + length > page.length) throw new ParquetCorruptError(`repetition levels: ${length} bytes in a page of ${page.length}`);
    checkHybridRuns(page, pos + 4, pos + 4 + length, bitWidth(rep), values, 'repetition levels');
    pos += 4 + length;
  }
  let defined = values;
  if (def > 0) {
    const length = lengthAt(page, pos, 'definition levels');
    if (pos + 4 + length > page.length) throw new ParquetCorruptError(`definition levels: ${length} bytes in a page of ${page.length}`);
    checkHybridRuns(page, pos + 4, pos + 4 + length, bitWidth(def), values, 'definition levels');
    defined = countDefined(page, pos + 4, pos + 4 + length, bitWidth(def), values, def);
    pos += 4 + length;
  }
  checkValues(page, pos, dp.encoding, column, defined);
}

/** The same for a version 2 data page; `body` is its decompressed values section. */
export function checkDataPageV2(compressed: Uint8Array, body: Uint8Array, header: PageHeader, column: PageColumn): void {
  const v2 = header.data_page_header_v2!;
  const { rep, def } = maxLevels(column.schemaPath);
  const repBytes = v2.repetition_levels_byte_length;
  if (rep > 0 && column.schemaPath.length > 1) checkHybridRuns(compressed, 0, repBytes, bitWidth(rep), v2.num_values, 'repetition levels');
  if (def > 0) checkHybridRuns(compressed, repBytes, repBytes + v2.definition_levels_byte_length, bitWidth(def), v2.num_values, 'definition levels');
  checkValues(body, 0, v2.encoding, column, v2.num_values - v2.num_nulls);
}

function checkValues(page: Uint8Array, pos: number, encoding: string, column: PageColumn, values: number): void {
  if (values === 0) return;
  const type = column.type;
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY' || (encoding === 'RLE' && type !== 'BOOLEAN')) {
    if (pos >= page.length) throw new ParquetCorruptError('dictionary indexes: the page ends before their bit width');
    const width = page[pos];
    if (width > 32) throw new ParquetCorruptError(`dictionary indexes: a bit width of ${width}`);
    if (width > 0) checkHybridRuns(page, pos + 1, page.length, width, values, 'dictionary indexes');
    if (column.dictionarySize !== undefined && encoding !== 'RLE') checkIndexes(page, pos + 1, width, values, column.dictionarySize);
  } else if (encoding === 'RLE') {
    const length = lengthAt(page, pos, 'boolean values');
    checkHybridRuns(page, pos + 4, Math.min(page.length, pos + 4 + length), 1, values, 'boolean values');
  } else if (encoding === 'DELTA_BINARY_PACKED' || encoding === 'DELTA_LENGTH_BYTE_ARRAY' || encoding === 'DELTA_BYTE_ARRAY') {
    checkDeltaHeader(page, pos);
  }
}

/**
 * Every dictionary index of a page below the dictionary's size: hyparquet looks an index past it
 * up as undefined, a value silently missing (a fuzz finding). Runs were checked first.
 */
function checkIndexes(page: Uint8Array, pos: number, width: number, values: number, size: number): void {
  if (width > 24) throw new ParquetCorruptError(`dictionary indexes: a bit width of ${width} for a dictionary of ${size} values`);
  const indexes = new Int32Array(values);
  if (width > 0) readHybrid(page, pos, page.length, width, indexes, values);
  for (let i = 0; i < values; i++) {
    if (indexes[i] >= size) throw new ParquetCorruptError(`dictionary index ${indexes[i]}, the dictionary holds ${size} values`);
  }
}

/** DELTA_BINARY_PACKED's header: block size a multiple of 128, miniblocks of a multiple of 32 values. */
function checkDeltaHeader(page: Uint8Array, pos: number): void {
  const read = () => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= page.length) throw new ParquetCorruptError('delta encoding: the page ends inside its header');
      const b = page[pos++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    throw new ParquetCorruptError('delta encoding: a header number longer than 5 bytes');
  };
  const blockSize = read();
  const miniblocks = read();
  if (blockSize === 0 || blockSize % 128 !== 0 || miniblocks === 0 || blockSize % miniblocks !== 0 || (blockSize / miniblocks) % 32 !== 0) {
    throw new ParquetCorruptError(`delta encoding: blocks of ${blockSize} values in ${miniblocks} miniblocks`);
  }
}

/**
 * Every page of one column chunk checked, as hyparquet will read them: headers, sizes, and each
 * data page's runs (pages decompressed for the check). For the chunks hyparquet decodes.
 */
export function checkChunkPages(
  api: PageApi,
  bytes: Uint8Array,
  codec: CompressionCodec,
  compressors: Compressors,
  column: PageColumn,
): void {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  column = { ...column, dictionarySize: undefined };
  for (let page = 1; reader.offset < bytes.length - 1; page++) {
    try {
      const header = readHeader(api, reader);
      checkPageHeader(header, bytes.length - reader.offset, codec);
      const compressed = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      if (header.type === 'DICTIONARY_PAGE' && header.dictionary_page_header) {
        checkDictionaryPage(header.dictionary_page_header.num_values, header.uncompressed_page_size, column.type, column.typeLength);
        column.dictionarySize = header.dictionary_page_header.num_values;
      } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
        if (header.data_page_header.num_values > column.maxValues) throw new ParquetCorruptError(`it holds ${header.data_page_header.num_values} values, its row group ${column.maxValues} rows`);
        checkDataPageV1(decompress(api, compressed, header.uncompressed_page_size, codec, compressors), header, column);
      } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
        const v2 = header.data_page_header_v2;
        if (v2.num_values > column.maxValues) throw new ParquetCorruptError(`it holds ${v2.num_values} values, its row group ${column.maxValues} rows`);
        const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
        let body = compressed.subarray(levels);
        const bodySize = header.uncompressed_page_size - levels;
        if (v2.is_compressed !== false && bodySize) body = decompress(api, body, bodySize, codec, compressors);
        checkDataPageV2(compressed, body, header, column);
      }
    } catch (e) {
      throw new ParquetCorruptError(`page ${page}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/**
 * The values the data pages of one column chunk declare, from their headers alone (no page is
 * decompressed). For a column that does not repeat, that is the row group's rows: checked before
 * storage for the footer's rows is made.
 */
export function countChunkValues(api: PageApi, bytes: Uint8Array, codec: CompressionCodec): number {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  let values = 0;
  for (let page = 1; reader.offset < bytes.length - 1; page++) {
    try {
      const header = readHeader(api, reader);
      checkPageHeader(header, bytes.length - reader.offset, codec);
      reader.offset += header.compressed_page_size;
      values += header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? 0;
    } catch (e) {
      throw new ParquetCorruptError(`page ${page}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return values;
}

/** A page header, or a ParquetCorruptError when its bytes are not one. */
export function readHeader(api: PageApi, reader: { view: DataView; offset: number }): PageHeader {
  try {
    return api.parquetHeader(reader);
  } catch (e) {
    throw new ParquetCorruptError(`its header cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function decompress(api: PageApi, compressed: Uint8Array, size: number, codec: CompressionCodec, compressors: Compressors): Uint8Array {
  try {
    return api.decompressPage(compressed, size, codec, compressors);
  } catch (e) {
    throw new ParquetCorruptError(`it cannot be decompressed (${e instanceof Error ? e.message : String(e)})`);
  }
}
