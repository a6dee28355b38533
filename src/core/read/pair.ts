import { statSync } from 'node:fs';
import { sharedPool } from '../../threads/pool';
import type { DriftSettings } from '../drift/settings';
import { ProfileCache } from './cache';
import type { Dataset, ReadOptions } from './dataset';
import { isImageSet, readDatasetFile } from './index';

/** Inputs from this size are read and tested on worker threads (smaller ones never start them). */
const WARM_FROM = 8 << 20;

export interface PairReadOptions {
  /** `sample` / `sampleSeed` are applied to both files. */
  readonly settings: DriftSettings;
  /** Keep the reference's profile here (keyed by file identity and content hash); none: no cache. */
  readonly cacheDir?: string;
  readonly onReferenceProgress?: ReadOptions['onProgress'];
  readonly onCurrentProgress?: ReadOptions['onProgress'];
}

/**
 * Reads the reference and the current file of one comparison, both at once so their chunks share
 * the worker threads; the reference may come from the profile cache. The CLI and the extension's
 * comparison worker both read through here.
 */
export async function readDatasetPair(referencePath: string, currentPath: string, options: PairReadOptions): Promise<[Dataset, Dataset]> {
  // Big inputs: threads start loading now, while the files are opened and planned.
  if ([referencePath, currentPath].some((f) => dataSize(f) >= WARM_FROM)) sharedPool()?.warm();
  const { settings } = options;
  const sample = settings.sample !== undefined ? { rows: settings.sample, seed: settings.sampleSeed } : undefined;
  const imageEmbedding = settings.imageEmbedding === true;
  const refOptions: ReadOptions = { sample, onProgress: options.onReferenceProgress, imageEmbedding };
  // Image sets are folders: the profile cache keys files, so they are read afresh.
  const readReference = options.cacheDir && !(await isImageSet(referencePath))
    ? new ProfileCache({ dir: options.cacheDir }).read(referencePath, refOptions, readDatasetFile).then((r) => r.dataset)
    : readDatasetFile(referencePath, refOptions);
  return Promise.all([readReference, readDatasetFile(currentPath, { sample, onProgress: options.onCurrentProgress, imageEmbedding })]);
}

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
function dataSize(path: string): number {
  return fileSize(path) * (/\.parquet$/i.test(path) ? 8 : 1);
}
