/**
 * Messages between the extension host and the comparison worker thread (compareWorker.ts).
 * The host starts dist/worker.js with one request in its workerData; the worker answers with progress, then a report or
 * an error. Cancel = the host terminates the worker.
 */
import type { DriftReport } from '../shared/report';
import type { PairRequest, ThreadFailure } from './pairRequest';

export interface CompareRequest extends PairRequest {
  /**
   * Sources (src/core/sources): when set, `referencePath`/`currentPath` may be URIs
   * (postgres://, clickhouse://, duckdb:) or globs, and files past the memory budget go to DuckDB.
   * Passwords come from the extension's SecretStorage, in memory only, one per side: each side's
   * connection has its own (two PostgreSQL servers need not share one).
   */
  sources?: {
    engine: 'auto' | 'native' | 'duckdb';
    memoryBudgetMB?: number;
    duckdbMemoryMB?: number;
    timeoutMs?: number;
    sidePasswords?: { reference?: string; current?: string };
  };
  /** Image sets: where thumbnails are written (and found again). */
  thumbnailDir?: string;
}

/** Host to worker: stop (the worker cancels the running server query, then ends). */
export type HostMessage = { type: 'cancel' };

/** The comparison thread's workerData (worker.ts dispatches on `thread`). */
export interface CompareThreadData {
  readonly thread: 'compare';
  readonly request: CompareRequest;
}

export type CompareStage = 'reading reference' | 'reading current' | 'testing columns';

export type WorkerMessage =
  | { type: 'progress'; stage: CompareStage; done: number; total: number; detail?: string }
  | { type: 'done'; report: DriftReport }
  | ThreadFailure;
