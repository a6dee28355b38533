import type { TaskRunner } from '../taskRunner';
import type { ImageTimeSources } from '../../shared/report';

/**
 * A dataset as columns. Readers fill these; nothing downstream ever sees row objects.
 * Missing values are NaN in numeric storage and -1 in dictionary codes.
 */

export type DatasetFormat = 'csv' | 'tsv' | 'parquet' | 'jsonl' | 'json' | 'images';

/** Numbers. `integer` says every non-missing value was written as an integer (or came from an integer Parquet/JSON type). */
export interface NumericColumn {
  readonly name: string;
  readonly storage: 'numeric';
  readonly values: Float64Array;
  readonly integer: boolean;
  /** Count of values that were +-Infinity (kept in `values`; the engine drops them like Evidently). */
  readonly infinities: number;
}

/** Text, booleans and dates as written: dictionary codes into `dictionary` (distinct strings in first-seen order). */
export interface DictionaryColumn {
  readonly name: string;
  readonly storage: 'dictionary';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
  /** Set when the source said what the values are (Parquet/JSON booleans, Parquet timestamps). */
  readonly logical?: 'boolean' | 'datetime';
}

export type Column = NumericColumn | DictionaryColumn;

/** A vector per row (an embedding): `values` holds row r at [r * dimension, (r + 1) * dimension); a missing row is all NaN. */
export interface EmbeddingColumn {
  readonly name: string;
  readonly dimension: number;
  readonly values: Float64Array;
}

/** Where an image set's rows come from (src/core/images/read.ts). */
export interface ImageSetInfo {
  /** The folder the paths are relative to. */
  readonly root: string;
  /** One relative path (with `/`) per row. */
  readonly files: readonly string[];
  /** Files listed but not read, with the reason (also in the warnings). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** When the set was read with times (a timeline): how many images took theirs from where. */
  readonly times?: ImageTimeSources;
}

export interface Dataset {
  /** The path or name as the user gave it; used in every message. */
  readonly source: string;
  readonly format: DatasetFormat;
  readonly rows: number;
  readonly columns: readonly Column[];
  /** Non-fatal findings (e.g. a skipped blank line). */
  readonly warnings: readonly string[];
  /** Set when the reader kept a seeded sample of the rows (`rows` is then the sample's size). */
  readonly sampled?: { readonly seed: number; readonly requested: number; readonly fileRows: number };
  /** Vector columns, tested as units (src/core/stats/embeddings); not in `columns`. */
  readonly embeddings?: readonly EmbeddingColumn[];
  /** Set for an image set: rows are images. */
  readonly images?: ImageSetInfo;
}

/**
 * A problem that stops a file from being read. `message` names the file, and the line where
 * there is one, in words a user understands; it is shown as is (never a stack trace).
 */
export class DatasetReadError extends Error {
  override readonly name = 'DatasetReadError';
  constructor(
    readonly source: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${source}${line !== undefined ? `, line ${line}` : ''}: ${problem}`);
  }
}

/** Tokens read as missing: pandas' default na_values (1.5) plus `None`. Empty is missing too. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'n/a', 'nan', 'null', 'None',
]);

export interface ReadOptions {
  readonly signal?: AbortSignal;
  /** Called now and then with bytes read so far and the total. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Keep only a seeded uniform sample of this many rows (sample.ts). */
  readonly sample?: { readonly rows: number; readonly seed?: number };
  /** Image sets: also compute each image's no-model embedding (src/core/images/pixels.ts). */
  readonly imageEmbedding?: boolean;
  /** Image sets: also read when each image was taken into a `time` column (src/core/images/time.ts). */
  readonly imageTime?: boolean;
  /** Threads for big files (src/core/taskRunner.ts); none: everything on the calling thread. */
  readonly runner?: TaskRunner;
}
