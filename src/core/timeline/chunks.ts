/**
 * Cutting the current data into chunks: by calendar period on a time column (period.ts), by size
 * (N rows in file order; the remainder joins the last chunk) or by count (K chunks of
 * floor(rows / K) rows; the remainder joins the last). A chunk is a range of rows when its rows
 * follow each other in the file (always for size and count, usually for a log sorted by time),
 * otherwise the list of its rows in file order.
 */
import type { Column, Dataset } from '../read/dataset';
import type { PeriodUnit } from '../../shared/timeline';
import { isoWallClock, periodEnd, periodStart, wallClock } from './period';

export type RowSet = { readonly from: number; readonly to: number } | Int32Array;

export interface ChunkPlan {
  readonly start: string | number;
  readonly end: string | number;
  readonly rows: RowSet;
}

/** A chunking that cannot be done (no such column, not dates, nothing to cut); said in words. */
export class TimelineInputError extends Error {
  override readonly name = 'TimelineInputError';
}

export function rowCount(rows: RowSet): number {
  return rows instanceof Int32Array ? rows.length : rows.to - rows.from;
}

/** `size` rows per chunk in file order; the last chunk also takes the remainder. */
export function chunksBySize(rows: number, size: number): ChunkPlan[] {
  if (!Number.isSafeInteger(size) || size < 1) throw new TimelineInputError(`the chunk size must be a whole number of rows, at least 1 (got ${size})`);
  if (rows === 0) throw new TimelineInputError('the current data has no rows to cut into chunks');
  const count = Math.max(1, Math.floor(rows / size));
  return ranges(rows, count, size);
}

/** `count` chunks of floor(rows / count) rows; the last one also takes the remainder. */
export function chunksByCount(rows: number, count: number): ChunkPlan[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new TimelineInputError(`the number of chunks must be a whole number, at least 1 (got ${count})`);
  if (rows < count) throw new TimelineInputError(`${count} chunks need at least ${count} rows; the current data has ${rows}`);
  return ranges(rows, count, Math.floor(rows / count));
}

function ranges(rows: number, count: number, size: number): ChunkPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const from = i * size;
    const to = i === count - 1 ? rows : from + size;
    return { start: from, end: to, rows: { from, to } };
  });
}

export interface PeriodChunking {
  readonly chunks: ChunkPlan[];
  /** Rows whose time is missing or unreadable: in no chunk. */
  readonly unplaced: number;
  /** An unreadable value, to show the user. */
  readonly unreadable?: string;
}

/**
 * One chunk per period that holds at least one row, in time order (periods without rows are not
 * chunks). Rows keep their file order inside a chunk.
 */
export function chunksByPeriod(dataset: Dataset, column: Column, unit: PeriodUnit): PeriodChunking {
  const n = dataset.rows;
  // Period start of each row, read once per distinct text (a dictionary entry).
  const starts = new Float64Array(n);
  let unplaced = 0;
  let unreadable: string | undefined;
  if (column.storage === 'dictionary') {
    const { dictionary, codes } = column;
    const entryStart = new Float64Array(dictionary.length);
    for (let i = 0; i < dictionary.length; i++) {
      const t = wallClock(dictionary[i]);
      entryStart[i] = Number.isNaN(t) ? NaN : periodStart(t, unit);
      if (Number.isNaN(t) && unreadable === undefined) unreadable = dictionary[i];
    }
    for (let r = 0; r < n; r++) {
      const c = codes[r];
      const s = c < 0 ? NaN : entryStart[c];
      starts[r] = s;
      if (Number.isNaN(s)) unplaced++;
    }
  } else {
    throw new TimelineInputError(`${dataset.source}: column '${column.name}' holds numbers, not dates or timestamps: it cannot be cut into periods`);
  }
  if (unplaced === n) {
    throw new TimelineInputError(
      `${dataset.source}: column '${column.name}' holds no date or timestamp to cut into periods` +
        (unreadable !== undefined ? ` (e.g. '${unreadable}')` : ''),
    );
  }
  // Distinct period starts, in time order; then each row's chunk.
  const keys: number[] = [];
  const seen = new Set<number>();
  let prev = NaN;
  for (let r = 0; r < n; r++) {
    const s = starts[r];
    if (s === prev || Number.isNaN(s)) continue;
    prev = s;
    if (!seen.has(s)) {
      seen.add(s);
      keys.push(s);
    }
  }
  const order = keys.slice().sort((a, b) => a - b);
  const indexOf = new Map(order.map((k, i) => [k, i]));
  const count = new Int32Array(order.length);
  const first = new Int32Array(order.length).fill(-1);
  const last = new Int32Array(order.length);
  const chunkOf = new Int32Array(n);
  prev = NaN;
  let prevChunk = -1;
  for (let r = 0; r < n; r++) {
    const s = starts[r];
    if (Number.isNaN(s)) {
      chunkOf[r] = -1;
      continue;
    }
    const k = s === prev ? prevChunk : indexOf.get(s)!;
    prev = s;
    prevChunk = k;
    chunkOf[r] = k;
    count[k]++;
    if (first[k] < 0) first[k] = r;
    last[k] = r;
  }
  const lists = order.map((_, k) => (last[k] - first[k] + 1 === count[k] ? undefined : new Int32Array(count[k])));
  if (lists.some((l) => l !== undefined)) {
    const fill = new Int32Array(order.length);
    for (let r = 0; r < n; r++) {
      const k = chunkOf[r];
      const list = k >= 0 ? lists[k] : undefined;
      if (list) list[fill[k]++] = r;
    }
  }
  const chunks = order.map((start, k) => ({
    start: isoWallClock(start),
    end: isoWallClock(periodEnd(start, unit)),
    rows: lists[k] ?? { from: first[k], to: last[k] + 1 },
  }));
  return { chunks, unplaced, ...(unreadable !== undefined ? { unreadable } : {}) };
}

/** The dataset with only `rows` (views for a range, copies for a list of rows). */
export function restrictDataset(dataset: Dataset, rows: RowSet, source: string): Dataset {
  return {
    source,
    format: dataset.format,
    rows: rowCount(rows),
    columns: dataset.columns.map((c) => restrictColumn(c, rows)),
    warnings: [],
  };
}

function restrictColumn(column: Column, rows: RowSet): Column {
  if (column.storage === 'numeric') {
    const values = rows instanceof Int32Array ? gather(column.values, rows, Float64Array) : column.values.subarray(rows.from, rows.to);
    let infinities = 0;
    if (column.infinities > 0) for (let i = 0; i < values.length; i++) if (values[i] === Infinity || values[i] === -Infinity) infinities++;
    return { name: column.name, storage: 'numeric', values, integer: column.integer, infinities };
  }
  const codes = rows instanceof Int32Array ? gather(column.codes, rows, Int32Array) : column.codes.subarray(rows.from, rows.to);
  return { name: column.name, storage: 'dictionary', codes, dictionary: column.dictionary, ...(column.logical ? { logical: column.logical } : {}) };
}

function gather<T extends Float64Array | Int32Array>(src: T, rows: Int32Array, Make: new (n: number) => T): T {
  const out = new Make(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
  return out;
}

/** Non-missing values of a column (NaN, +-inf and missing codes left out, as the engine cleans). */
export function nonMissing(column: Column): number {
  let n = 0;
  if (column.storage === 'numeric') {
    const v = column.values;
    for (let i = 0; i < v.length; i++) if (v[i] - v[i] === 0) n++;
  } else {
    const c = column.codes;
    for (let i = 0; i < c.length; i++) if (c[i] >= 0) n++;
  }
  return n;
}
