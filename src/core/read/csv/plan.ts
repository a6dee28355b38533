import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { throwIfAborted } from '../abort';
import { CR, CRLF, LF, NUMERIC, TEXT, ChunkParser, type ChunkResult, type CsvLayout } from './tokenizer';
import { parseRangeStepwise, type ByteSource, type RangeJob, type RangeOutcome, type RangeResult } from './range';
import type { Column, Dataset, ReadOptions } from '../dataset';
import { finishTextColumn, finishTextCounts, parseNumberToken, textCountsAsNumbers } from '../numbers';
import { mergeCountTables, type ReducedColumn } from './chunkProfile';
import { categoryProfileFromEntries, finishNumeric, type ProfileOptions } from '../../profile/build';
import type { CategoryProfile, ColumnProfile, DatasetProfile } from '../../profile/profile';
import type { SideInput } from '../../drift/engine';
import { DEFAULT_SAMPLE_SEED, pickCodes, sampleThreshold, smallestKeys } from '../sample';
import { sniffDelimiter } from './sniff';
import { bomLength } from '../text';
import type { PeriodRequest } from './chunkPeriods';
import type { PeriodUnit } from '../../../shared/timeline';
import { isoWallClock, periodEnd, wallClock } from '../../timeline/period';
import type { ProfiledChunks } from '../../timeline/timeline';

/**
 * The fast CSV path: plans chunks at record boundaries, parses them (in worker threads for big
 * files, both files of a comparison sharing the threads), and joins the chunks' columns. Returns
 * undefined whenever the file is not plain enough for it (tokenizer.ts says what that means); the
 * caller then reads it with csv-parse, which also words every error.
 */

export interface FastCsvOptions extends ReadOptions {
  readonly delimiter?: string;
  /** Below this many bytes the file is parsed on the calling thread (tests lower it). */
  readonly parallelFrom?: number;
  /** Target chunk size in bytes (tests lower it to get many chunks from small files). */
  readonly chunkBytes?: number;
  /** Force parsing on the calling thread even for big files. */
  readonly inThread?: boolean;
}

/** Bytes looked at to find the delimiter, the line break and the header. */
const HEAD_BYTES = 1 << 20;
/** Bytes of data rows used to guess which columns hold numbers. */
const GUESS_BYTES = 256 << 10;
/** Files smaller than this are parsed on the calling thread (starting a worker costs more; bench/results.md). */
const PARALLEL_FROM = 8 << 20;
/** Small enough that both threads finish their last chunk at about the same time (README: Performance). */
const CHUNK_BYTES = 4 << 20;

export interface FastCsvInput {
  /** Name used in messages and the dataset. */
  readonly name: string;
  readonly size: number;
  readonly source: ByteSource;
}

function readBytes(input: FastCsvInput, start: number, end: number): Uint8Array {
  const { source } = input;
  if (source.kind === 'bytes') return source.bytes.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  const fd = openSync(source.path, 'r');
  try {
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

const MAGIC: readonly (readonly number[])[] = [
  [0x50, 0x41, 0x52, 0x31], // Parquet
  [0x1f, 0x8b], // gzip
  [0x50, 0x4b, 0x03, 0x04], // ZIP
  [0xff, 0xfe], // UTF-16
  [0xfe, 0xff],
];

interface Head {
  readonly layout: CsvLayout;
  readonly names: string[];
  readonly warnings: string[];
  readonly dataStart: number;
  readonly emptyLines: number;
  readonly kinds: Uint8Array;
  /** Per column, what chunks may reduce (range.ts, RangeJob.reduce): 0 nothing, 1 always, 2 text only. */
  readonly reducible: Uint8Array;
  readonly bytesPerRecord: number;
  /** Text columns whose first rows' values are all times period.ts reads (a timeline's candidates). */
  readonly times: number[];
}

/** Delimiter, line break, header and a guess of the column kinds, from the file's first bytes. */
function readHead(input: FastCsvInput, options: FastCsvOptions, headerNames: HeaderNames, wantTimes = false): Head | undefined {
  const head = readBytes(input, 0, Math.min(input.size, HEAD_BYTES));
  const whole = head.length === input.size;
  if (MAGIC.some((m) => m.every((b, i) => head[i] === b))) return undefined;
  const bom = bomLength(head);
  // Only line breaks, spaces and tabs: the csv-parse reader calls it empty (a fuzz finding: this
  // path read " " as a row of a column with no name).
  if (head.subarray(bom).every((c) => c === 10 || c === 13 || c === 0x20 || c === 9)) return undefined;
  const delimiter = options.delimiter ?? (/\.tsv$/i.test(input.name) ? '\t' : sniffDelimiter(head, bom));
  const d = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || d > 0x7f || d === 0x22 || d === 10 || d === 13) return undefined;

  // csv-parse takes the first line break outside quotes as the record delimiter.
  let recordDelimiter = 0;
  let quoted = false;
  for (let i = bom; i < head.length; i++) {
    const c = head[i];
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) {
      if (c === 10) recordDelimiter = LF;
      else if (i + 1 < head.length) recordDelimiter = head[i + 1] === 10 ? CRLF : CR;
      break;
    }
  }
  if (recordDelimiter === 0) return undefined;
  const rdLength = recordDelimiter === CRLF ? 2 : 1;

  let pos = bom;
  let emptyLines = 0;
  let line = 1;
  while (pos < head.length && (head[pos] === 10 || head[pos] === 13)) {
    if (recordDelimiter === CRLF ? head[pos] !== 13 || head[pos + 1] !== 10 : head[pos] !== (recordDelimiter === LF ? 10 : 13)) return undefined;
    pos += rdLength;
    emptyLines++;
    line++;
  }
  const header = parseHeader(head, pos, d, recordDelimiter);
  if (!header) return undefined;
  const warnings: string[] = [];
  let names: string[];
  try {
    names = headerNames(header.fields, input.name, line, warnings);
  } catch {
    return undefined; // the csv-parse reader reports it, with the same words
  }
  const layout: CsvLayout = { delimiter: d, recordDelimiter, columns: names.length };

  const dataStart = header.next;
  // The chunks are checked for NUL bytes and UTF-8 as they are read (range.ts checkBlock); the
  // header comes before them, so it is checked here (a fuzz finding: names read with U+FFFD).
  const headerBytes = head.subarray(0, dataStart);
  if (headerBytes.indexOf(0) >= 0 || !isUtf8(headerBytes)) return undefined; // the csv-parse reader says where
  const guessEnd = Math.min(head.length, dataStart + GUESS_BYTES);
  const parser = new ChunkParser(layout, new Uint8Array(names.length).fill(TEXT), 1024);
  const used = parser.feed(Buffer.from(head.buffer, head.byteOffset, head.length), dataStart, guessEnd, whole && guessEnd === head.length);
  if (used < 0) return undefined;
  const guess = parser.result();
  const kinds = Uint8Array.from(guess.columns, (c) =>
    c.kind === 'text' && c.dictionary.some((v) => parseNumberToken(v) === undefined) ? TEXT : NUMERIC,
  );
  // A column is kept whole when it may be a vector column (every value "[...]": the engine's
  // embeddings, stats/embeddings/extract.ts, need its rows) or when the first rows hold no value to
  // tell; numbers are reduced when they repeat (at most a quarter distinct in the first rows),
  // otherwise only if they turn out to be text.
  const reducible = Uint8Array.from(guess.columns, (c, j) => {
    if (c.kind !== 'text' || !c.dictionary.some((v) => !v.startsWith('['))) return 0;
    return kinds[j] === TEXT || c.dictionary.length * 4 <= guess.records ? 1 : 2;
  });
  const bytesPerRecord = guess.records > 0 ? (used - dataStart) / guess.records : 64;
  const times: number[] = [];
  if (wantTimes) {
    guess.columns.forEach((c, j) => {
      if (c.kind === 'text' && kinds[j] === TEXT && c.dictionary.length > 0 && c.dictionary.every((v) => !Number.isNaN(wallClock(v)))) times.push(j);
    });
  }
  return { layout, names, warnings, dataStart, emptyLines, kinds, reducible, bytesPerRecord, times };
}

/** The header record: fields and the offset just after its line break. Plain CSV only. */
function parseHeader(buf: Uint8Array, pos: number, delimiter: number, recordDelimiter: number): { fields: string[]; next: number } | undefined {
  const fields: string[] = [];
  const text = (s: number, e: number) => Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8');
  for (;;) {
    let value: string;
    if (buf[pos] === 0x22) {
      let p = pos + 1;
      for (;;) {
        const q = buf.indexOf(0x22, p);
        if (q < 0) return undefined;
        if (buf[q + 1] === 0x22) {
          p = q + 2;
          continue;
        }
        value = text(pos + 1, q).replaceAll('""', '"');
        pos = q + 1;
        break;
      }
    } else {
      let p = pos;
      while (p < buf.length && buf[p] !== delimiter && buf[p] !== 10 && buf[p] !== 13 && buf[p] !== 0x22) p++;
      if (buf[p] === 0x22) return undefined;
      value = text(pos, p);
      pos = p;
    }
    fields.push(value);
    const c = buf[pos];
    if (c === delimiter) {
      pos++;
      continue;
    }
    if (recordDelimiter === LF && c === 10) return { fields, next: pos + 1 };
    if (recordDelimiter === CR && c === 13) return { fields, next: pos + 1 };
    if (recordDelimiter === CRLF && c === 13 && buf[pos + 1] === 10) return { fields, next: pos + 2 };
    return undefined;
  }
}

/** Offset just after the first record delimiter at or after `from`, or -1 within `limit` bytes. */
function boundaryAfter(input: FastCsvInput, from: number, recordDelimiter: number): number {
  const WINDOW = 1 << 16;
  for (let start = from; start < input.size && start - from < CHUNK_BYTES; start += WINDOW) {
    const w = readBytes(input, start, Math.min(input.size, start + WINDOW + 1));
    const target = recordDelimiter === CR ? 13 : 10;
    for (let i = w.indexOf(target); i >= 0 && i < WINDOW; i = w.indexOf(target, i + 1)) {
      if (recordDelimiter === CRLF && (start + i === 0 || (i > 0 ? w[i - 1] : readBytes(input, start - 1, start)[0]) !== 13)) continue;
      return start + i + 1;
    }
  }
  return -1;
}

type HeaderNames = (record: string[], source: string, line: number, warnings: string[]) => string[];

/**
 * Reads a CSV/TSV file with the fast path. Undefined means "not for me": the caller falls back to
 * the csv-parse reader. Errors it throws are aborts or I/O failures, never a verdict on the file.
 */
export async function readCsvFast(input: FastCsvInput, options: FastCsvOptions, headerNames: HeaderNames): Promise<Dataset | undefined> {
  // Without `profiles` every column is a reader's column: the result is a Dataset.
  return (await readChunked(input, options, headerNames, undefined)) as Dataset | undefined;
}

/**
 * As readCsvFast, for a caller that needs only the columns' profiles (a comparison, `drift-inspect
 * profile`): each chunk's text columns, and its number columns whose values repeat, are reduced to
 * (value, count) tables on the thread that parsed them (chunkProfile.ts) and merged here, so those
 * columns are never held whole (measured: bench/results.md, "Measurements behind tuning choices").
 * Number columns of mostly distinct values stay columns (the engine's threads sort them, faster
 * than merging tables here). A sampled read returns columns.
 */
export async function readCsvProfiles(input: FastCsvInput, options: FastCsvOptions, headerNames: HeaderNames, profiles: ProfileOptions): Promise<SideInput | undefined> {
  // Without `periods` the result is a side.
  return (await readChunked(input, options, headerNames, options.sample ? undefined : profiles)) as SideInput | undefined;
}

/** What a timeline asks of its current file (readCsvPeriods). */
export interface PeriodProfilesRequest {
  /** `--time-column`; otherwise the one text column whose first rows hold times (checked later on the whole data). */
  readonly timeColumn?: string;
  readonly unit: PeriodUnit;
  /** For each period's profiles: the comparison's (settings.profileMaxDistinct), as the engine profiles a chunk's rows. */
  readonly profiles: ProfileOptions;
}

/**
 * A timeline's current file as per-period profiles (chunkPeriods.ts: each chunk's rows grouped by
 * period on the thread that parsed them), the profiles the row path would make of each period's
 * rows (src/core/timeline/chunks.ts: chunksByPeriod, then the engine profiles each chunk) and of
 * the whole file. Undefined when the fast path declines the file, for a sampled read, and whenever
 * the row path could decide otherwise (the time column not text or not found, a column read as
 * numbers in one chunk and text in another, no row with a time, a profile over the distinct-value
 * cap): the caller then reads rows.
 */
export async function readCsvPeriods(input: FastCsvInput, options: FastCsvOptions, headerNames: HeaderNames, request: PeriodProfilesRequest): Promise<ProfiledChunks | undefined> {
  if (options.sample) return undefined;
  return (await readChunked(input, options, headerNames, undefined, request)) as ProfiledChunks | undefined;
}

async function readChunked(
  input: FastCsvInput,
  options: FastCsvOptions,
  headerNames: HeaderNames,
  profiles: ProfileOptions | undefined,
  periods?: PeriodProfilesRequest,
): Promise<SideInput | ProfiledChunks | undefined> {
  throwIfAborted(options.signal);
  if (input.size === 0) return undefined;
  const head = readHead(input, options, headerNames, periods !== undefined);
  if (!head) return undefined;
  const { layout, names, kinds, dataStart } = head;
  let periodJob: PeriodRequest | undefined;
  if (periods) {
    const column = periods.timeColumn !== undefined ? names.indexOf(periods.timeColumn) : head.times.length === 1 ? head.times[0] : -1;
    if (column < 0 || kinds[column] !== TEXT) return undefined;
    periodJob = { column, unit: periods.unit };
  }
  // Which columns the chunks reduce to (value, count) tables (range.ts).
  const reduce = profiles ? head.reducible : undefined;

  // Chunks at record boundaries.
  const dataBytes = input.size - dataStart;
  const pool = !options.inThread && dataBytes >= (options.parallelFrom ?? PARALLEL_FROM) ? options.runner : undefined;
  const parallel = pool !== undefined;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const wanted = pool || options.chunkBytes !== undefined ? Math.max(pool ? pool.size : 1, Math.round(dataBytes / chunkBytes)) : 1;
  const starts = [dataStart];
  for (let k = 1; k < wanted; k++) {
    const nominal = dataStart + Math.floor((dataBytes * k) / wanted);
    const b = boundaryAfter(input, Math.max(nominal, starts[starts.length - 1] + 1), layout.recordDelimiter);
    if (b < 0 || b >= input.size) break;
    if (b > starts[starts.length - 1]) starts.push(b);
  }
  const ranges = starts.map((start, k) => ({ start, end: k + 1 < starts.length ? starts[k + 1] : input.size, last: k === starts.length - 1 }));

  // Sources for other threads: a file path, or the bytes in shared memory (copied once).
  let source = input.source;
  if (parallel && source.kind === 'bytes' && !(source.bytes.buffer instanceof SharedArrayBuffer)) {
    const shared = new Uint8Array(new SharedArrayBuffer(source.bytes.length));
    shared.set(source.bytes);
    source = { kind: 'bytes', bytes: shared };
  }

  // Progress: the bytes each chunk has consumed (a chunk read again does not count twice).
  const consumed = new Float64Array(ranges.length);
  let reported = 0;
  const progressOf = (k: number) => (n: number) => {
    if (n <= consumed[k]) return;
    consumed[k] = n;
    const done = dataStart + consumed.reduce((a, b) => a + b, 0);
    if (done > reported && done < input.size) {
      reported = done;
      options.onProgress?.(done, input.size);
    }
  };
  const onAbort = () => pool?.destroy(options.signal?.reason ?? new DOMException('The read was aborted', 'AbortError'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const onBytesOf = (job: RangeJob, progress: boolean) => (progress ? progressOf(starts.indexOf(job.start)) : undefined);
  const run = async (jobs: RangeJob[], progress = true): Promise<RangeOutcome[]> => {
    const onBytes = (job: RangeJob) => onBytesOf(job, progress);
    if (pool) return Promise.all(jobs.map((job) => pool.run<RangeOutcome>({ kind: 'csv', source, job }, [], onBytes(job))));
    // This thread: in memory, a step at a time so timers and aborts get their turn.
    const bytes = source.kind === 'bytes' ? source.bytes : readBytes(input, 0, input.size);
    const out: RangeOutcome[] = [];
    for (const job of jobs) {
      throwIfAborted(options.signal);
      out.push(await parseRangeStepwise(bytes, job, onBytes(job) ?? (() => {}), options.signal));
    }
    return out;
  };
  const capacityOf = (bytes: number) => Math.ceil((bytes / head.bytesPerRecord) * 1.1) + 64;

  try {
    const sample = options.sample;
    const seed = sample?.seed ?? DEFAULT_SAMPLE_SEED;
    let firstRows: number[] | undefined;
    let threshold = 4294967296;
    let fileRows = 0;
    if (sample) {
      // Count the records of every chunk first (nothing stored), so each knows its first row.
      const counts = await run(
        ranges.map((r) => ({ layout, kinds, ...r, capacity: 16, sampling: { seed, threshold: 0, firstRow: 0 } })),
        false,
      );
      firstRows = [];
      for (const c of counts) {
        if (!c.ok) return undefined;
        firstRows.push(fileRows);
        fileRows += c.result.records;
      }
      threshold = sampleThreshold(sample.rows, fileRows);
    }
    const jobsFor = (chunkKinds: Uint8Array[], keep: number) =>
      ranges.map((r, k) => ({
        layout,
        kinds: chunkKinds[k],
        ...r,
        capacity: Math.ceil(capacityOf(r.end - r.start) * (keep < 4294967296 ? keep / 4294967296 : 1)),
        ...(firstRows ? { sampling: { seed, threshold: keep, firstRow: firstRows[k] } } : {}),
        ...(reduce ? { reduce } : {}),
        ...(periodJob ? { periods: periodJob } : {}),
      }));

    // Text columns are merged chunk by chunk as the chunks arrive (in order, for first-seen
    // order), so only the last chunk's merge waits after the threads are done.
    const merges = new Map<number, TextMerge>();
    if (!periodJob) kinds.forEach((k, j) => k === TEXT && merges.set(j, new TextMerge()));
    // Number columns joined into shared memory as their chunks arrive, while the threads parse the
    // rest, rather than all at the end while the threads wait for the comparison's tasks.
    const joins = pool && !sample && !periodJob ? new Map<number, NumericJoin>() : undefined;
    if (joins) kinds.forEach((k, j) => k === NUMERIC && reduce?.[j] !== 1 && joins.set(j, new NumericJoin(capacityOf(dataBytes))));
    let results: RangeResult[] | undefined;
    if (pool) {
      const pending = jobsFor(ranges.map(() => kinds), threshold).map((job) => pool.run<RangeOutcome>({ kind: 'csv', source, job }, [], onBytesOf(job, true)));
      // Awaited in order: when one fails (a thread out of memory) the loop stops there, and the
      // later ones' failures must not become unhandled rejections, which end the process.
      for (const p of pending) p.catch(() => undefined);
      results = [];
      for (const p of pending) {
        const o = await p;
        if (!o.ok) return undefined;
        for (const [j, m] of merges) m.add(o.result.columns[j]);
        if (joins) for (const [j, join] of joins) join.add(o.result.columns, j);
        results.push(o.result);
      }
    } else {
      results = collect(await run(jobsFor(ranges.map(() => kinds), threshold)));
      if (results) for (const r of results) for (const [j, m] of merges) m.add(r.columns[j]);
    }
    if (!results) return undefined;
    if (sample && firstRows && results.reduce((s, r) => s + r.stored, 0) < Math.min(sample.rows, fileRows)) {
      // Fewer candidates than asked (very unlikely): keep every row and choose among them.
      threshold = 4294967296;
      results = collect(await run(jobsFor(ranges.map(() => kinds), threshold)));
      if (!results) return undefined;
      for (const j of merges.keys()) merges.set(j, new TextMerge());
      for (const r of results) for (const [j, m] of merges) m.add(r.columns[j]);
    }
    // A column that met text in one chunk is text everywhere: read again the chunks that had it as numbers.
    const union = Uint8Array.from(kinds, (_, j) => (results!.some((r) => r.kinds[j] === TEXT) ? TEXT : NUMERIC));
    const stale = results.map((r) => r.kinds.some((k, j) => k !== union[j]));
    if (periodJob && stale.some(Boolean)) return undefined;
    if (stale.some(Boolean)) {
      const again = collect(await run(jobsFor(ranges.map(() => union), threshold).filter((_, k) => stale[k])));
      if (!again) return undefined;
      // Their text columns hold the same values as before: merging adds no entry, only maps codes
      // (reduced chunks were counted already: adding them again would count them twice).
      for (const r of again) for (const [j, m] of merges) if (!reduce || reduce[j] === 0) m.add(r.columns[j]);
      results = results.map((r, k) => (stale[k] ? again.shift()! : r));
    }

    const stored = results.reduce((s, r) => s + r.stored, 0);
    if (stored === 0) return undefined; // header only: the csv-parse reader says so
    const format = layout.delimiter === 9 ? 'tsv' : 'csv';
    if (periodJob) {
      const chunked = await finishPeriods(input.name, format, names, results, fileWarnings(head, results), periodJob, periods!);
      if (chunked) options.onProgress?.(input.size, input.size);
      return chunked;
    }
    let picked: Int32Array | undefined;
    if (sample) {
      const keys = new Uint32Array(stored);
      let at = 0;
      for (const r of results) {
        keys.set(r.keys!, at);
        at += r.stored;
      }
      picked = smallestKeys(keys, sample.rows);
    }
    const columns = names.map((name, j): Column | ColumnProfile => {
      // A column numeric in every chunk was joined as they came (a chunk read again because of
      // another column holds the same numbers).
      const join = union[j] === NUMERIC ? joins?.get(j) : undefined;
      if (join?.complete(results!.length)) return join.column(name, stored);
      const parts = results!.map((r) => r.columns[j]);
      // Let the chunk's arrays go as soon as the column is joined (keeps the peak low).
      for (const r of results!) (r.columns as (RangeResult['columns'][number] | undefined)[])[j] = undefined;
      if (isReduced(parts)) return finishReduced(name, parts, merges.get(j), profiles ?? {});
      return joinColumn(name, parts as ChunkResult['columns'], stored, picked, parallel, merges.get(j)?.dictionary);
    });
    const warnings = fileWarnings(head, results);
    options.onProgress?.(input.size, input.size);
    return {
      source: input.name,
      format,
      rows: picked ? picked.length : stored,
      columns,
      warnings,
      ...(sample ? { sampled: { seed, requested: sample.rows, fileRows: fileRows } } : {}),
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The header's warnings and the blank lines skipped. */
function fileWarnings(head: Head, results: readonly RangeResult[]): string[] {
  const emptyLines = head.emptyLines + results.reduce((s, r) => s + r.emptyLines, 0);
  const warnings = [...head.warnings];
  if (emptyLines > 0) warnings.push(`skipped ${emptyLines} blank line${emptyLines === 1 ? '' : 's'}`);
  return warnings;
}

/**
 * The chunks' period groups merged per period (a period may span chunks, and an unsorted file's
 * chunks share periods), with the whole file's profile (every group, rows without a time
 * included). Each period's column takes the whole column's kind and integer flag, as a row range of
 * the joined column would (chunks.ts restrictDataset keeps them). Undefined when the row path could
 * differ: see readCsvPeriods.
 */
async function finishPeriods(
  source: string,
  format: 'csv' | 'tsv',
  names: readonly string[],
  results: readonly RangeResult[],
  warnings: string[],
  job: PeriodRequest,
  request: PeriodProfilesRequest,
): Promise<ProfiledChunks | undefined> {
  const byStart = new Map<number, { rows: number; parts: ReducedColumn[][] }>();
  const all: ReducedColumn[][] = names.map(() => []);
  let rows = 0;
  let unplaced = 0;
  const unplacedTimes: ReducedColumn[] = [];
  let unreadable: string | undefined;
  for (const r of results) {
    const p = r.periods!;
    unreadable ??= p.unreadable;
    p.groups.forEach((group, g) => {
      const n = p.rows[g];
      if (n === 0) return;
      rows += n;
      group.forEach((c, j) => all[j].push(c));
      if (g === p.starts.length) {
        unplaced += n;
        unplacedTimes.push(group[job.column]);
        return;
      }
      let at = byStart.get(p.starts[g]);
      if (!at) byStart.set(p.starts[g], (at = { rows: 0, parts: names.map(() => []) }));
      at.rows += n;
      group.forEach((c, j) => at.parts[j].push(c));
    });
  }
  if (byStart.size === 0) return undefined;
  // Typed as the engine types the whole current side of the row path (its default cap). The time
  // column holds a readable time, which is never a number token, so it is text (category); its
  // whole profile is made from its periods' below (their values are disjoint).
  const time = job.column;
  const text: ColumnProfile = { kind: 'category', name: names[time], rows: 0, missing: 0, count: 0, values: [], counts: new Float64Array(0) };
  const whole = names.map((name, j) => (j === time ? text : finishReduced(name, all[j], undefined, {})));
  const finishers = names.map((name, j) => periodFinisher(name, all[j][0].kind, whole[j], request.profiles));
  const chunks: ProfiledChunks['chunks'][number][] = [];
  let since = performance.now();
  for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
    const at = byStart.get(start)!;
    const profile: DatasetProfile = { source, format, rows: at.rows, columns: names.map((_, j) => finishers[j](at.parts[j])), warnings: [] };
    chunks.push({ start: isoWallClock(start), end: isoWallClock(periodEnd(start, job.unit)), profile });
    // Let the pool hand the other file's chunks to its threads meanwhile (it does so on this thread).
    if (performance.now() - since > 4) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  whole[time] = wholeTimeColumn(
    names[time],
    chunks.map((c) => c.profile.columns[time] as CategoryProfile),
    unplacedTimes,
  );
  const capped = (c: ColumnProfile) => c.kind === 'numeric' && c.approximate !== undefined;
  if (whole.some(capped) || chunks.some((c) => c.profile.columns.some(capped))) return undefined;
  return {
    whole: { source, format, rows, columns: whole, warnings },
    chunks,
    timeColumn: names[job.column],
    period: job.unit,
    unplaced,
    textTimes: { guessed: request.timeColumn === undefined, ...(unreadable !== undefined ? { unreadable } : {}) },
  };
}

/**
 * The time column's whole profile from its periods' (each text is in one period, so they add up
 * without a merge) and the rows without a readable time: the profile of the whole column, canonical
 * order (build.ts categoryProfileFromEntries sorts unless the texts already ascend, as a sorted log's do).
 */
function wholeTimeColumn(name: string, periods: readonly CategoryProfile[], unplaced: readonly ReducedColumn[]): CategoryProfile {
  const merge = new TextMerge();
  for (const p of unplaced) merge.add(p);
  let n = merge.dictionary.length;
  for (const p of periods) n += p.values.length;
  const values: string[] = [];
  const counts = new Float64Array(n);
  let missing = merge.missing;
  for (const p of periods) {
    counts.set(p.counts, values.length);
    for (const v of p.values) values.push(v);
    missing += p.missing;
  }
  counts.set(merge.counts.subarray(0, merge.dictionary.length), values.length);
  for (const v of merge.dictionary) values.push(v);
  return categoryProfileFromEntries(name, values, counts, missing);
}

/** One period's profile of a column from its groups, with the whole column's kind and flags. */
function periodFinisher(name: string, kind: ReducedColumn['kind'], whole: ColumnProfile, options: ProfileOptions): (parts: ReducedColumn[]) => ColumnProfile {
  if (kind === 'text-counts') {
    return (parts) => {
      const only = parts.length === 1 ? parts[0] : undefined;
      // One chunk's group (most periods of a sorted file): its entries are distinct already.
      if (only?.kind === 'text-counts' && whole.kind === 'category') return categoryProfileFromEntries(name, only.dictionary, only.counts, only.missing);
      const merge = new TextMerge();
      for (const p of parts) merge.add(p);
      const counts = merge.counts.slice(0, merge.dictionary.length);
      // A column of number tokens is numeric (numbers.ts finishTextColumn), with the whole column's flag.
      return whole.kind === 'category'
        ? categoryProfileFromEntries(name, merge.dictionary, counts, merge.missing)
        : textCountsAsNumbers(name, merge.dictionary, counts, merge.missing, whole.integer, options);
    };
  }
  const integer = whole.kind === 'numeric' && whole.integer;
  return (parts) => {
    let missing = 0;
    let nonFinite = 0;
    for (const p of parts) {
      if (p.kind !== 'numeric-counts') throw new Error('mixed chunk kinds');
      missing += p.missing;
      nonFinite += p.infinities;
    }
    const { values, counts } = mergeCountTables(parts as Extract<ReducedColumn, { kind: 'numeric-counts' }>[]);
    return finishNumeric(name, values, counts, { missing, nonFinite, integer }, options);
  };
}

/**
 * One number column of a file in shared memory, its chunks copied in file order as they arrive;
 * each chunk's array is let go once copied (the peak stays that of joining at the end). Sized from
 * the estimated rows, grown if they were more; the column is a view of its first `rows` values.
 */
class NumericJoin {
  private values: Float64Array;
  private length = 0;
  private chunks = 0;
  private integer = true;
  private sawNumber = false;
  private infinities = 0;
  /** A chunk had the column as something else than numbers (reduced, or text): not joined. */
  private other = false;

  constructor(capacity: number) {
    this.values = new Float64Array(new SharedArrayBuffer(capacity * 8));
  }

  add(columns: RangeResult['columns'], j: number): void {
    const part = columns[j];
    if (this.other || part.kind !== 'numeric') {
      this.other = true;
      return;
    }
    const v = part.values;
    if (this.length + v.length > this.values.length) {
      const more = new Float64Array(new SharedArrayBuffer(Math.max(this.values.length * 2, this.length + v.length) * 8));
      more.set(this.values.subarray(0, this.length));
      this.values = more;
    }
    this.values.set(v, this.length);
    for (let i = 0; i < v.length; i++) if (v[i] === Infinity || v[i] === -Infinity) this.infinities++;
    this.length += v.length;
    this.integer &&= part.integer;
    this.sawNumber ||= part.sawNumber;
    this.chunks++;
    // Copied: the chunk keeps its flags and no values (the column is taken from here).
    columns[j] = { kind: 'numeric', values: new Float64Array(0), integer: part.integer, sawNumber: part.sawNumber };
  }

  /** Every one of the file's `chunks` was added as numbers. */
  complete(chunks: number): boolean {
    return !this.other && this.chunks === chunks;
  }

  column(name: string, rows: number): Column {
    if (rows !== this.length) throw new Error('joined rows differ from the chunks');
    const values = new Float64Array(this.values.buffer, 0, rows);
    return { name, storage: 'numeric', values, integer: this.sawNumber && this.integer, infinities: this.infinities };
  }
}

function collect(outcomes: RangeOutcome[]): RangeResult[] | undefined {
  const out: RangeResult[] = [];
  for (const o of outcomes) {
    if (!o.ok) return undefined;
    out.push(o.result);
  }
  return out;
}

/**
 * Merges one text column's chunk dictionaries into one, in first-seen order, rewriting each
 * chunk's codes in place to the merged codes (chunks must be added in file order). Entries are
 * found by the hash the tokenizer computed from their bytes (a table of entry numbers, strings
 * compared only when hashes are equal): a timestamp column brings a hundred thousand new strings
 * per file, which a Map would hash all over again on this thread.
 */
class TextMerge {
  readonly dictionary: string[] = [];
  /** Rows per entry, for reduced chunks (chunkProfile.ts). */
  counts = new Float64Array(1024);
  missing = 0;
  private hashes = new Int32Array(1024);
  private table = new Int32Array(2048);
  private mask = 2047;

  add(part: RangeResult['columns'][number]): void {
    if (part.kind === 'text-counts') {
      this.missing += part.missing;
      for (let i = 0; i < part.dictionary.length; i++) {
        // The code first: a new entry may grow (replace) `counts`.
        const code = this.codeOf(part.dictionary[i], part.hashes[i]);
        this.counts[code] += part.counts[i];
      }
      return;
    }
    if (part.kind !== 'text') throw new Error('a text column read as numbers');
    const remap = new Int32Array(part.dictionary.length);
    // The first chunk (and any whose entries line up) maps every code to itself: no rewrite.
    let identity = true;
    for (let i = 0; i < part.dictionary.length; i++) {
      const g = this.codeOf(part.dictionary[i], part.hashes[i]);
      remap[i] = g;
      if (g !== i) identity = false;
    }
    if (identity) return;
    const codes = part.codes;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c >= 0) codes[i] = remap[c];
    }
  }

  private codeOf(text: string, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const e = this.table[slot] - 1;
      if (e < 0) break;
      if (this.hashes[e] === hash && this.dictionary[e] === text) return e;
      slot = (slot + 1) & this.mask;
    }
    const code = this.dictionary.push(text) - 1;
    if (code === this.hashes.length) {
      const more = new Int32Array(code * 2);
      more.set(this.hashes);
      this.hashes = more;
      const counts = new Float64Array(code * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.hashes[code] = hash;
    this.table[slot] = code + 1;
    // At most half full.
    if (this.dictionary.length * 2 > this.table.length) this.rehash();
    return code;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.mask = this.table.length - 1;
    for (let e = 0; e < this.dictionary.length; e++) {
      let slot = this.hashes[e] & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = e + 1;
    }
  }
}

function isReduced(parts: RangeResult['columns']): parts is ReducedColumn[] {
  const reduced = (p: RangeResult['columns'][number]) => p.kind === 'numeric-counts' || p.kind === 'text-counts';
  if (!parts.some(reduced)) return false;
  if (!parts.every(reduced)) throw new Error('mixed chunk kinds');
  return true;
}

/**
 * One column's profile from its reduced chunks: the same profile as profiling the joined column
 * (profile/build.ts), since both count the same cells (tests: read-csv "profiles while reading").
 */
function finishReduced(name: string, parts: ReducedColumn[], merged: TextMerge | undefined, options: ProfileOptions): ColumnProfile {
  if (parts[0].kind === 'text-counts') {
    let merge = merged;
    if (!merge) {
      merge = new TextMerge();
      for (const p of parts) merge.add(p);
    }
    return finishTextCounts(name, merge.dictionary, merge.counts.slice(0, merge.dictionary.length), merge.missing, options);
  }
  let missing = 0;
  let nonFinite = 0;
  let integer = true;
  let sawNumber = false;
  const tables: { values: Float64Array; counts: Float64Array }[] = [];
  for (const p of parts) {
    if (p.kind !== 'numeric-counts') throw new Error('mixed chunk kinds');
    missing += p.missing;
    nonFinite += p.infinities;
    integer &&= p.integer;
    sawNumber ||= p.sawNumber;
    tables.push(p);
  }
  const { values, counts } = mergeCountTables(tables);
  return finishNumeric(name, values, counts, { missing, nonFinite, integer: sawNumber && integer }, options);
}

/**
 * One column from its chunks (all numeric or all text by now), keeping only `picked` rows when
 * sampling. `merged`: the text column's dictionary when TextMerge already rewrote the chunks' codes.
 */
function joinColumn(
  name: string,
  parts: ChunkResult['columns'],
  rows: number,
  picked: Int32Array | undefined,
  shared: boolean,
  merged?: string[],
): Column {
  if (parts[0].kind === 'numeric') {
    // Shared memory when threads are about: the parallel engine hands columns to them uncopied.
    let values = shared && !picked ? new Float64Array(new SharedArrayBuffer(rows * 8)) : new Float64Array(rows);
    let integer = true;
    let sawNumber = false;
    let nonInteger: Uint8Array | undefined = picked ? new Uint8Array(rows) : undefined;
    let at = 0;
    for (const p of parts) {
      if (p.kind !== 'numeric') throw new Error('mixed chunk kinds');
      values.set(p.values, at);
      if (nonInteger && p.nonInteger) nonInteger.set(p.nonInteger, at);
      integer &&= p.integer;
      sawNumber ||= p.sawNumber;
      at += p.values.length;
    }
    if (picked) {
      // Types as if the file held only the sample: flags from the kept rows.
      const kept = new Float64Array(picked.length);
      integer = true;
      sawNumber = false;
      for (let i = 0; i < picked.length; i++) {
        const v = values[picked[i]];
        kept[i] = v;
        if (!Number.isNaN(v)) sawNumber = true;
        if (nonInteger![picked[i]]) integer = false;
      }
      values = kept;
      nonInteger = undefined;
    }
    let infinities = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === Infinity || values[i] === -Infinity) infinities++;
    return { name, storage: 'numeric', values, integer: sawNumber && integer, infinities };
  }
  // Text: one dictionary in first-seen order across chunks (merged here unless the chunks were
  // merged as they arrived), codes copied after the merge rewrote them.
  let dictionary = merged;
  if (!dictionary) {
    const merge = new TextMerge();
    for (const p of parts) merge.add(p);
    dictionary = merge.dictionary;
  }
  const codes = new Int32Array(rows);
  let at = 0;
  for (const p of parts) {
    if (p.kind !== 'text') throw new Error('mixed chunk kinds');
    codes.set(p.codes, at);
    at += p.codes.length;
  }
  if (!picked) return finishTextColumn(name, dictionary, codes);
  const kept = pickCodes(codes, dictionary, picked);
  return finishTextColumn(name, kept.dictionary, kept.codes);
}
