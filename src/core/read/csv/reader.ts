import { LIMITS, limitValue, overLimit } from '../../io/limits';
import { Parser } from 'csv-parse';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { pause, throwIfAborted } from '../abort';
import { type Column, type Dataset, DatasetReadError } from '../dataset';
import { DictionaryEncoder } from '../dictionary';
import { readCsvFast, readCsvPeriods, readCsvProfiles, type FastCsvOptions, type PeriodProfilesRequest } from './plan';
import type { ProfiledChunks } from '../../timeline/timeline';
import type { ProfileOptions } from '../../profile/build';
import type { SideInput } from '../../drift/engine';
import { finishTextColumn } from '../numbers';
import { DEFAULT_SAMPLE_SEED, pickEncoded, sampleRows } from '../sample';
import { sniffDelimiter } from './sniff';
import { bomLength, checkText, lineAt } from '../text';

/** `delimiter`: one character; sniffed among `,` `;` tab `|` when not given (tab for `.tsv`). */
export type CsvReadOptions = FastCsvOptions;

/** Bytes handed to the parser at a time; between chunks we report progress and honour aborts. */
const CHUNK = 1 << 20;

/**
 * Reads delimited text with a header row into columns. Each column's strings are
 * dictionary-encoded as records arrive (no rows are kept); after the last record a column whose
 * distinct values are all numbers becomes numeric.
 */
export async function readCsv(bytes: Uint8Array, source: string, options: CsvReadOptions = {}): Promise<Dataset> {
  const fast = await readCsvFast({ name: source, size: bytes.length, source: { kind: 'bytes', bytes } }, options, headerNames);
  return fast ?? readCsvSequential(bytes, source, options);
}

/**
 * Reads a CSV/TSV file from disk. The fast path reads it in blocks (in worker threads when it is
 * big), so the whole file is never in memory at once; a file it does not take is read whole and
 * given to csv-parse.
 */
export async function readCsvFile(path: string, source: string, size: number, options: CsvReadOptions = {}): Promise<Dataset> {
  const fast = await readCsvFast({ name: source, size, source: { kind: 'file', path } }, options, headerNames);
  if (fast) return fast;
  return readCsvSequential(await readFile(path, { signal: options.signal }), source, options);
}

/**
 * readCsvFile for a caller that needs only the columns' profiles (plan.ts, readCsvProfiles): some
 * columns come back as profiles. A file the fast path declines is read as columns.
 */
export async function readCsvFileProfiles(path: string, source: string, size: number, options: CsvReadOptions, profiles: ProfileOptions): Promise<SideInput> {
  const fast = await readCsvProfiles({ name: source, size, source: { kind: 'file', path } }, options, headerNames, profiles);
  if (fast) return fast;
  return readCsvSequential(await readFile(path, { signal: options.signal }), source, options);
}

/**
 * A timeline's current file as per-period profiles (plan.ts, readCsvPeriods); undefined when the
 * fast path declines it or the row path could decide otherwise (the caller then reads rows).
 */
export function readCsvFilePeriods(path: string, source: string, size: number, options: CsvReadOptions, request: PeriodProfilesRequest): Promise<ProfiledChunks | undefined> {
  return readCsvPeriods({ name: source, size, source: { kind: 'file', path } }, options, headerNames, request);
}

/** The csv-parse reader: every file the fast path declines, and every error message. Exported for tests. */
export async function readCsvSequential(bytes: Uint8Array, source: string, options: CsvReadOptions): Promise<Dataset> {
  throwIfAborted(options.signal);
  const bom = bomLength(bytes);
  if (isBlank(bytes, bom)) throw new DatasetReadError(source, 'the file is empty');
  checkText(bytes, source, 'CSV text');

  const delimiter = options.delimiter ?? (/\.tsv$/i.test(source) ? '\t' : sniffDelimiter(bytes, bom));
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DatasetReadError(source, `the delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`);
  }

  const warnings: string[] = [];
  let names: string[] | undefined;
  let encoders: DictionaryEncoder[] = [];
  let rows = 0;
  let blankLines = 0;
  // Byte offset where the record being parsed starts (just after the previous one).
  let recordStart = bom;

  const maxLine = limitValue(LIMITS.line);
  const parser = new Parser({
    delimiter,
    bom: true,
    // Quotes inside an unquoted field are kept as text, as pandas does (5'11", 12" pizza).
    relax_quotes: true,
    // Field counts are checked below, where the record's first line is known.
    relax_column_count: true,
    skip_empty_lines: true,
    // A record with no end (a file of one endless line) stops here, not when memory runs out.
    max_record_size: maxLine,
  });
  let failure: unknown;
  let records = 0;

  // Records arrive as 'data' events (on_record would cost a context object per record, doubling
  // the time). Node emits them while the chunk is parsed, so parser.info.bytes is where this
  // record ends; if that ever stops holding, line numbers fall back to csv-parse's count.
  let exactOffsets = true;
  const onRecord = (record: string[]): void => {
    if (failure !== undefined) return;
    records++;
    if (parser.info.records !== records) exactOffsets = false;
    const start = recordStart;
    recordStart = parser.info.bytes;
    const line = () => (exactOffsets ? lineAt(bytes, skipLineBreaks(bytes, start)) : parser.info.lines);
    // csv-parse's max_record_size does not see a last record that ends with the file.
    if (recordStart - start > maxLine) {
      failure = new DatasetReadError(source, `this row is ${overLimit(LIMITS.line)}`, line());
      return;
    }
    if (names === undefined) {
      try {
        names = headerNames(record, source, line(), warnings);
      } catch (e) {
        failure = e;
        return;
      }
      // A row of n fields takes at least n bytes, which bounds the estimate for wide files.
      const capacity = Math.min(estimateRows(bytes, bom), Math.ceil(bytes.length / names.length) + 16);
      encoders = names.map(() => new DictionaryEncoder(undefined, capacity));
      return;
    }
    if (record.length !== names.length) {
      // A line of spaces is as blank as an empty one (csv-parse skips only empty ones).
      if (record.length === 1 && record[0].trim() === '') {
        blankLines++;
        return;
      }
      failure = new DatasetReadError(
        source,
        `this row has ${plural(record.length, 'field')}, the header has ${names.length}`,
        line(),
      );
      return;
    }
    for (let j = 0; j < record.length; j++) encoders[j].push(record[j]);
    rows++;
  };
  parser.on('data', onRecord);
  parser.on('error', (e: unknown) => {
    failure ??= e;
  });

  try {
    for (let offset = 0; offset < bytes.length && failure === undefined; offset += CHUNK) {
      const end = Math.min(bytes.length, offset + CHUNK);
      await write(parser, Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset));
      if (failure !== undefined) break;
      options.onProgress?.(end, bytes.length);
      await pause(options.signal);
    }
    if (failure === undefined) {
      parser.end();
      await finished(parser);
    }
  } catch (e) {
    failure ??= e;
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
  if (failure !== undefined) throw explain(failure, bytes, source, recordStart, delimiter, exactOffsets);

  if (names === undefined) throw new DatasetReadError(source, 'the file is empty');
  if (rows === 0) throw new DatasetReadError(source, 'the file has a header but no data rows');
  const skipped = parserEmptyLines(parser, bytes) + blankLines;
  if (skipped > 0) warnings.push(`skipped ${plural(skipped, 'blank line')}`);

  const header = names;
  const format = delimiter === '\t' ? 'tsv' : 'csv';
  if (options.sample) {
    // Typed as if the file held only the sampled rows, like the fast path.
    const seed = options.sample.seed ?? DEFAULT_SAMPLE_SEED;
    const picked = sampleRows(rows, options.sample);
    const columns: Column[] = encoders.map((enc, j) => {
      const kept = pickEncoded(enc, picked);
      return finishTextColumn(header[j], kept.dictionary, kept.codes);
    });
    return { source, format, rows: picked.length, columns, warnings, sampled: { seed, requested: options.sample.rows, fileRows: rows } };
  }
  const columns: Column[] = encoders.map((enc, j) => finishTextColumn(header[j], enc.dictionary, enc.finish()));
  return { source, format, rows, columns, warnings };
}

/** Rows the file probably has, from the line length of its first 64 KiB, so codes rarely regrow. */
function estimateRows(bytes: Uint8Array, start: number): number {
  const sample = bytes.subarray(start, Math.min(bytes.length, start + 65536));
  let lines = 0;
  for (let i = sample.indexOf(10); i >= 0; i = sample.indexOf(10, i + 1)) lines++;
  if (lines < 2) return 1024;
  return Math.min(Math.ceil(((bytes.length - start) / sample.length) * lines * 1.05) + 1024, 1 << 26);
}

function write(parser: Parser, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(chunk, (e) => (e ? reject(e) : resolve()));
  });
}

/** Blank lines csv-parse skipped, less the line break that ends the file (which it counts too). */
function parserEmptyLines(parser: Parser, bytes: Uint8Array): number {
  const last = bytes[bytes.length - 1];
  const endsWithBreak = last === 10 || last === 13;
  return Math.max(0, parser.info.empty_lines - (endsWithBreak ? 1 : 0));
}

/** Names from the header row; an empty name becomes `column_N` with a warning, a repeated one is an error. */
export function headerNames(record: string[], source: string, line: number, warnings: string[]): string[] {
  if (record.length > limitValue(LIMITS.columns)) {
    throw new DatasetReadError(source, `the header has ${record.length} columns, ${overLimit(LIMITS.columns)}`, line);
  }
  const names = record.map((raw, j) => {
    if (raw.trim() !== '') return raw;
    warnings.push(`column ${j + 1} has no name in the header; it is called 'column_${j + 1}'`);
    return `column_${j + 1}`;
  });
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DatasetReadError(
        source,
        `column '${name}' appears twice in the header (columns ${first + 1} and ${j + 1})`,
        line,
      );
    }
    seen.set(name, j);
  });
  return names;
}

/** Turns a parser failure into a DatasetReadError with the line where the trouble starts. */
function explain(
  e: unknown,
  bytes: Uint8Array,
  source: string,
  recordStart: number,
  delimiter: string,
  exactOffsets: boolean,
): unknown {
  if (e instanceof DatasetReadError) return e;
  if (!isCsvError(e)) return e; // an abort, or a bug: not the file's fault
  if (!exactOffsets) return new DatasetReadError(source, csvProblem(e.code, e.message), e.lines);
  const start = skipLineBreaks(bytes, recordStart);
  const at = e.code === 'CSV_QUOTE_NOT_CLOSED' ? (unclosedQuote(bytes, start, delimiter) ?? start) : start;
  return new DatasetReadError(source, csvProblem(e.code, e.message), lineAt(bytes, at));
}

/** csv-parse's error codes in plain words. */
function csvProblem(code: string, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (its opening quote is on this line)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field has text after its closing quote';
    case 'CSV_INVALID_OPENING_QUOTE':
      return 'a quote appears inside a field that does not start with one';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'this row does not have as many fields as the header';
    case 'CSV_MAX_RECORD_SIZE':
      return `this row is ${overLimit(LIMITS.line)}`;
    default:
      return `could not be read as CSV (${message})`;
  }
}

/** csv-parse's CsvError, as far as we use it. */
interface CsvErrorLike extends Error {
  readonly code: string;
  readonly lines?: number;
}

function isCsvError(e: unknown): e is CsvErrorLike {
  const code: unknown = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('CSV_');
}

/**
 * Finds the opening quote that is never closed, scanning from the start of the record that
 * failed: a quote opens only at the start of a field, `""` inside quotes is a quote.
 */
function unclosedQuote(bytes: Uint8Array, from: number, delimiter: string): number | undefined {
  const delim = delimiter.charCodeAt(0);
  let fieldStart = true;
  let open: number | undefined;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (open !== undefined) {
      if (c === 0x22) {
        if (bytes[i + 1] === 0x22) i++;
        else open = undefined;
      }
      fieldStart = false;
    } else if (c === 0x22 && fieldStart) {
      open = i;
    } else {
      fieldStart = c === delim || c === 10 || c === 13;
    }
  }
  return open;
}

/** Skips the line breaks that separate records, so a record's line is where its text begins. */
function skipLineBreaks(bytes: Uint8Array, offset: number): number {
  let i = offset;
  while (i < bytes.length && (bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 0x20 || bytes[i] === 9)) {
    // Stop at spaces that start a field rather than a blank line.
    if ((bytes[i] === 0x20 || bytes[i] === 9) && !restOfLineBlank(bytes, i)) break;
    i++;
  }
  return i;
}

function restOfLineBlank(bytes: Uint8Array, i: number): boolean {
  for (; i < bytes.length && bytes[i] !== 10 && bytes[i] !== 13; i++) {
    if (bytes[i] !== 0x20 && bytes[i] !== 9) return false;
  }
  return true;
}

function isBlank(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 10 && c !== 13 && c !== 0x20 && c !== 9) return false;
  }
  return true;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
