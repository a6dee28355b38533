import type { SideInput } from '../drift/engine';
import type { DriftSettings } from '../drift/settings';
import type { TaskRunner } from '../taskRunner';
import { isProfilePath, readProfileFile } from '../profile/format';
import { ProfileCache } from './cache';
import { DatasetReadError, type Dataset, type ReadOptions } from './dataset';
import { isImageSet, readDatasetFile, readDatasetPeriods, readDatasetProfiles } from './index';
import type { PeriodProfilesRequest } from './csv/plan';
import type { ProfiledChunks } from '../timeline/timeline';
import { dataSize, WARM_FROM } from './warmSize';

export interface PairReadOptions {
  /** `sample` / `sampleSeed` are applied to both files. */
  readonly settings: DriftSettings;
  /** Keep the reference's profile here (keyed by file identity and content hash); none: no cache. */
  readonly cacheDir?: string;
  /** Told about cache problems (a damaged entry, a folder that cannot be written). */
  readonly onCacheWarning?: (message: string) => void;
  readonly onReferenceProgress?: ReadOptions['onProgress'];
  readonly onCurrentProgress?: ReadOptions['onProgress'];
  /** Threads for big files; none: both files are read on this thread. */
  readonly runner?: TaskRunner;
  /** Image sets: read each image's time into a `time` column (a timeline's periods). */
  readonly imageTime?: boolean;
  /** The current side must be rows (the timeline cuts it); otherwise readers may return profiles. */
  readonly currentRows?: boolean;
}

/**
 * Reads the reference and the current side of one comparison, both at once so their chunks share
 * the worker threads. Either side may be a profile file (`.driftprofile`, profile/format.ts); the
 * reference may come from the profile cache. The CLI and the extension's comparison worker both
 * read through here; the engine takes datasets and profiles alike.
 */
export async function readDatasetPair(referencePath: string, currentPath: string, options: PairReadOptions): Promise<[SideInput, SideInput]> {
  return readPair(referencePath, currentPath, options);
}

/**
 * readDatasetPair; `readCurrent`, when given, reads the current side instead (with the options
 * the current side would get), so its chunks still share the threads with the reference's.
 */
async function readPair<C = SideInput>(
  referencePath: string,
  currentPath: string,
  options: PairReadOptions,
  readCurrentWith?: (path: string, o: ReadOptions) => Promise<C>,
): Promise<[SideInput, C]> {
  // Big inputs: threads start loading now, while the files are opened and planned.
  if ([referencePath, currentPath].some((f) => !isProfilePath(f) && dataSize(f) >= WARM_FROM)) options.runner?.warm();
  const { settings } = options;
  const sample = settings.sample !== undefined ? { rows: settings.sample, seed: settings.sampleSeed } : undefined;
  const { runner } = options;
  const imageEmbedding = settings.imageEmbedding === true;
  const imageTime = options.imageTime === true;
  const refOptions: ReadOptions = { sample, runner, onProgress: options.onReferenceProgress, imageEmbedding, imageTime };
  // Image sets are folders: the profile cache keys files, so they are read afresh. Embeddings
  // need the rows (vectors), which a profile does not keep: then no cache either.
  const rows = imageEmbedding || settings.embeddings !== undefined;
  // The engine needs only profiles unless it needs rows: readers may build them while reading.
  const profiles = { maxDistinct: settings.profileMaxDistinct };
  const read = (path: string, o: ReadOptions, needRows: boolean) => (needRows ? readDatasetFile(path, o) : readDatasetProfiles(path, o, profiles));
  const readReference = isProfilePath(referencePath)
    ? readProfileFile(referencePath)
    : options.cacheDir && !rows && !(await isImageSet(referencePath))
      ? new ProfileCache({ dir: options.cacheDir, onWarning: options.onCacheWarning })
          .read(referencePath, { ...refOptions, maxDistinct: settings.profileMaxDistinct }, (path, o) => readDatasetProfiles(path, o, profiles))
          .then((r) => r.profile)
      : read(referencePath, refOptions, rows);
  const currentOptions: ReadOptions = { sample, runner, onProgress: options.onCurrentProgress, imageEmbedding, imageTime };
  const readCurrent = readCurrentWith
    ? readCurrentWith(currentPath, currentOptions)
    : isProfilePath(currentPath)
      ? readProfileFile(currentPath)
      : read(currentPath, currentOptions, rows || options.currentRows === true);
  return Promise.all([readReference, readCurrent as Promise<C>]);
}

/**
 * The pair for a timeline: the current side must be rows (the timeline cuts it into chunks), so a
 * profile file there is an error; the reference may be a profile, cached or not, as for compare.
 */
export async function readTimelinePair(referencePath: string, currentPath: string, options: PairReadOptions): Promise<[SideInput, Dataset]> {
  assertTimelineRows(currentPath);
  // Image sets get a `time` column (EXIF date or file time), the one datetime column periods use.
  const [reference, current] = await readDatasetPair(referencePath, currentPath, { ...options, imageTime: true, currentRows: true });
  return [reference, current as Dataset];
}

/**
 * The pair for a timeline by period (the CLI's): the current file as per-period profiles when
 * it can be read so (read/index.ts readDatasetPeriods: a CSV/TSV file, no sample), which are the
 * profiles of the chunks readTimelinePair's rows would be cut into; undefined for the current side
 * otherwise (read its rows then). Not for embeddings or image sets, which need rows.
 */
export async function readTimelinePeriodPair(
  referencePath: string,
  currentPath: string,
  options: PairReadOptions,
  request: PeriodProfilesRequest,
): Promise<[SideInput, ProfiledChunks | undefined]> {
  assertTimelineRows(currentPath);
  const rows = options.settings.imageEmbedding === true || options.settings.embeddings !== undefined;
  return readPair(referencePath, currentPath, { ...options, imageTime: true }, (path, o) => (rows ? Promise.resolve(undefined) : readDatasetPeriods(path, o, request)));
}

/** A timeline's current side must be rows: a profile file holds none (the CLI, the panel's worker and readTimelinePair say so alike). */
export function assertTimelineRows(currentPath: string): void {
  if (isProfilePath(currentPath)) {
    throw new DatasetReadError(currentPath, 'a timeline cuts the current data into chunks, and a profile file holds no rows: give the data file');
  }
}
