/**
 * What a timeline panel's thread does (started by worker.ts, the one thread entry, bundled as
 * dist/worker.js; pure Node, no vscode): reads the pair, computes the timeline, answers a cell's
 * detail, and on `reload` reads the files again and recomputes only the chunks that are not
 * closed (src/core/timeline/timeline.ts `closed`).
 *
 * A current side that is a source (a connection's table, src/extension/sources.ts) is never read
 * as rows: its engine cuts it into periods in one GROUP BY on the time bucket
 * (src/core/sources/index.ts timelineSource) and the chunks' profiles are compared here
 * (computeTimelineFromProfiles), as `drift-inspect timeline` does.
 */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../core/errors';
import type { Dataset } from '../core/read/dataset';
import { readDatasetFile } from '../core/read/index';
import { assertTimelineRows, readTimelinePair } from '../core/read/pair';
import type { SideInput } from '../core/drift/engine';
import type { DatasetProfile } from '../core/profile/profile';
import { annotateTimeline, isSourceUri, noRowOrderMessage, readSource, redact, timelineSource, type SourceOptions, type SourceRead } from '../core/sources/index';
import { chunksByPeriod, TimelineInputError } from '../core/timeline/chunks';
import { countPeriods, parsePeriod, PERIOD_UNITS } from '../core/timeline/period';
import {
  chunkColumnReport,
  computeTimeline,
  computeTimelineFromProfiles,
  datetimeColumns,
  profiledChunkColumnReport,
  type ClosedChunks,
  type ProfiledChunks,
  type TimelineResult,
} from '../core/timeline/timeline';
import type { TimelineCancel, TimelineLoad, TimelineReply, TimelineRequest, TimelineShape, TimelineSpec } from './timelineProtocol';

let load: TimelineLoad;
const post = (m: TimelineReply) => parentPort!.postMessage(m);
/** Aborted when the host cancels: a running server query is cancelled on its server. */
const cancel = new AbortController();

/** The pair: the current side as rows (a file), or as the profiles its engine computed (a source). */
type Pair =
  | { readonly kind: 'rows'; readonly reference: SideInput; readonly referenceRead?: SourceRead; readonly current: Dataset }
  | { readonly kind: 'source'; readonly reference: SideInput; readonly referenceRead?: SourceRead; readonly current?: ProfiledChunks & { readonly read: SourceRead } };

let data: Pair | undefined;
let spec: TimelineSpec | undefined;
let result: TimelineResult | undefined;
let closed: ClosedChunks | undefined;

const currentIsSource = () => isSourceUri(load.currentPath);

/** What a source side's engine is told: the settings, its own connection's password, the cancel signal. */
function sourceOptions(side: 'reference' | 'current'): SourceOptions {
  const { sidePasswords, ...engines } = load.sources ?? { engine: 'auto' as const };
  const password = sidePasswords?.[side];
  const max = load.settings.profileMaxDistinct;
  return { ...engines, signal: cancel.signal, ...(password !== undefined ? { password } : {}), ...(max !== undefined ? { maxDistinct: max } : {}) };
}

function sample(): { rows: number; seed?: number } | undefined {
  const s = load.settings;
  return s.sample !== undefined ? { rows: s.sample, ...(s.sampleSeed !== undefined ? { seed: s.sampleSeed } : {}) } : undefined;
}

/**
 * The reference alone (beside a source current side, or a file beside a source reference): a
 * source's profile from its engine, a file as a comparison reads it (natively when it fits the
 * memory budget).
 */
async function readReference(): Promise<{ reference: SideInput; referenceRead: SourceRead }> {
  const s = sample();
  const read = await readSource(load.referencePath, sourceOptions('reference'), s ? { sample: s } : {});
  return { reference: { ...read.dataset, source: load.referenceName }, referenceRead: read };
}

/** Reads the pair; a source current side is profiled whole (for the chunking QuickPick's counts), not cut yet. */
async function read(): Promise<Pair> {
  if (currentIsSource()) return { kind: 'source', ...(await readReference()) };
  if (isSourceUri(load.referencePath)) {
    // A table's profile against a log file: the reference from its engine, the file's rows here.
    const [ref, current] = await Promise.all([readReference(), readCurrentRows()]);
    return { kind: 'rows', ...ref, current };
  }
  const [reference, current] = await readTimelinePair(load.referencePath, load.currentPath, { settings: load.settings, cacheDir: load.cacheDir });
  return { kind: 'rows', reference: { ...reference, source: load.referenceName }, current: { ...current, source: load.currentName } };
}

/** The current file's rows alone (beside a source reference). */
async function readCurrentRows(): Promise<Dataset> {
  assertTimelineRows(load.currentPath);
  const s = sample();
  const current = await readDatasetFile(load.currentPath, { imageTime: true, ...(s ? { sample: s } : {}) });
  return { ...current, source: load.currentName };
}

function rowsShape(reference: SideInput, current: Dataset): TimelineShape {
  const dates = datetimeColumns(reference, current);
  const periods: TimelineShape['periods'] = {};
  for (const name of dates) {
    const column = current.columns.find((c) => c.name === name)!;
    periods[name] = {};
    for (const unit of PERIOD_UNITS) {
      try {
        periods[name][`1${unit}`] = chunksByPeriod(current, column, unit).chunks.length;
      } catch {
        // a column with no readable time: no periods to offer
      }
    }
  }
  return { rows: current.rows, rowOrder: true, columns: current.columns.map((c) => c.name), datetimeColumns: dates, periods };
}

/**
 * A source's shape from one profile query of the whole table: its date and timestamp columns (the
 * ones its engine can cut into periods: src/core/sources/grouped.ts pickTimeColumn) and, per
 * period, how many periods hold rows (their distinct times bucketed by the timeline's own rule,
 * as the engine's buckets are read back). Sizes and counts are not offered: no row order.
 */
function sourceShape(current: DatasetProfile): TimelineShape {
  const periods: TimelineShape['periods'] = {};
  const dates: string[] = [];
  for (const c of current.columns) {
    if (c.kind !== 'category' || c.logical !== 'datetime') continue;
    dates.push(c.name);
    periods[c.name] = {};
    for (const unit of PERIOD_UNITS) periods[c.name][`1${unit}`] = countPeriods(c.values, unit);
  }
  return { rows: current.rows, rowOrder: false, columns: current.columns.map((c) => c.name), datetimeColumns: dates, periods };
}

async function shape(pair: Pair): Promise<TimelineShape> {
  if (pair.kind === 'rows') return rowsShape(pair.reference, pair.current);
  const s = sample();
  const current = await readSource(load.currentPath, sourceOptions('current'), s ? { sample: s } : {});
  return sourceShape(current.dataset as DatasetProfile);
}

async function compute(): Promise<TimelineReply & { type: 'timeline' }> {
  const pair = data!;
  const options = { baseline: spec!.baseline, generatedBy: load.generatedBy, ...(spec!.timeColumn !== undefined ? { timeColumn: spec!.timeColumn } : {}) };
  if (pair.kind === 'rows') {
    result = computeTimeline(pair.reference, pair.current, load.settings, { ...options, chunking: spec!.chunking, ...(closed ? { closed } : {}) });
    closed = result.closed;
    return { id: 0, type: 'timeline', report: annotateTimeline(result.report, pair.referenceRead, undefined), reused: result.reused };
  }
  const unit = spec!.chunking.by === 'period' ? parsePeriod(spec!.chunking.period) : undefined;
  if (!unit) throw new TimelineInputError(noRowOrderMessage(load.currentName, 'period'));
  const s = sample();
  // The engine samples the rows (when asked), then cuts them into periods, as the CLI does.
  const current = await timelineSource(load.currentPath, { ...sourceOptions('current'), ...(s ? { sample: s } : {}) }, spec!.timeColumn, unit);
  const named = { ...current, whole: { ...current.whole, source: load.currentName } };
  data = { ...pair, current: named };
  result = computeTimelineFromProfiles(pair.reference, named, load.settings, { ...options, signal: cancel.signal });
  return { id: 0, type: 'timeline', report: annotateTimeline(result.report, pair.referenceRead, current.read), reused: 0 };
}

async function handle(m: TimelineRequest): Promise<TimelineReply> {
  switch (m.type) {
    case 'load':
      data = await read();
      return { id: m.id, type: 'loaded', shape: await shape(data) };
    case 'timeline':
      data ??= await read();
      spec = m.spec;
      closed = undefined;
      return { ...(await compute()), id: m.id };
    case 'reload':
      if (!spec) throw new TimelineInputError('no timeline has been computed yet');
      // A source: its engine runs the grouped query again (nothing is reused: a table's periods have no "closed" rows).
      // A source reference beside a watched file is kept: only the file is read again.
      data =
        data && currentIsSource()
          ? { kind: 'source', reference: data.reference, ...(data.referenceRead ? { referenceRead: data.referenceRead } : {}) }
          : data && isSourceUri(load.referencePath)
            ? { kind: 'rows', reference: data.reference, ...(data.referenceRead ? { referenceRead: data.referenceRead } : {}), current: await readCurrentRows() }
            : await read();
      return { ...(await compute()), id: m.id };
    case 'detail': {
      if (!data || !result) throw new TimelineInputError('no timeline has been computed yet');
      const report =
        data.kind === 'rows'
          ? chunkColumnReport(data.reference, data.current, result, m.chunk, m.column, load.settings)
          : profiledChunkColumnReport(data.reference, data.current!, result, m.chunk, m.column, load.settings);
      return { id: m.id, type: 'detail', report };
    }
  }
}

/** Serves the panel's requests one at a time, in order (a reload must not overtake the timeline it recomputes). */
export function runTimeline(files: TimelineLoad): void {
  load = files;
  let queue: Promise<void> = Promise.resolve();
  parentPort!.on('message', (m: TimelineRequest | TimelineCancel) => {
    if (m.type === 'cancel') {
      // The query in flight is cancelled on its server; when it has stopped, so does this thread.
      cancel.abort(new Error('cancelled'));
      void queue.finally(() => process.exit(0));
      return;
    }
    queue = queue.then(() =>
      handle(m).then(post, (e: unknown) => {
        const expected = isUserError(e);
        const err = e instanceof Error ? e : new Error(String(e));
        const message = redact(err.message.split(load.referencePath).join(load.referenceName).split(load.currentPath).join(load.currentName));
        post({ id: m.id, type: 'error', message, expected, stack: expected ? undefined : err.stack });
      }),
    );
  });
}
