/**
 * Messages between the extension host and a timeline worker thread (timelineWorker.ts). Unlike a
 * comparison worker, a timeline worker lives as long as its panel: it keeps both files' columns,
 * so a clicked cell's detail and a watched file's new rows cost no second read of the reference.
 */
import type { ColumnReport } from '../shared/report';
import type { Baseline, Chunking, TimelineReport } from '../shared/timeline';
import type { PairRequest, ThreadFailure } from './pairRequest';

export type TimelineLoad = PairRequest;

/** workerData of a timeline thread (worker.ts, the one thread entry, dispatches on `thread`). */
export interface TimelineThreadData {
  readonly thread: 'timeline';
  readonly load: TimelineLoad;
}

export interface TimelineSpec {
  chunking: Chunking;
  timeColumn?: string;
  baseline: Baseline;
}

/** What the chunking QuickPick needs: the current file's shape, and chunks per period per date column. */
export interface TimelineShape {
  rows: number;
  columns: string[];
  datetimeColumns: string[];
  /** datetime column -> period (`1d`) -> number of chunks. */
  periods: Record<string, Record<string, number>>;
}

export type TimelineRequest =
  | { id: number; type: 'load' }
  | { id: number; type: 'timeline'; spec: TimelineSpec }
  | { id: number; type: 'detail'; chunk: number; column: string }
  /** Read the files again (the watched current file changed) and recompute the last spec, reusing closed chunks. */
  | { id: number; type: 'reload' };

export type TimelineReply =
  | { id: number; type: 'loaded'; shape: TimelineShape }
  | { id: number; type: 'timeline'; report: TimelineReport; reused: number }
  | { id: number; type: 'detail'; report: ColumnReport }
  | ({ id: number } & ThreadFailure);
