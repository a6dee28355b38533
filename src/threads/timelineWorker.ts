/**
 * What a timeline panel's thread does (started by worker.ts, the one thread entry, bundled as
 * dist/worker.js; pure Node, no vscode): reads the pair, computes the timeline, answers a cell's
 * detail, and on `reload` reads the files again and recomputes only the chunks that are not
 * closed (src/core/timeline/timeline.ts `closed`).
 */
import { parentPort } from 'node:worker_threads';
import { DriftInputError } from '../core/drift/engine';
import { DriftSettingsError } from '../core/drift/settings';
import { DatasetReadError, type Dataset } from '../core/read/dataset';
import { readTimelinePair } from '../core/read/pair';
import type { SideInput } from '../core/drift/engine';
import { chunksByPeriod, TimelineInputError } from '../core/timeline/chunks';
import { PERIOD_UNITS } from '../core/timeline/period';
import { chunkColumnReport, computeTimeline, datetimeColumns, type ClosedChunks, type TimelineResult } from '../core/timeline/timeline';
import type { TimelineLoad, TimelineReply, TimelineRequest, TimelineShape, TimelineSpec } from './timelineProtocol';

let load: TimelineLoad;
const post = (m: TimelineReply) => parentPort!.postMessage(m);

let data: [SideInput, Dataset] | undefined;
let spec: TimelineSpec | undefined;
let result: TimelineResult | undefined;
let closed: ClosedChunks | undefined;

async function read(): Promise<[SideInput, Dataset]> {
  const [reference, current] = await readTimelinePair(load.referencePath, load.currentPath, { settings: load.settings, cacheDir: load.cacheDir });
  return [{ ...reference, source: load.referenceName }, { ...current, source: load.currentName }];
}

function shape([reference, current]: [SideInput, Dataset]): TimelineShape {
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
  return { rows: current.rows, columns: current.columns.map((c) => c.name), datetimeColumns: dates, periods };
}

function compute(): TimelineReply & { type: 'timeline' } {
  const [reference, current] = data!;
  result = computeTimeline(reference, current, load.settings, { ...spec!, generatedBy: load.generatedBy, ...(closed ? { closed } : {}) });
  closed = result.closed;
  return { id: 0, type: 'timeline', report: result.report, reused: result.reused };
}

async function handle(m: TimelineRequest): Promise<TimelineReply> {
  switch (m.type) {
    case 'load':
      data = await read();
      return { id: m.id, type: 'loaded', shape: shape(data) };
    case 'timeline':
      data ??= await read();
      spec = m.spec;
      closed = undefined;
      return { ...compute(), id: m.id };
    case 'reload':
      data = await read();
      if (!spec) throw new TimelineInputError('no timeline has been computed yet');
      return { ...compute(), id: m.id };
    case 'detail': {
      if (!data || !result) throw new TimelineInputError('no timeline has been computed yet');
      return { id: m.id, type: 'detail', report: chunkColumnReport(data[0], data[1], result, m.chunk, m.column, load.settings) };
    }
  }
}

/** Serves the panel's requests one at a time, in order (a reload must not overtake the timeline it recomputes). */
export function runTimeline(files: TimelineLoad): void {
  load = files;
  let queue: Promise<void> = Promise.resolve();
  parentPort!.on('message', (m: TimelineRequest) => {
  queue = queue.then(() =>
    handle(m).then(post, (e: unknown) => {
      const expected = e instanceof DatasetReadError || e instanceof DriftInputError || e instanceof DriftSettingsError || e instanceof TimelineInputError;
      const err = e instanceof Error ? e : new Error(String(e));
      const message = err.message.split(load.referencePath).join(load.referenceName).split(load.currentPath).join(load.currentName);
      post({ id: m.id, type: 'error', message, expected, stack: expected ? undefined : err.stack });
    }),
  );
});
}
