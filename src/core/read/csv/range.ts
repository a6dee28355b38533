import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { pause } from '../abort';
import { reduceChunkColumn, type ReducedColumn } from './chunkProfile';
import { groupChunkByPeriod, type ChunkPeriods, type PeriodRequest } from './chunkPeriods';
import { ChunkParser, TEXT, type ChunkColumn, type ChunkResult, type ChunkSampling, type CsvLayout } from './tokenizer';

/**
 * One chunk of a CSV file: the records that start in [start, end). Boundaries are just after a
 * record delimiter; a chunk checks that it ends exactly on one, which proves (chunk by chunk from
 * the first) that no boundary fell inside a quoted field.
 */
export interface RangeJob {
  readonly layout: CsvLayout;
  readonly kinds: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** The file's last chunk: its last record may end without a line break. */
  readonly last: boolean;
  /** Rows expected, to size the columns (they grow if needed). */
  readonly capacity: number;
  readonly sampling?: ChunkSampling;
  /**
   * Set when the reader wants profiles, not columns (plan.ts, readCsvProfiles): per column, 1 to
   * reduce it (chunkProfile.ts), 2 to reduce it if it is text, 0 to keep it.
   */
  readonly reduce?: Uint8Array;
  /**
   * Set when the reader wants a timeline's per-period profiles (plan.ts, readCsvPeriods): the rows
   * grouped by the period of this column, every column reduced per group (chunkPeriods.ts).
   */
  readonly periods?: PeriodRequest;
}

/** A chunk's result; with `reduce`, some columns reduced to (value, count) tables. */
export interface RangeResult extends Omit<ChunkResult, 'columns'> {
  /** With `periods`: none (the groups hold them). */
  readonly columns: (ChunkColumn | ReducedColumn)[];
  readonly periods?: ChunkPeriods;
}

export type RangeOutcome = { readonly ok: true; readonly result: RangeResult } | { readonly ok: false; readonly reason: string };

/** Where a chunk's bytes come from: memory (possibly shared with other threads) or a file read in blocks. */
export type ByteSource = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'file'; readonly path: string };

/**
 * Parses one chunk of in-memory bytes on the calling thread, a step at a time, reporting progress
 * and letting timers and aborts in between (as the csv-parse reader does).
 */
export async function parseRangeStepwise(
  bytes: Uint8Array,
  job: RangeJob,
  onBytes: (consumed: number) => void,
  signal: AbortSignal | undefined,
): Promise<RangeOutcome> {
  const problem = checkBlock(bytes.subarray(job.start, job.end));
  if (problem) return { ok: false, reason: problem };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const kinds = job.kinds.slice();
  for (;;) {
    const parser = new ChunkParser(job.layout, kinds, job.capacity, job.sampling);
    let pos = job.start;
    let step = STEP;
    while (pos < job.end) {
      const stop = Math.min(job.end, pos + step);
      const used = parser.feed(buf, pos, stop, stop === job.end);
      if (used < 0) break;
      // A record longer than a step: take a longer one.
      step = used === pos ? step * 2 : STEP;
      if (used === pos && stop === job.end) return { ok: false, reason: 'a record cut at the end of a chunk' };
      pos = used;
      onBytes(pos - job.start);
      await pause(signal);
    }
    const outcome = finishPass(parser, job, kinds);
    if (outcome) return outcome;
  }
}

/** Bytes parsed between pauses on the calling thread. */
const STEP = 1 << 20;

/** Bytes read from a file at a time; a record longer than this grows the block. */
const BLOCK = 8 << 20;

/**
 * Parses one chunk. A NUMERIC column that meets text makes the chunk start over with that column
 * as TEXT (its earlier cells must become dictionary entries as written, e.g. "1.0").
 */
export function parseRange(source: ByteSource, job: RangeJob, onBytes?: (consumed: number) => void): RangeOutcome {
  const kinds = job.kinds.slice();
  for (;;) {
    const parser = new ChunkParser(job.layout, kinds, job.capacity, job.sampling);
    const failure = source.kind === 'bytes' ? feedBytes(source.bytes, job, parser, onBytes) : feedFile(source.path, job, parser, onBytes);
    if (failure !== undefined) return { ok: false, reason: failure };
    const outcome = finishPass(parser, job, kinds);
    if (outcome) return outcome;
  }
}

/**
 * After a full pass over the chunk: undefined to start over (a NUMERIC column met text, and is
 * now TEXT in `kinds`), otherwise the chunk's outcome.
 */
function finishPass(parser: ChunkParser, job: RangeJob, kinds: Uint8Array): RangeOutcome | undefined {
  if (parser.restartColumn >= 0) {
    kinds[parser.restartColumn] = TEXT;
    return undefined;
  }
  if (parser.bail !== undefined) return { ok: false, reason: parser.bail };
  if (!job.last && !parser.atRecordStart) return { ok: false, reason: 'a chunk boundary inside a record' };
  const result = parser.result();
  if (job.periods) {
    const periods = groupChunkByPeriod(result, job.periods);
    return periods ? { ok: true, result: { ...result, columns: [], periods } } : { ok: false, reason: 'the time column holds numbers' };
  }
  const reduce = job.reduce;
  if (!reduce) return { ok: true, result };
  const columns = result.columns.map((c, j): ChunkColumn | ReducedColumn => (reduce[j] === 1 || (reduce[j] === 2 && result.kinds[j] === TEXT) ? reduceChunkColumn(c) : c));
  return { ok: true, result: { ...result, columns } };
}

/** Text checks the csv-parse reader does on the whole file, done here block by block. */
function checkBlock(block: Uint8Array): string | undefined {
  if (block.indexOf(0) >= 0) return 'a NUL byte';
  if (!isUtf8(block)) return 'bytes that are not UTF-8';
  return undefined;
}

function feedBytes(bytes: Uint8Array, job: RangeJob, parser: ChunkParser, onBytes?: (consumed: number) => void): string | undefined {
  const block = bytes.subarray(job.start, job.end);
  const problem = checkBlock(block);
  if (problem) return problem;
  const buf = Buffer.from(block.buffer, block.byteOffset, block.length);
  const used = parser.feed(buf, 0, buf.length, true);
  if (used < 0) return undefined; // bail or restart: the caller looks at the parser
  if (used !== buf.length) return 'a record cut at the end of a chunk';
  onBytes?.(block.length);
  return undefined;
}

let spare: Buffer | undefined;

function blockBuffer(size: number): Buffer {
  if (!spare || spare.length < size) spare = Buffer.allocUnsafe(Math.max(size, BLOCK + 1));
  return spare;
}

function feedFile(path: string, job: RangeJob, parser: ChunkParser, onBytes?: (consumed: number) => void): string | undefined {
  const fd = openSync(path, 'r');
  try {
    // One block buffer per thread, kept for the next chunk.
    let buf = blockBuffer(Math.min(BLOCK, job.end - job.start) + 1);
    let kept = 0; // bytes carried over from the previous block (an incomplete record)
    let position = job.start;
    while (position < job.end || kept > 0) {
      if (kept === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, kept);
        buf = bigger;
        spare = bigger;
      }
      const want = Math.min(buf.length - kept, job.end - position);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, kept + got, want - got, position + got);
        if (n === 0) return 'the file changed while it was read';
        got += n;
      }
      position += got;
      const length = kept + got;
      const final = position >= job.end;
      const used = parser.feed(buf, 0, length, final);
      if (used < 0) return undefined;
      const problem = checkBlock(buf.subarray(0, used));
      if (problem) return problem;
      kept = length - used;
      // A row still open after more than the line limit: stop before the carried-over buffer
      // grows without end (a huge row of short fields); csv-parse then names its line.
      if (kept > parser.maxLine) return 'a row longer than the line limit';
      onBytes?.(position - kept - job.start);
      if (final) {
        if (kept > 0) return 'a record cut at the end of a chunk';
        break;
      }
      buf.copy(buf, 0, used, length);
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
