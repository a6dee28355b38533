import { statSync } from 'node:fs';

/**
 * When reading is worth the worker threads: inputs from this much data are read and tested on
 * threads (smaller ones never start them; a worker costs about 30 ms to start: bench/results.md).
 * Its own small module, so the CLI can ask before the rest of its bundle is loaded (cli/start.ts).
 */
export const WARM_FROM = 8 << 20;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the reader reports it
  }
}

/**
 * About how much data a file holds: Parquet is compressed and dictionary-encoded (the flights
 * halves: 8 MB of Parquet for 53 MB of CSV), so it counts 8 times its size.
 */
export function dataSize(path: string): number {
  return fileSize(path) * (/\.parquet$/i.test(path) ? 8 : 1);
}
