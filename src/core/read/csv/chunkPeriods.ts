import type { PeriodUnit } from '../../../shared/timeline';
import { periodStart, wallClock } from '../../timeline/period';
import { reduceChunkColumn, type ReducedColumn } from './chunkProfile';
import type { ChunkColumn, ChunkResult } from './tokenizer';

/**
 * A timeline's current file read as per-period profiles (plan.ts, readCsvPeriods): each CSV chunk's
 * rows are grouped, on the thread that parsed them, by the period of their time column (the
 * timeline's rule: src/core/timeline/period.ts), and each group's columns reduced to (value,
 * count) tables (chunkProfile.ts). The main thread then merges small tables per period instead of
 * joining whole columns and cutting them into chunks (src/core/timeline/chunks.ts, chunksByPeriod).
 */
export interface PeriodRequest {
  /** The time column's index. */
  readonly column: number;
  readonly unit: PeriodUnit;
}

export interface ChunkPeriods {
  /** Period starts (period.ts's clock) of the chunk's rows with a readable time, ascending. */
  readonly starts: Float64Array;
  /** Rows per group: one per start, then the rows whose time is missing or unreadable. */
  readonly rows: Float64Array;
  /** Per group (as `rows`), every column reduced to that group's rows. */
  readonly groups: ReducedColumn[][];
  /** The chunk's first time text (in file order) that is not a readable time. */
  readonly unreadable?: string;
}

/** The chunk's rows by period; undefined when the time column was read as numbers (not times). */
export function groupChunkByPeriod(result: ChunkResult, request: PeriodRequest): ChunkPeriods | undefined {
  const time = result.columns[request.column];
  if (time.kind !== 'text') return undefined;
  const { dictionary, codes } = time;
  // Each entry's period, read once per distinct text; entries in first-seen (file) order.
  const entryStart = new Float64Array(dictionary.length);
  let unreadable: string | undefined;
  const seen = new Set<number>();
  for (let i = 0; i < dictionary.length; i++) {
    const t = wallClock(dictionary[i]);
    if (Number.isNaN(t)) {
      entryStart[i] = NaN;
      unreadable ??= dictionary[i];
    } else seen.add((entryStart[i] = periodStart(t, request.unit)));
  }
  const starts = Float64Array.from(seen).sort();
  const index = new Map<number, number>();
  starts.forEach((s, g) => index.set(s, g));
  const unplaced = starts.length;
  const entryGroup = Int32Array.from(entryStart, (s) => (Number.isNaN(s) ? unplaced : index.get(s)!));
  const n = codes.length;
  const rows = new Float64Array(unplaced + 1);
  // A group's rows usually follow each other (a log sorted by time): then it is a range of rows.
  const first = new Int32Array(unplaced + 1).fill(-1);
  const last = new Int32Array(unplaced + 1);
  for (let r = 0; r < n; r++) {
    const c = codes[r];
    const g = c < 0 ? unplaced : entryGroup[c];
    rows[g]++;
    if (first[g] < 0) first[g] = r;
    last[g] = r;
  }
  let ranges = true;
  for (let g = 0; g <= unplaced; g++) if (rows[g] > 0 && last[g] - first[g] + 1 !== rows[g]) ranges = false;
  if (ranges) {
    const groups = Array.from(rows, (count, g) => result.columns.map((c) => (count > 0 ? reduceRange(c, first[g], last[g] + 1) : reduceRows(c, new Int32Array(0)))));
    return { starts, rows, groups, ...(unreadable !== undefined ? { unreadable } : {}) };
  }
  // Otherwise the rows by group, in file order within each (a stable counting sort of the row numbers).
  const offsets = new Int32Array(unplaced + 2);
  for (let g = 0; g <= unplaced; g++) offsets[g + 1] = offsets[g] + rows[g];
  const order = new Int32Array(n);
  const fill = offsets.slice(0, unplaced + 1);
  for (let r = 0; r < n; r++) {
    const c = codes[r];
    order[fill[c < 0 ? unplaced : entryGroup[c]]++] = r;
  }
  const groups: ReducedColumn[][] = [];
  for (let g = 0; g <= unplaced; g++) {
    const members = order.subarray(offsets[g], offsets[g + 1]);
    groups.push(result.columns.map((c) => reduceRows(c, members)));
  }
  return { starts, rows, groups, ...(unreadable !== undefined ? { unreadable } : {}) };
}

/** One column restricted to the rows [from, to), reduced: reduceRows without listing the rows. */
function reduceRange(column: ChunkColumn, from: number, to: number): ReducedColumn {
  if (column.kind === 'numeric') return reduceChunkColumn({ kind: 'numeric', values: column.values.subarray(from, to), integer: column.integer, sawNumber: column.sawNumber });
  const perEntry = new Float64Array(column.dictionary.length);
  const used: number[] = [];
  let missing = 0;
  const codes = column.codes;
  for (let r = from; r < to; r++) {
    const c = codes[r];
    if (c < 0) missing++;
    else if (perEntry[c]++ === 0) used.push(c);
  }
  return textCounts(column, perEntry, used, missing);
}

/** One column restricted to `members` (row numbers, ascending), reduced. */
function reduceRows(column: ChunkColumn, members: Int32Array): ReducedColumn {
  if (column.kind === 'numeric') {
    const values = new Float64Array(members.length);
    for (let i = 0; i < members.length; i++) values[i] = column.values[members[i]];
    return reduceChunkColumn({ kind: 'numeric', values, integer: column.integer, sawNumber: column.sawNumber });
  }
  // Only the entries the group's rows hold, in the order they first occur there.
  const perEntry = new Float64Array(column.dictionary.length);
  const used: number[] = [];
  let missing = 0;
  const codes = column.codes;
  for (let i = 0; i < members.length; i++) {
    const c = codes[members[i]];
    if (c < 0) missing++;
    else if (perEntry[c]++ === 0) used.push(c);
  }
  return textCounts(column, perEntry, used, missing);
}

/**
 * The entries `used` with their counts, in ascending text order: the order of a profile
 * (profile/profile.ts), so a period held by one chunk is finished on the main thread without a
 * sort (build.ts categoryProfileFromEntries), which this thread did instead.
 */
function textCounts(column: Extract<ChunkColumn, { kind: 'text' }>, perEntry: Float64Array, used: number[], missing: number): ReducedColumn {
  const d = column.dictionary;
  used.sort((a, b) => (d[a] < d[b] ? -1 : d[a] > d[b] ? 1 : 0));
  const k = used.length;
  const dictionary = new Array<string>(k);
  const hashes = new Int32Array(k);
  const counts = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const c = used[i];
    dictionary[i] = d[c];
    hashes[i] = column.hashes[c];
    counts[i] = perEntry[c];
  }
  return { kind: 'text-counts', dictionary, hashes, counts, missing };
}
