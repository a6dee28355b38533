import { statSync } from 'node:fs';
import { sharedPool } from '../parallel/pool';
import type { SideInput } from '../drift/engine';
import type { DriftSettings } from '../drift/settings';
import { isProfilePath, readProfileFile } from '../profile/format';
import { ProfileCache } from './cache';
import type { ReadOptions } from './dataset';
import { readDatasetFile } from './index';

/** Inputs from this size are read and tested on worker threads (smaller ones never start them). */
const WARM_FROM = 8 << 20;

export interface PairReadOptions {
  /** `sample` / `sampleSeed` are applied to both files. */
  readonly settings: DriftSettings;
  /** Keep the reference's profile here (keyed by file identity and content hash); none: no cache. */
  readonly cacheDir?: string;
  /** Told about cache problems (a damaged entry, a folder that cannot be written). */
  readonly onCacheWarning?: (message: string) => void;
  readonly onReferenceProgress?: ReadOptions['onProgress'];
  readonly onCurrentProgress?: ReadOptions['onProgress'];
}

/**
 * Reads the reference and the current side of one comparison, both at once so their chunks share
 * the worker threads. Either side may be a profile file (`.driftprofile`, profile/format.ts); the
 * reference may come from the profile cache. The CLI and the extension's comparison worker both
 * read through here; the engine takes datasets and profiles alike.
 */
export async function readDatasetPair(referencePath: string, currentPath: string, options: PairReadOptions): Promise<[SideInput, SideInput]> {
  // Big inputs: threads start loading now, while the files are opened and planned.
  if ([referencePath, currentPath].some((f) => !isProfilePath(f) && dataSize(f) >= WARM_FROM)) sharedPool()?.warm();
  const { settings } = options;
  const sample = settings.sample !== undefined ? { rows: settings.sample, seed: settings.sampleSeed } : undefined;
  const refOptions: ReadOptions = { sample, onProgress: options.onReferenceProgress };
  const readReference = isProfilePath(referencePath)
    ? readProfileFile(referencePath)
    : options.cacheDir
      ? new ProfileCache({ dir: options.cacheDir, onWarning: options.onCacheWarning })
          .read(referencePath, { ...refOptions, maxDistinct: settings.profileMaxDistinct }, readDatasetFile)
          .then((r) => r.profile)
      : readDatasetFile(referencePath, refOptions);
  const readCurrent = isProfilePath(currentPath)
    ? readProfileFile(currentPath)
    : readDatasetFile(currentPath, { sample, onProgress: options.onCurrentProgress });
  return Promise.all([readReference, readCurrent]);
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
