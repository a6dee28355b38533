/**
 * Messages between the extension host and a timeline worker thread (timelineWorker.ts). Unlike a
 * comparison worker, a timeline worker lives as long as its panel: it keeps both files' columns,
 * so a clicked cell's detail and a watched file's new rows cost no second read of the reference.
 */
import type { ColumnReport } from '../shared/report';
import type { Baseline, Chunking, TimelineReport } from '../shared/timeline';
import type { CompareRequest } from './compareProtocol';
import type { PairRequest, ThreadFailure } from './pairRequest';

export interface TimelineLoad extends PairRequest {
  /**
   * Set when a side is a source (a postgres://, clickhouse:// or duckdb: URI of a
   * driftInspector.sources connection): the engine settings and each side's password, as for a
   * comparison. A source current side is cut into periods by its engine (one GROUP BY on the time
   * bucket, src/core/sources/index.ts timelineSource); no rows leave the server.
   */
  sources?: CompareRequest['sources'];
}

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
  /** False for a source: a table has no row order, so only periods are offered (no sizes or counts). */
  rowOrder: boolean;
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

/**
 * Host to worker, outside the queue of requests: the panel's work was cancelled (or the panel
 * closed). A server query is cancelled on its server (pg_cancel_backend, KILL QUERY, the DuckDB
 * child killed), then the thread ends.
 */
export type TimelineCancel = { type: 'cancel' };

export type TimelineReply =
  | { id: number; type: 'loaded'; shape: TimelineShape }
  | { id: number; type: 'timeline'; report: TimelineReport; reused: number }
  | { id: number; type: 'detail'; report: ColumnReport }
  | ({ id: number } & ThreadFailure);
