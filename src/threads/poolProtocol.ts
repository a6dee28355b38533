import type { ByteSource, RangeJob } from '../core/read/csv/range';
import type { ColumnInput } from '../core/drift/engine';
import type { DriftSettings } from '../core/drift/settings';

/** What a pool thread is asked to do. */
/** A pool thread's workerData (worker.ts dispatches on `thread`). */
export interface PoolThreadData {
  readonly thread: 'pool';
}

export type WorkerTask =
  /** Parse one chunk of a CSV file (src/core/read/csv/range.ts); progress: bytes consumed. */
  | { readonly kind: 'csv'; readonly source: ByteSource; readonly job: RangeJob }
  /** Decode these top-level columns of a Parquet file (src/core/read/parquet/reader.ts readParquetColumns). */
  | { readonly kind: 'parquet'; readonly path: string; readonly source: string; readonly size: number; readonly columns: readonly string[] }
  /** Compare these columns (engine.ts compareColumn); the result is their reports, null where one failed. */
  | {
      readonly kind: 'compare';
      readonly names: readonly string[];
      readonly reference: readonly (ColumnInput | undefined)[];
      readonly current: readonly (ColumnInput | undefined)[];
      readonly settings: DriftSettings;
    };

export type WorkerReply =
  | { readonly id: number; readonly type: 'progress'; readonly value: number }
  | { readonly id: number; readonly type: 'done'; readonly result: unknown }
  | { readonly id: number; readonly type: 'error'; readonly message: string };
