import type { ColumnInput, SideInput } from './drift/engine';
import type { DriftSettings } from './drift/settings';
import type { ByteSource, RangeJob } from './read/csv/range';
import type { Dataset } from './read/dataset';
import type { InferredType } from './drift/infer';
import type { ChunkPlan } from './timeline/chunks';

/**
 * How core code hands work to other threads without knowing about threads: readers and the
 * drift engine take a TaskRunner (in ReadOptions and the engine's options) and, without one, do
 * everything on the calling thread. src/threads/pool.ts is the implementation; the CLI and the
 * comparison thread pass it in. The tasks are data only, so they can be posted to a thread.
 */
export type Task =
  /** Parse one chunk of a CSV file (read/csv/range.ts); progress: bytes consumed. */
  | { readonly kind: 'csv'; readonly source: ByteSource; readonly job: RangeJob }
  /** Decode these top-level columns of a Parquet file (read/parquet/reader.ts readParquetColumns). */
  | { readonly kind: 'parquet'; readonly path: string; readonly source: string; readonly size: number; readonly columns: readonly string[] }
  /** Compare these columns (drift/engine.ts compareColumn); the result is their reports, null where one failed. */
  | {
      readonly kind: 'compare';
      readonly names: readonly string[];
      readonly reference: readonly (ColumnInput | undefined)[];
      readonly current: readonly (ColumnInput | undefined)[];
      readonly settings: DriftSettings;
    }
  /** Compare chunks of the current data with the reference, taking each from the shared counter `claim` (timeline/timeline.ts compareClaimedChunks). */
  | {
      readonly kind: 'timeline-chunks';
      /** Profiles (or columns) of the reference. */
      readonly reference: SideInput;
      /** The rows the plans cut, or each chunk's profile (a file read as per-period profiles). */
      readonly current: Dataset | readonly SideInput[];
      readonly plans: readonly ChunkPlan[];
      /** One Int32 in shared memory: the next chunk to take. */
      readonly claim: Int32Array;
      readonly selected: readonly string[];
      readonly types: readonly (readonly [string, InferredType])[];
      readonly settings: DriftSettings;
      readonly minRows: number;
    };

export interface TaskRunner {
  /** How many tasks run at once (callers split work into at least this many parts). */
  readonly size: number;
  /**
   * Runs one task; `onProgress` receives its progress reports. Queued tasks start by `priority`
   * (an estimate of their cost; larger first). `transfer`: buffers moved rather than copied.
   */
  run<T>(task: Task, transfer?: ArrayBuffer[], onProgress?: (value: number) => void, priority?: number): Promise<T>;
  /** Start the threads now (a big input is coming). */
  warm(): void;
  /** Stop everything after an abort: queued and running tasks reject with `reason`. */
  destroy(reason: unknown): void;
}

/**
 * A thread that ended before finishing its task: it ran out of memory (its heap limit, set by the
 * pool so that one task's excess ends that thread, not the process) or stopped (killed, crashed).
 * Not a bug in the data or in us that a stack would explain: the message says what happened and
 * what to do, and the CLI exits 2 with it (src/core/errors.ts).
 */
export class ThreadFailure extends Error {
  override readonly name = 'ThreadFailure';
  constructor(
    message: string,
    /** 'memory': the heap limit was reached; 'stopped': the thread ended (killed, exit code). */
    readonly kind: 'memory' | 'stopped',
  ) {
    super(message);
  }
}
