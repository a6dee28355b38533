/**
 * Messages between the extension host and the comparison worker thread (compareWorker.ts).
 * The host starts dist/worker.js with one request in its workerData; the worker answers with progress, then a report or
 * an error. Cancel = the host terminates the worker.
 */
import type { DriftSettings } from '../core/drift/settings';
import type { DriftReport } from '../shared/report';

export interface CompareRequest {
  /** Absolute paths; `referenceName`/`currentName` are what the report and messages show. */
  referencePath: string;
  currentPath: string;
  referenceName: string;
  currentName: string;
  settings: DriftSettings;
  generatedBy: string;
  /** Keep reference profiles here (keyed by file identity and content hash); none: no cache. */
  cacheDir?: string;
}

/** The comparison thread's workerData (worker.ts dispatches on `thread`). */
export interface CompareThreadData {
  readonly thread: 'compare';
  readonly request: CompareRequest;
}

export type CompareStage = 'reading reference' | 'reading current' | 'testing columns';

export type WorkerMessage =
  | { type: 'progress'; stage: CompareStage; done: number; total: number; detail?: string }
  | { type: 'done'; report: DriftReport }
  /** `expected`: bad input or settings, shown as is; otherwise a bug, logged with its stack. */
  | { type: 'error'; message: string; expected: boolean; stack?: string };
