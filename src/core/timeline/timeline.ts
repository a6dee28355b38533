/**
 * Drift over time: the current data cut into chunks (chunks.ts), each chunk compared with the
 * reference (or with the previous chunk) by the comparison engine itself, column by column with
 * the same test selection, thresholds, correction and dataset verdict as `compare` on the
 * reference and that chunk's rows. Only the column types are decided once, on the whole data
 * (src/core/drift/engine.ts `columnType`), so a small chunk cannot turn a number column into a
 * categorical one; the engine is told that type for every chunk.
 */
import { columnType, compareColumn, compareDatasets, newPreparedSides, untested, type ColumnInput, type PreparedSides, type SideInput } from '../drift/engine';
import type { InferredType } from '../drift/infer';
import { DEFAULT_DRIFT_SHARE, type DriftSettings } from '../drift/settings';
import type { Column, Dataset } from '../read/dataset';
import type { ColumnReport, DatasetInfo } from '../../shared/report';
import {
  TIMELINE_SCHEMA_VERSION,
  type Baseline,
  type Chunking,
  type SinceWhen,
  type TimelineCell,
  type TimelineChunk,
  type TimelineColumn,
  type TimelineReport,
} from '../../shared/timeline';
import { chunksByCount, chunksByPeriod, chunksBySize, nonMissing, restrictDataset, rowCount, TimelineInputError, type ChunkPlan } from './chunks';
import { parsePeriod, periodWord } from './period';
import type { TaskRunner } from '../taskRunner';
import type { DatasetProfile } from '../profile/profile';
import type { PeriodUnit } from '../../shared/timeline';

/** Fewer values of a column than this in a chunk (or its baseline): the test is not run. */
export const DEFAULT_MIN_ROWS = 20;

const TESTED = new Set(['numerical', 'categorical', 'text']);

export interface TimelineOptions {
  readonly chunking: Chunking;
  /** The column periods are read from; default: the one datetime column, if there is one. */
  readonly timeColumn?: string;
  readonly baseline?: Baseline;
  readonly minRows?: number;
  readonly generatedBy?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Closed chunks of an earlier run on the same files and settings (watch): reused, not recomputed. */
  readonly closed?: ClosedChunks;
  /** computeTimelineParallel: fewer current rows than this stay on one thread (default 200,000). */
  readonly parallelFrom?: number;
  /** computeTimelineParallel: the threads to use (the CLI's pool); without one, one thread. */
  readonly runner?: TaskRunner;
}

/**
 * Results of chunks that can no longer change when rows are appended (every chunk but the last),
 * keyed by their bounds, rows and a fingerprint of their first and last rows.
 */
export type ClosedChunks = Map<string, { readonly chunk: TimelineChunk; readonly whys: ReadonlyMap<string, string> }>;

export interface TimelineResult {
  readonly report: TimelineReport;
  /** Each chunk's rows (for its detail: chunkColumnReport). */
  readonly plans: readonly ChunkPlan[];
  /** The whole-data type of every column. */
  readonly types: ReadonlyMap<string, InferredType>;
  /** To pass as `closed` to the next run (watch). */
  readonly closed: ClosedChunks;
  /** Chunks reused from `closed`. */
  readonly reused: number;
}

/** The datetime columns of the current data (typed on the whole data, as a comparison types them). */
export function datetimeColumns(reference: SideInput, current: Dataset): string[] {
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  return current.columns.filter((c) => columnType(refByName.get(c.name), c).type === 'datetime').map((c) => c.name);
}

interface Planned {
  readonly selected: string[];
  readonly names: string[];
  readonly types: Map<string, InferredType>;
  readonly prepared: PreparedSides;
  readonly timeColumn: string | null;
  readonly plans: ChunkPlan[];
  readonly chunking: Chunking;
  readonly warnings: string[];
  readonly baseline: Baseline;
  readonly minRows: number;
}

/** Types once, on the whole data (reference and whole current side), and the columns to test. */
function typeColumns(reference: SideInput, current: SideInput, settings: DriftSettings) {
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  const names = [...refByName.keys(), ...[...curByName.keys()].filter((n) => !refByName.has(n))];
  const selected = selectColumns(names, settings);
  // The reference's cleaned, sorted sides are kept for every chunk.
  const prepared = newPreparedSides();
  const types = new Map<string, InferredType>();
  for (const n of names) types.set(n, columnType(refByName.get(n), curByName.get(n), prepared));
  // The whole current side's sides are no longer needed (each chunk prepares its own rows).
  for (const c of current.columns) prepared.delete(c);
  return { selected, names, types, prepared };
}

/** Types on the whole data, the time column and the chunks: everything before the comparisons. */
function planTimeline(reference: SideInput, current: Dataset, settings: DriftSettings, options: TimelineOptions): Planned {
  const baseline = options.baseline ?? 'reference';
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  const warnings: string[] = [...reference.warnings, ...current.warnings];
  const { selected, names, types, prepared } = typeColumns(reference, current, settings);
  const timeColumn = pickTimeColumn(current, types, options);
  const { plans, chunking } = planChunks(current, timeColumn, options.chunking, warnings);
  return { selected, names, types, prepared, timeColumn, plans, chunking, warnings, baseline, minRows };
}

/**
 * The current side as chunk profiles computed where the data is (src/core/sources/grouped.ts: one
 * GROUP BY on the time bucket, column and value): no rows, a profile per period.
 */
export interface ProfiledChunks {
  /** Every row (rows without a time included): the side the types are decided on, as for rows. */
  readonly whole: DatasetProfile;
  /** Periods holding rows, in time order; `start`/`end` as period.ts writes them. */
  readonly chunks: readonly { readonly start: string; readonly end: string; readonly profile: DatasetProfile }[];
  readonly timeColumn: string;
  readonly period: PeriodUnit;
  /** Rows whose time is missing: in no chunk. */
  readonly unplaced: number;
  /**
   * Set when the times were read from text here (a CSV file: src/core/read/csv/plan.ts,
   * readCsvPeriods), not cut by an engine: the unplaced rows' warning then is the row path's
   * (missing or unreadable, with an example), and `guessed` says the reader picked the time
   * column from the first rows (computeFileTimelineFromProfiles checks the types agree).
   */
  readonly textTimes?: { readonly guessed: boolean; readonly unreadable?: string };
}

/**
 * computeTimeline over chunk profiles: the same types on the whole data, the same per-chunk
 * comparison (compareChunk), minimum-rows rule, baseline and since-when; only the chunks come as
 * profiles instead of row ranges, so each chunk's scores equal the native timeline's of the same data.
 */
export function computeTimelineFromProfiles(reference: SideInput, current: ProfiledChunks, settings: DriftSettings, options: Omit<TimelineOptions, 'chunking' | 'closed'>): TimelineResult {
  return fromProfiles(reference, current, settings, options)!;
}

/**
 * computeTimelineFromProfiles for a file read as per-period profiles (readCsvPeriods): the report
 * computeTimeline gives on the file's rows. Undefined when the reader's guess of the time column is
 * not the one datetime column the whole data types (the caller then reads rows, and the row path
 * picks or says why it cannot).
 */
export async function computeFileTimelineFromProfiles(
  reference: SideInput,
  current: ProfiledChunks,
  settings: DriftSettings,
  options: Omit<TimelineOptions, 'chunking' | 'closed'>,
): Promise<TimelineResult | undefined> {
  const pool = options.runner;
  if (!pool || (options.baseline ?? 'reference') !== 'reference' || current.whole.rows < (options.parallelFrom ?? PARALLEL_FROM) || current.chunks.length < 4) {
    return fromProfiles(reference, current, settings, options);
  }
  const planned = planFromProfiles(reference, current, settings, options);
  if (!planned) return undefined;
  const { p, named } = planned;
  // As computeTimelineParallel: both threads take chunks from one counter. The pool thread gets
  // the reference's and the chunks' profiles without the columns no test reads (the time column's
  // texts: a date is not tested; compareChunk reads only their names).
  const skipped = (name: string) => p.selected.includes(name) && !TESTED.has(p.types.get(name)!.type);
  const withoutUntested = (side: SideInput): SideInput => ({
    ...side,
    columns: side.columns.map((c) => (skipped(c.name) ? { kind: 'category' as const, name: c.name, rows: side.rows, missing: side.rows, count: 0, values: [], counts: new Float64Array(0) } : c)),
  });
  const chunks = await compareChunksShared(
    pool,
    { reference: withoutUntested(referenceProfiles(reference, p.prepared)), current: named.map(withoutUntested) },
    reference,
    named,
    p,
    settings,
  );
  options.onProgress?.(p.plans.length, p.plans.length);
  return { report: finish(reference, current.whole, settings, options, p, chunks), plans: p.plans, types: p.types, closed: new Map(), reused: 0 };
}

function fromProfiles(reference: SideInput, current: ProfiledChunks, settings: DriftSettings, options: Omit<TimelineOptions, 'chunking' | 'closed'>): TimelineResult | undefined {
  const planned = planFromProfiles(reference, current, settings, options);
  if (!planned) return undefined;
  const { p, named } = planned;
  const chunks: TimelineChunk[] = [];
  named.forEach((rows, index) => {
    options.signal?.throwIfAborted();
    options.onProgress?.(index, named.length);
    const base = p.baseline === 'previous' && index > 0 ? current.chunks[index - 1].profile : reference;
    chunks.push(compareChunk(base, rows, p.selected, p.types, settings, p.prepared, p.minRows, index, p.plans[index], p.baseline === 'previous'));
  });
  options.onProgress?.(named.length, named.length);
  return { report: finish(reference, current.whole, settings, options, p, chunks), plans: p.plans, types: p.types, closed: new Map(), reused: 0 };
}

/** Types on the whole side, the time column check and the chunks (named as the row path names them). */
function planFromProfiles(reference: SideInput, current: ProfiledChunks, settings: DriftSettings, options: Omit<TimelineOptions, 'chunking' | 'closed'>): { p: Planned; named: SideInput[] } | undefined {
  const baseline = options.baseline ?? 'reference';
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  const warnings: string[] = [...reference.warnings, ...current.whole.warnings];
  const { selected, names, types, prepared } = typeColumns(reference, current.whole, settings);
  const read = current.textTimes;
  if (read?.guessed) {
    const dates = current.whole.columns.filter((c) => types.get(c.name)?.type === 'datetime');
    if (dates.length !== 1 || dates[0].name !== current.timeColumn) return undefined;
  }
  if (current.unplaced > 0) {
    warnings.push(
      read
        ? unplacedWarning(current.whole.source, current.unplaced, current.timeColumn, read.unreadable, current.period)
        : `${current.whole.source}: ${current.unplaced} rows have no time in '${current.timeColumn}': they are in no ${periodWord(current.period)}`,
    );
  }
  const plans: ChunkPlan[] = current.chunks.map((c) => ({ start: c.start, end: c.end, rows: { from: 0, to: c.profile.rows } }));
  const chunking: Chunking = { by: 'period', period: `1${current.period}` };
  const p: Planned = { selected, names, types, prepared, timeColumn: current.timeColumn, plans, chunking, warnings, baseline, minRows };
  return { p, named: current.chunks.map((c, index) => ({ ...c.profile, source: chunkName(current.whole.source, index, plans[index]) })) };
}

export function computeTimeline(reference: SideInput, current: Dataset, settings: DriftSettings, options: TimelineOptions): TimelineResult {
  const p = planTimeline(reference, current, settings, options);
  const { selected, names, types, prepared, timeColumn, plans, chunking, baseline, minRows } = p;
  // The whole-data types are part of the key (a column that changes type is tested differently);
  // the words of why (counts of values) are not: they are brought up to date on reuse.
  const typeKey = names.map((n) => types.get(n)!.type);
  const whys = new Map(names.map((n) => [n, types.get(n)!.why]));
  const keyPrefix = JSON.stringify([reference.source, current.source, settings, baseline, minRows, timeColumn, chunking, names, typeKey]);
  const closed: ClosedChunks = new Map();
  const chunks: TimelineChunk[] = [];
  let reused = 0;
  let previous: Dataset | undefined;
  let previousKey = keyPrefix;
  plans.forEach((plan, index) => {
    options.signal?.throwIfAborted();
    options.onProgress?.(index, plans.length);
    // Against the previous chunk, a result also depends on that chunk's rows.
    const key = `${baseline === 'previous' ? previousKey : keyPrefix}|${plan.start}|${plan.end}|${rowCount(plan.rows)}|${fingerprint(current, plan)}`;
    previousKey = key;
    const known = options.closed?.get(key);
    const rowsOf = () => restrictDataset(current, plan.rows, chunkName(current.source, index, plan));
    let chunk: TimelineChunk;
    let rows: Dataset | undefined;
    if (known && known.chunk.index === index) {
      chunk = withWhys(known.chunk, known.whys, whys);
      reused++;
    } else {
      rows = rowsOf();
      const base = baseline === 'previous' && index > 0 ? (previous ?? restrictDataset(current, plans[index - 1].rows, chunkName(current.source, index - 1, plans[index - 1]))) : reference;
      chunk = compareChunk(base, rows, selected, types, settings, prepared, minRows, index, plan, baseline === 'previous');
    }
    if (index < plans.length - 1) closed.set(key, { chunk, whys });
    chunks.push(chunk);
    if (baseline === 'previous') {
      // The next chunk's baseline; its cleaned sides stay in `prepared` while it is one.
      if (previous) for (const c of previous.columns) prepared.delete(c);
      previous = rows ?? rowsOf();
    }
  });
  options.onProgress?.(plans.length, plans.length);
  return { report: finish(reference, current, settings, options, p, chunks), plans, types, closed, reused };
}

/** Below this many current rows, a second thread costs more than it saves. */
const PARALLEL_FROM = 200_000;

/**
 * computeTimeline with the chunks shared between this thread and a pool thread (against the
 * reference only: against the previous chunk, each chunk waits for the one before). Both take the
 * next chunk from one shared counter, so they finish together whatever each chunk costs and
 * however late the pool thread starts; the pool thread tests against the reference's profiles
 * (referenceProfiles), whether it was read as profiles or as rows. The chunks are the same as on one thread
 * (`compareClaimedChunks` runs `compareChunk`).
 */
export async function computeTimelineParallel(reference: SideInput, current: Dataset, settings: DriftSettings, options: TimelineOptions): Promise<TimelineResult> {
  const pool = options.runner;
  if (!pool || options.closed || (options.baseline ?? 'reference') !== 'reference' || current.rows < (options.parallelFrom ?? PARALLEL_FROM)) {
    return computeTimeline(reference, current, settings, options);
  }
  const p = planTimeline(reference, current, settings, options);
  if (p.plans.length < 4) return computeTimeline(reference, current, settings, options);
  const chunks = await compareChunksShared(pool, { reference: referenceProfiles(reference, p.prepared), current: shareableDataset(current) }, reference, current, p, settings);
  options.onProgress?.(p.plans.length, p.plans.length);
  const closed: ClosedChunks = new Map();
  return { report: finish(reference, current, settings, options, p, chunks), plans: p.plans, types: p.types, closed, reused: 0 };
}

/**
 * The chunks compared with the reference by this thread and a pool thread together, both taking
 * the next chunk from one shared counter, so they finish together whatever each chunk costs and
 * however late the pool thread starts. `posted` is what the pool thread gets (the reference as
 * profiles, the current side in shared memory or as profiles); a failed pool thread leaves the
 * chunks it took to this thread.
 */
async function compareChunksShared(
  pool: TaskRunner,
  posted: { readonly reference: SideInput; readonly current: Dataset | readonly SideInput[] },
  reference: SideInput,
  current: Dataset | readonly SideInput[],
  p: Pick<Planned, 'plans' | 'selected' | 'types' | 'minRows' | 'prepared'>,
  settings: DriftSettings,
): Promise<TimelineChunk[]> {
  const claim = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const theirs = pool
    .run<TimelineChunk[]>({
      kind: 'timeline-chunks',
      reference: posted.reference,
      current: posted.current,
      plans: p.plans,
      claim,
      selected: p.selected,
      types: [...p.types],
      settings,
      minRows: p.minRows,
    })
    .catch(() => undefined);
  // Let the pool post the task (it dispatches on setImmediate) before this thread starts taking chunks.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const byIndex = new Map<number, TimelineChunk>();
  for (const chunk of compareClaimedChunks(reference, current, p.plans, claim, p.selected, p.types, settings, p.minRows, p.prepared)) byIndex.set(chunk.index, chunk);
  for (const chunk of (await theirs) ?? []) byIndex.set(chunk.index, chunk);
  return p.plans.map(
    (plan, index) => byIndex.get(index) ?? compareChunk(reference, chunkRows(current, plan, index), p.selected, p.types, settings, p.prepared, p.minRows, index, plan, false),
  );
}

/**
 * Compares chunks with the reference, each taken from the shared counter `claim` (one per
 * thread taking part: src/threads/poolWorker.ts runs this too) until none is left.
 */
export function compareClaimedChunks(
  reference: SideInput,
  current: Dataset | readonly SideInput[],
  plans: readonly ChunkPlan[],
  claim: Int32Array,
  selected: readonly string[],
  types: ReadonlyMap<string, InferredType>,
  settings: DriftSettings,
  minRows: number,
  prepared: PreparedSides = newPreparedSides(),
): TimelineChunk[] {
  const out: TimelineChunk[] = [];
  for (let index = Atomics.add(claim, 0, 1); index < plans.length; index = Atomics.add(claim, 0, 1)) {
    const plan = plans[index];
    out.push(compareChunk(reference, chunkRows(current, plan, index), selected, types, settings, prepared, minRows, index, plan, false));
  }
  return out;
}

/** A chunk's rows cut by its plan, or its profile (a file read as per-period profiles). */
function chunkRows(current: Dataset | readonly SideInput[], plan: ChunkPlan, index: number): SideInput {
  return isChunkList(current) ? current[index] : restrictDataset(current, plan.rows, chunkName(current.source, index, plan));
}

function isChunkList(current: Dataset | readonly SideInput[]): current is readonly SideInput[] {
  return Array.isArray(current);
}

/**
 * The reference as profiles (read as such: a .driftprofile, the cache, the CSV reader, an engine;
 * or made by this thread while typing the columns, planTimeline): a pool thread then tests
 * against them without reading and sorting the reference again, and posting them copies
 * distinct values only. The engine gives the same results from a profile as from the column it
 * was made of (src/core/drift/prepare.ts).
 */
function referenceProfiles(reference: SideInput, prepared: PreparedSides): SideInput {
  // Only what the engine reads: a reader's extra fields (an image set's gallery) stay here.
  const { source, format, rows, warnings } = reference;
  return { source, format, rows, warnings, columns: reference.columns.map((c) => prepared.get(c)?.profile ?? c) };
}

/** Numbers in shared memory, so posting a dataset to a thread copies no numeric column. */
function shareableDataset(d: Dataset): Dataset {
  return {
    ...d,
    columns: d.columns.map((c) => {
      if (c.storage !== 'numeric' || c.values.buffer instanceof SharedArrayBuffer) return c;
      const values = new Float64Array(new SharedArrayBuffer(c.values.byteLength));
      values.set(c.values);
      return { ...c, values };
    }),
  };
}

function finish(reference: SideInput, current: SideInput, settings: DriftSettings, options: Pick<TimelineOptions, 'generatedBy'>, p: Planned, chunks: TimelineChunk[]): TimelineReport {
  const columns = columnSummaries(p.selected, p.types, chunks);
  const order = new Map(columns.map((c, i) => [c.name, i]));
  for (const chunk of chunks) chunk.columns.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return {
    schemaVersion: TIMELINE_SCHEMA_VERSION,
    kind: 'timeline',
    generatedBy: options.generatedBy ?? 'drift-inspector',
    reference: info(reference),
    current: info(current),
    timeColumn: p.timeColumn,
    chunking: p.chunking,
    baseline: p.baseline,
    driftShare: settings.driftShare ?? DEFAULT_DRIFT_SHARE,
    correction: settings.correction ?? 'none',
    minRows: p.minRows,
    chunks,
    columns,
    dataset: sinceWhen(chunks.map((c) => (c.dataset.testedColumns > 0 ? c.dataset.drifted : null))),
    warnings: p.warnings,
  };
}

/**
 * The full comparison report of one column in one chunk (charts and summaries included): what the
 * panel's detail view shows when a cell is clicked. Same type and test as in the timeline.
 */
export function chunkColumnReport(
  reference: SideInput,
  current: Dataset,
  result: TimelineResult,
  chunkIndex: number,
  name: string,
  settings: DriftSettings,
): ColumnReport {
  const plan = result.plans[chunkIndex];
  if (!plan) throw new TimelineInputError(`there is no chunk ${chunkIndex} (the timeline has ${result.plans.length})`);
  const rows = restrictDataset(current, plan.rows, chunkName(current.source, chunkIndex, plan));
  const base =
    result.report.baseline === 'previous' && chunkIndex > 0
      ? restrictDataset(current, result.plans[chunkIndex - 1].rows, chunkName(current.source, chunkIndex - 1, result.plans[chunkIndex - 1]))
      : reference;
  return cellDetail(base, rows, result, chunkIndex, name, settings);
}

/** chunkColumnReport for a timeline an engine cut into chunk profiles (computeTimelineFromProfiles). */
export function profiledChunkColumnReport(
  reference: SideInput,
  current: ProfiledChunks,
  result: TimelineResult,
  chunkIndex: number,
  name: string,
  settings: DriftSettings,
): ColumnReport {
  const chunk = current.chunks[chunkIndex];
  if (!chunk) throw new TimelineInputError(`there is no chunk ${chunkIndex} (the timeline has ${current.chunks.length})`);
  const base = result.report.baseline === 'previous' && chunkIndex > 0 ? current.chunks[chunkIndex - 1].profile : reference;
  return cellDetail(base, chunk.profile, result, chunkIndex, name, settings);
}

/** One column of one chunk against its baseline, with the verdict the timeline gave that cell. */
function cellDetail(base: SideInput, rows: SideInput, result: TimelineResult, chunkIndex: number, name: string, settings: DriftSettings): ColumnReport {
  const find = (d: SideInput) => d.columns.find((c) => c.name === name);
  const report = compareColumn(name, find(base), find(rows), settings, { type: result.types.get(name) });
  const cell = result.report.chunks[chunkIndex]?.columns.find((c) => c.name === name);
  // The timeline's correction and minimum-rows rule decided the cell: the detail says the same.
  if (cell) {
    report.score = cell.score;
    report.drifted = cell.drifted;
    report.reason = cell.reason;
  }
  return report;
}

function compareChunk(
  base: SideInput,
  rows: SideInput,
  selected: readonly string[],
  types: ReadonlyMap<string, InferredType>,
  settings: DriftSettings,
  prepared: PreparedSides,
  minRows: number,
  index: number,
  plan: Pick<ChunkPlan, 'start' | 'end'>,
  keepRows: boolean,
): TimelineChunk {
  const baseByName = new Map(base.columns.map((c) => [c.name, c]));
  const rowsByName = new Map(rows.columns.map((c) => [c.name, c]));
  const precomputed = new Map<string, ColumnReport>();
  for (const name of selected) {
    const type = types.get(name)!;
    const b = baseByName.get(name);
    const r = rowsByName.get(name);
    if (!b || !r) {
      precomputed.set(name, { ...untested(name, type.type, `only in the ${b ? 'reference' : 'current'} file: not tested`), presentIn: b ? 'reference' : 'current' });
      continue;
    }
    if (!TESTED.has(type.type)) {
      precomputed.set(name, untested(name, type.type, `${type.why}: not tested`));
      continue;
    }
    const report = compareColumn(name, b, r, settings, { type, prepared, charts: false });
    if (report.test !== null) {
      const nRows = valuesIn(r);
      const nBase = valuesIn(b);
      const few = Math.min(nRows, nBase);
      if (few < minRows) {
        report.score = null;
        report.drifted = null;
        report.reason = `${few} ${nBase < nRows ? 'rows in the previous chunk' : 'rows'}: below the minimum for ${report.test} (${minRows})`;
      }
    }
    precomputed.set(name, report);
  }
  // The engine assembles the chunk's verdict (correction, share, drift share) as for a comparison.
  const full = compareDatasets(base, rows, settings, { precomputed });
  // A chunk that is the next one's baseline keeps its sides (the caller drops them later).
  if (!keepRows) for (const c of rows.columns) prepared.delete(c);
  return {
    index,
    start: plan.start,
    end: plan.end,
    rows: rows.rows,
    dataset: full.dataset,
    columns: full.columns.map(cellOf),
  };
}

/** A reused chunk whose reasons quote the types' words of the run that computed it, in today's words. */
function withWhys(chunk: TimelineChunk, then: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): TimelineChunk {
  return {
    ...chunk,
    columns: chunk.columns.map((c) => {
      const before = then.get(c.name);
      const after = now.get(c.name);
      return before !== undefined && after !== undefined && before !== after ? { ...c, reason: c.reason.split(before).join(after) } : { ...c };
    }),
  };
}

/** Non-missing values of a column, counted once per column (the reference's serve every chunk). */
function valuesIn(column: ColumnInput): number {
  // A profile (a reference read from a .driftprofile or the cache) knows its count.
  if ('kind' in column) return column.count;
  let n = counted.get(column);
  if (n === undefined) counted.set(column, (n = nonMissing(column)));
  return n;
}

const counted = new WeakMap<Column, number>();

function cellOf(c: ColumnReport): TimelineCell {
  return { name: c.name, type: c.type, test: c.test, score: c.score, threshold: c.threshold, driftWhen: c.driftWhen, drifted: c.drifted, reason: c.reason };
}

/** "Since when" over a sequence of verdicts (null: not tested in that chunk). */
export function sinceWhen(verdicts: readonly (boolean | null)[]): SinceWhen {
  let driftedChunks = 0;
  let testedChunks = 0;
  for (const v of verdicts) {
    if (v === null) continue;
    testedChunks++;
    if (v) driftedChunks++;
  }
  let firstDriftedChunk: number | null = null;
  for (let i = verdicts.length - 1; i >= 0; i--) {
    const v = verdicts[i];
    if (v === null) continue;
    if (!v) break;
    firstDriftedChunk = i;
  }
  return { driftedChunks, testedChunks, share: testedChunks ? driftedChunks / testedChunks : 0, firstDriftedChunk };
}

/** Per column, most severe first: drifting now, then the longer current run, then the larger share; untested last. */
function columnSummaries(selected: readonly string[], types: ReadonlyMap<string, InferredType>, chunks: readonly TimelineChunk[]): TimelineColumn[] {
  const columns = selected.map((name, i) => {
    const verdicts = chunks.map((c) => c.columns.find((x) => x.name === name)?.drifted ?? null);
    return { i, column: { name, type: types.get(name)!.type, ...sinceWhen(verdicts) } };
  });
  const run = (c: TimelineColumn) => (c.firstDriftedChunk === null ? Infinity : c.firstDriftedChunk);
  columns.sort(
    (a, b) =>
      Number(b.column.firstDriftedChunk !== null) - Number(a.column.firstDriftedChunk !== null) ||
      run(a.column) - run(b.column) ||
      b.column.share - a.column.share ||
      Number(b.column.testedChunks > 0) - Number(a.column.testedChunks > 0) ||
      a.i - b.i,
  );
  return columns.map((c) => c.column);
}

function pickTimeColumn(current: Dataset, types: ReadonlyMap<string, InferredType>, options: TimelineOptions): string | null {
  if (options.timeColumn !== undefined) {
    if (!current.columns.some((c) => c.name === options.timeColumn)) {
      throw new TimelineInputError(`${current.source} has no column named '${options.timeColumn}' (columns: ${current.columns.map((c) => c.name).join(', ')})`);
    }
    return options.timeColumn;
  }
  const dates = current.columns.filter((c) => types.get(c.name)?.type === 'datetime').map((c) => c.name);
  if (dates.length === 1) return dates[0];
  if (options.chunking.by === 'period') {
    throw new TimelineInputError(
      dates.length === 0
        ? `${current.source} has no date or timestamp column to cut into periods: name one with --time-column, or chunk by size or count`
        : `${current.source} has several date columns (${dates.join(', ')}): name the one to cut into periods with --time-column`,
    );
  }
  return null;
}

function planChunks(current: Dataset, timeColumn: string | null, chunking: Chunking, warnings: string[]): { plans: ChunkPlan[]; chunking: Chunking } {
  if (chunking.by === 'size') return { plans: chunksBySize(current.rows, chunking.size), chunking };
  if (chunking.by === 'count') return { plans: chunksByCount(current.rows, chunking.count), chunking };
  const unit = parsePeriod(chunking.period);
  if (!unit) throw new TimelineInputError(`the period must be 1h, 1d, 1w, 1M, 1Q or 1y, not '${chunking.period}'`);
  const column = current.columns.find((c) => c.name === timeColumn)!;
  const cut = chunksByPeriod(current, column, unit);
  if (cut.unplaced > 0) warnings.push(unplacedWarning(current.source, cut.unplaced, column.name, cut.unreadable, unit));
  return { plans: cut.chunks, chunking: { by: 'period', period: `1${unit}` } };
}

/** Rows whose time was missing or not readable, in the words of the rows' path (and a file's profiles'). */
function unplacedWarning(source: string, unplaced: number, column: string, unreadable: string | undefined, unit: PeriodUnit): string {
  return `${source}: ${unplaced} rows have no readable time in '${column}'` + (unreadable !== undefined ? ` (e.g. '${unreadable}')` : '') + `: they are in no ${periodWord(unit)}`;
}

function selectColumns(names: string[], settings: DriftSettings): string[] {
  const keep = settings.columns ? new Set(settings.columns) : undefined;
  const drop = new Set(settings.exclude ?? []);
  return names.filter((n) => (!keep || keep.has(n)) && !drop.has(n));
}

function info(d: SideInput): DatasetInfo {
  // An image set read with times states where they came from (the report says so, issue 12).
  const times = (d as Partial<Dataset>).images?.times;
  return { source: d.source, format: d.format, rows: d.rows, columns: d.columns.length, ...(times ? { imageTimes: { ...times } } : {}) };
}

function chunkName(source: string, index: number, plan: ChunkPlan): string {
  return `${source} [chunk ${index}: ${plan.start} to ${plan.end}]`;
}

/** The chunk's first and last rows, every column: an appended file keeps them, a rewritten one rarely does. */
function fingerprint(current: Dataset, plan: ChunkPlan): string {
  const rows = plan.rows;
  const at = (i: number) => (rows instanceof Int32Array ? rows[i] : rows.from + i);
  const n = rowCount(rows);
  const cell = (c: Column, r: number) => (c.storage === 'numeric' ? String(c.values[r]) : c.codes[r] < 0 ? '' : c.dictionary[c.codes[r]]);
  return JSON.stringify(current.columns.map((c) => [cell(c, at(0)), cell(c, at(n - 1))]));
}
