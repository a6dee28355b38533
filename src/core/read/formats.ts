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

/** The format a path's extension stands for (case-insensitive), or undefined. */
export function formatOf(path: string): DatasetFormat | undefined {
  const m = /\.[^./\\]+$/.exec(path);
  return m ? DATASET_EXTENSIONS[m[0].toLowerCase()] : undefined;
}
