import type { AsyncBuffer, ColumnChunk, CompressionCodec, Compressors, DecodedArray, ParquetParsers, ParquetType, SchemaTree } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { DirectFill } from './reader';
import { checkDataPageV1, checkDataPageV2, checkDictionaryPage, checkPageHeader, chunkRange, ParquetCorruptError, readHeader } from './pages';

/**
 * A direct decoder for the columns almost every Parquet file has: top-level, not nested,
 * numbers (INT32, INT64, FLOAT, DOUBLE), UTF-8 strings, timestamps and dates. It reads the pages
 * with hyparquet's page functions (headers, decompression, levels, plain and dictionary values)
 * and writes straight into the column's typed storage: a dictionary page is converted once (its
 * strings become our dictionary codes, its numbers doubles) and data pages are then just indexes.
 * hyparquet's own path builds a JavaScript array of every value first (boxing 64-bit integers,
 * assembling nulls), which costs several times more. Other columns (nested, decimal, INT96,
 * TIME, booleans, unsigned) keep hyparquet's path.
 */

export type PageApi = {
  parquetHeader: typeof import('hyparquet/src/column.js', { with: { 'resolution-mode': 'import' } })['parquetHeader'];
  readDataPage: typeof import('hyparquet/src/datapage.js', { with: { 'resolution-mode': 'import' } })['readDataPage'];
  readDataPageV2: typeof import('hyparquet/src/datapage.js', { with: { 'resolution-mode': 'import' } })['readDataPageV2'];
  decompressPage: typeof import('hyparquet/src/datapage.js', { with: { 'resolution-mode': 'import' } })['decompressPage'];
  readPlain: typeof import('hyparquet/src/plain.js', { with: { 'resolution-mode': 'import' } })['readPlain'];
  deserializeThrift: typeof import('hyparquet/src/thrift.js', { with: { 'resolution-mode': 'import' } })['deserializeTCompactProtocol'];
};

let loaded: Promise<PageApi> | undefined;
export function loadPageApi(): Promise<PageApi> {
  loaded ??= Promise.all([import('hyparquet/src/column.js'), import('hyparquet/src/datapage.js'), import('hyparquet/src/plain.js'), import('hyparquet/src/thrift.js')]).then(
    ([column, datapage, plain, thrift]) => ({
      deserializeThrift: thrift.deserializeTCompactProtocol,
      parquetHeader: column.parquetHeader,
      readDataPage: datapage.readDataPage,
      readDataPageV2: datapage.readDataPageV2,
      decompressPage: datapage.decompressPage,
      readPlain: plain.readPlain,
    }),
  );
  return loaded;
}

/** How raw values become the column's values: a number, or text for the dictionary. */
export type FlatConversion =
  | { readonly numeric: true }
  | {
      readonly numeric: false;
      readonly text: (raw: unknown) => string;
      /**
       * Timestamps: the raw value as a number key when it is one exactly (else undefined), and the
       * key's text (the same as `text`). Such values are dictionary-encoded by number and formatted
       * once per distinct value at the end.
       */
      readonly key?: (raw: unknown) => number | undefined;
      readonly keyText?: (key: number) => string;
    };

const utf8 = new TextDecoder();

/**
 * The conversion for a column the direct decoder can take, or undefined. `timestampText` formats
 * a raw timestamp at the column's unit (the caller's memoised ISO formatter).
 */
export function flatConversion(
  node: SchemaTree,
  kind: string,
  timestampText: (ticks: bigint, unit: 'MILLIS' | 'MICROS' | 'NANOS') => string,
  dateText: (days: number) => string,
  timestampKeyText?: (unit: 'MILLIS' | 'MICROS' | 'NANOS') => (ticks: number) => string,
): FlatConversion | undefined {
  const { type, converted_type: ct, logical_type: lt, repetition_type: rep } = node.element;
  if (node.children.length > 0 || rep === 'REPEATED') return undefined;
  if (kind === 'float' || kind === 'integer') {
    const signed = lt === undefined || (lt.type === 'INTEGER' && lt.isSigned);
    if (ct !== undefined && !/^INT_(8|16|32|64)$/.test(ct)) return undefined;
    if (!signed) return undefined;
    return type === 'INT32' || type === 'INT64' || type === 'FLOAT' || type === 'DOUBLE' ? { numeric: true } : undefined;
  }
  if (kind === 'text') {
    if (type !== 'BYTE_ARRAY' || !(ct === 'UTF8' || lt?.type === 'STRING' || lt?.type === 'ENUM')) return undefined;
    return { numeric: false, text: (raw) => utf8.decode(raw as Uint8Array) };
  }
  if (kind === 'datetime') {
    if (type === 'INT64') {
      const unit = lt?.type === 'TIMESTAMP' ? lt.unit : ct === 'TIMESTAMP_MILLIS' ? 'MILLIS' : ct === 'TIMESTAMP_MICROS' ? 'MICROS' : undefined;
      if (!unit) return undefined;
      const text = (raw: unknown) => timestampText(raw as bigint, unit);
      if (!timestampKeyText) return { numeric: false, text };
      return { numeric: false, text, key: safeTicks, keyText: timestampKeyText(unit) };
    }
    if (type === 'INT32' && (ct === 'DATE' || lt?.type === 'DATE')) return { numeric: false, text: (raw) => dateText(raw as number) };
  }
  return undefined;
}

/** A 64-bit integer as a number when the number holds it exactly. */
function safeTicks(raw: unknown): number | undefined {
  const t = Number(raw as bigint);
  return Number.isSafeInteger(t) ? t : undefined;
}

/**
 * Decodes one column chunk (one column of one row group) into rows [rowStart, rowStart + rows).
 * Throws on anything it does not expect; the caller then reports the chunk as undecodable.
 */
export async function decodeFlatChunk(
  api: PageApi,
  file: AsyncBuffer,
  chunk: ColumnChunk,
  schemaPath: SchemaTree[],
  conversion: FlatConversion,
  fill: DirectFill,
  rowStart: number,
  rows: number,
  compressors: Compressors,
): Promise<void> {
  const meta = chunk.meta_data;
  if (!meta) throw new Error('column chunk without metadata');
  // The footer's ranges were checked against the file (pages.ts checkFooter).
  const { start = 0, size = 0 } = chunkRange(chunk);
  const bytes = new Uint8Array(await file.slice(start, start + size));
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  const node = schemaPath[schemaPath.length - 1];
  const { type, type_length } = node.element;
  if (type === undefined) throw new Error('a column without a physical type');
  const maxDefinition = node.element.repetition_type === 'REQUIRED' ? 0 : 1;
  const decoder = { type, element: node.element, schemaPath, codec: meta.codec, compressors, pathInSchema: meta.path_in_schema, parsers: {} as ParquetParsers };

  // The current dictionary page, converted once: doubles, or our codes.
  let dictNumbers: Float64Array | undefined;
  let dictCodes: Int32Array | undefined;
  let row = rowStart;
  const end = rowStart + rows;
  const column = { schemaPath, type, typeLength: type_length, maxValues: rows };
  let pageNumber = 0;
  // Checks of what the page says throw ParquetCorruptError naming the page; the caller names the
  // file, column and row group. Other errors mean "not for this decoder" (hyparquet then reads it).
  const corrupt = (e: unknown) => new ParquetCorruptError(`page ${pageNumber}: ${e instanceof Error ? e.message : String(e)}`);
  while (row < end && reader.offset < bytes.length) {
    pageNumber++;
    let header;
    try {
      header = readHeader(api, reader);
      checkPageHeader(header, bytes.length - reader.offset, meta.codec);
      const declared = header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values;
      // A column that does not repeat has a value (or null) per row: no page holds more than are left.
      if (declared !== undefined && declared > end - row) throw new ParquetCorruptError(`it holds ${declared} values, the row group has ${end - row} rows left`);
      if (header.dictionary_page_header) checkDictionaryPage(header.dictionary_page_header.num_values, header.uncompressed_page_size, type, type_length);
    } catch (e) {
      throw corrupt(e);
    }
    const compressed = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const count = header.dictionary_page_header?.num_values ?? 0;
      const page = api.decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
      const values = api.readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, type, count, type_length);
      if (conversion.numeric) {
        dictNumbers = new Float64Array(count);
        for (let i = 0; i < count; i++) dictNumbers[i] = Number(values[i]);
      } else {
        if (fill.numeric) throw new Error('a text column with numeric storage');
        dictCodes = new Int32Array(count);
        for (let i = 0; i < count; i++) dictCodes[i] = textCode(conversion, fill, values[i]);
      }
      continue;
    }
    let definitions: ArrayLike<number> | undefined;
    let data: DecodedArray;
    let count: number;
    let encoding: string;
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const page = api.decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
      try {
        checkDataPageV1(page, header, column);
      } catch (e) {
        throw corrupt(e);
      }
      const d = api.readDataPage(page, header.data_page_header, decoder);
      definitions = d.definitionLevels;
      data = d.dataPage;
      count = header.data_page_header.num_values;
      encoding = header.data_page_header.encoding;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const v2 = header.data_page_header_v2;
      let d;
      try {
        d = readFlatPageV2(api, compressed, header.uncompressed_page_size, v2, maxDefinition, type, type_length, meta.codec, compressors);
        if (!d) {
          const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
          const bodySize = header.uncompressed_page_size - levels;
          const body = v2.is_compressed !== false && bodySize ? api.decompressPage(compressed.subarray(levels), bodySize, meta.codec, compressors) : compressed.subarray(levels);
          checkDataPageV2(compressed, body, header, column);
        }
      } catch (e) {
        throw corrupt(e);
      }
      d ??= api.readDataPageV2(compressed, header, decoder);
      definitions = d.definitionLevels;
      data = d.dataPage;
      count = v2.num_values;
      encoding = v2.encoding;
    } else continue; // index pages and the like
    const dictionary = encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
    if (dictionary && !dictNumbers && !dictCodes) throw new Error('a dictionary-encoded page without a dictionary');
    if (dictionary) {
      // An index past the dictionary would read as undefined: a value silently missing (or code 0
      // of an empty dictionary), not an error (a fuzz finding, test/fixtures/fuzz/parquet/).
      const size = (dictNumbers ?? dictCodes)!.length;
      for (let i = 0; i < data.length; i++) {
        const index = data[i] as number;
        if (!(index >= 0 && index < size)) throw corrupt(new Error(`dictionary index ${index}, the dictionary holds ${size} values`));
      }
    }
    const levels = maxDefinition > 0 && definitions !== undefined && definitions.length > 0;
    const take = Math.min(count, end - row);
    let k = 0;
    if (fill.numeric) {
      const out = fill.values;
      for (let i = 0; i < take; i++, row++) {
        if (levels && definitions![i] !== maxDefinition) continue; // missing: NaN already
        const raw = data[k++];
        out[row] = dictionary ? dictNumbers![raw as number] : Number(raw);
      }
    } else if (!conversion.numeric && !dictionary && conversion.key && conversion.keyText && data instanceof BigInt64Array && LITTLE_ENDIAN) {
      const keyText = conversion.keyText;
      // Plain timestamps: the ticks from the two 32-bit halves (no BigInt per value), and a value
      // equal to the previous one (sorted or repeated times) takes the previous code.
      const words = new Int32Array(data.buffer, data.byteOffset, data.length * 2);
      let lastKey = NaN;
      let lastCode = -1;
      for (let i = 0; i < take; i++, row++) {
        if (levels && definitions![i] !== maxDefinition) continue;
        const hi = words[2 * k + 1];
        let code: number;
        if (hi > -0x200000 && hi < 0x200000) {
          // |ticks| < 2^53: exact as a double.
          const key = hi * 4294967296 + (words[2 * k] >>> 0);
          code = key === lastKey ? lastCode : fill.codeOfKey(key, keyText);
          lastKey = key;
          lastCode = code;
        } else code = textCode(conversion, fill, data[k]);
        k++;
        fill.setCode(row, code);
      }
    } else {
      if (conversion.numeric) throw new Error('a numeric conversion for a text column');
      for (let i = 0; i < take; i++, row++) {
        if (levels && definitions![i] !== maxDefinition) continue; // missing: -1 already
        const raw = data[k++];
        fill.setCode(row, dictionary ? dictCodes![raw as number] : textCode(conversion, fill, raw));
      }
    }
  }
  if (row !== end) throw new ParquetCorruptError(`the column chunk holds ${row - rowStart} values, its row group ${rows} rows`);
}

/** The dictionary code of one raw text value: by number key when the conversion has one. */
function textCode(
  conversion: Extract<FlatConversion, { numeric: false }>,
  fill: Extract<DirectFill, { numeric: false }>,
  raw: unknown,
): number {
  const key = conversion.key?.(raw);
  return key !== undefined && conversion.keyText ? fill.codeOfKey(key, conversion.keyText) : fill.codeOf(conversion.text(raw));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type PageHeaderV2 = NonNullable<import('hyparquet', { with: { 'resolution-mode': 'import' } }).PageHeader['data_page_header_v2']>;

/**
 * A version 2 data page of a flat column, decoded into typed arrays: definition levels only when
 * the page has nulls (a byte each), dictionary indexes as an Int32Array, plain values by
 * hyparquet's readPlain. hyparquet's readDataPageV2 makes JavaScript arrays of both levels and
 * indexes, whose garbage cost about a tenth of a second per million-row file. Undefined for an
 * encoding it does not take (hyparquet reads that page).
 */
function readFlatPageV2(
  api: PageApi,
  compressed: Uint8Array,
  uncompressedSize: number,
  v2: PageHeaderV2,
  maxDefinition: number,
  type: ParquetType,
  typeLength: number | undefined,
  codec: CompressionCodec,
  compressors: Compressors,
): { definitionLevels: Uint8Array | undefined; dataPage: DecodedArray } | undefined {
  const dictionary = v2.encoding === 'PLAIN_DICTIONARY' || v2.encoding === 'RLE_DICTIONARY';
  if ((v2.encoding !== 'PLAIN' && !dictionary) || v2.repetition_levels_byte_length !== 0) return undefined;
  const levelBytes = v2.definition_levels_byte_length;
  let definitionLevels: Uint8Array | undefined;
  if (v2.num_nulls > 0) {
    if (maxDefinition !== 1) throw new Error('nulls in a required column');
    definitionLevels = new Uint8Array(v2.num_values);
    readHybrid(compressed, 0, levelBytes, 1, definitionLevels, v2.num_values);
  }
  let body = compressed.subarray(levelBytes);
  const bodySize = uncompressedSize - levelBytes;
  if (v2.is_compressed !== false && bodySize) body = api.decompressPage(body, bodySize, codec, compressors);
  const values = v2.num_values - v2.num_nulls;
  if (!dictionary) {
    const reader = { view: new DataView(body.buffer, body.byteOffset, body.byteLength), offset: 0 };
    return { definitionLevels, dataPage: api.readPlain(reader, type, values, typeLength) };
  }
  const indexes = new Int32Array(values);
  if (values > 0) readHybrid(body, 1, body.length, body[0], indexes, values);
  return { definitionLevels, dataPage: indexes };
}

/**
 * Parquet's RLE / bit-packing hybrid encoding (levels, dictionary indexes) from bytes[pos, end)
 * into out[0, count): runs of one repeated value, and groups of eight values packed
 * least-significant bit first. Throws on data that ends early or a width over 24 bits.
 */
export function readHybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Int32Array | Uint8Array, count: number): void {
  if (width > 24) throw new Error(`a bit width of ${width}`);
  const byteWidth = (width + 7) >> 3;
  const mask = (1 << width) - 1;
  let n = 0;
  while (n < count) {
    // The run's header: an unsigned LEB128 varint.
    let header = 0;
    let scale = 1;
    for (;;) {
      if (pos >= end) throw new Error('encoded values end early');
      const b = bytes[pos++];
      header += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 128;
    }
    const length = Math.floor(header / 2);
    if (header % 2 === 0) {
      if (pos + byteWidth > end) throw new Error('encoded values end early');
      let value = 0;
      for (let k = 0; k < byteWidth; k++) value |= bytes[pos++] << (8 * k);
      const stop = Math.min(count, n + length);
      out.fill(value, n, stop);
      n = stop;
    } else {
      const runBytes = length * width;
      const stop = Math.min(count, n + length * 8);
      // The bytes the values still wanted take (the run's last group may be cut short at a page end).
      if (pos + Math.ceil(((stop - n) * width) / 8) > end) throw new Error('encoded values end early');
      let acc = 0;
      let bits = 0;
      let p = pos;
      for (; n < stop; n++) {
        while (bits < width) {
          acc |= bytes[p++] << bits;
          bits += 8;
        }
        out[n] = acc & mask;
        acc >>>= width;
        bits -= width;
      }
      pos += runBytes;
    }
  }
}
