import type { DatasetFormat } from './dataset';

/**
 * The one list of dataset file extensions and the reader each stands for. The picker, the
 * Explorer menu (package.json's `when` regex, kept equal by test/unit/read-index.test.ts) and the
 * readers all take it from here. No imports beyond a type, so the extension bundle stays small.
 */
export const DATASET_EXTENSIONS: Readonly<Record<string, DatasetFormat>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
};

/** `.csv`, `.txt`, ...: with the dot, lower case. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(DATASET_EXTENSIONS);

/** A profile file (src/core/profile/format.ts): either side of a comparison, standing for its data. */
export const PROFILE_FILE_EXTENSION = '.driftprofile';

/** What the pickers and the Explorer menu offer: the data files and profile files. */
export const OFFERED_EXTENSIONS: readonly string[] = [...SUPPORTED_EXTENSIONS, PROFILE_FILE_EXTENSION];

/** The format a path's extension stands for (case-insensitive), or undefined. */
export function formatOf(path: string): DatasetFormat | undefined {
  const m = /\.[^./\\]+$/.exec(path);
  return m ? DATASET_EXTENSIONS[m[0].toLowerCase()] : undefined;
}
