import type { Stats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { isImageSetSpec } from '../images/files';
import { readImageSet } from '../images/read';
import { readCsv, readCsvFile, readCsvFilePeriods, readCsvFileProfiles } from './csv/reader';
import type { PeriodProfilesRequest } from './csv/plan';
import type { ProfiledChunks } from '../timeline/timeline';
import type { ProfileOptions } from '../profile/build';
import type { SideInput } from '../drift/engine';
import { type Dataset, DatasetReadError, type ReadOptions } from './dataset';
import { formatOf, SUPPORTED_EXTENSIONS } from './formats';
import { readJsonArray, readJsonLines, readJsonLinesFile } from './json';
import { LIMITS, limitValue, overLimit } from '../io/limits';
import { readParquet } from './parquet/reader';
import { readParquetFile } from './parquet/parallel';
import { sampleDataset } from './sample';

export { readCsv, type CsvReadOptions } from './csv/reader';
export { readJsonArray, readJsonLines } from './json';
export { readParquet } from './parquet/reader';
export * from './dataset';

export { formatOf, SUPPORTED_EXTENSIONS } from './formats';

/** Reads a dataset from its bytes, choosing the reader by the extension of `source`. */
export async function readDataset(bytes: Uint8Array, source: string, options: ReadOptions = {}): Promise<Dataset> {
  const format = formatOf(source);
  // CSV samples while reading; the other readers read every row, then keep the sample.
  const sampled = (d: Dataset) => (options.sample ? sampleDataset(d, options.sample) : d);
  switch (format) {
    case 'csv':
      return readCsv(bytes, source, options);
    case 'tsv':
      return readCsv(bytes, source, { ...options, delimiter: '\t' });
    case 'parquet':
      return sampled(await readParquet(bytes, source, options));
    case 'jsonl':
      return sampled(await readJsonLines(bytes, source, options));
    case 'json':
      return sampled(await readJsonArray(bytes, source, options));
    case 'images':
      throw new DatasetReadError(source, 'an image set is read from its folder or glob, not from bytes');
    case undefined: {
      const ext = /\.[^./\\]+$/.exec(source)?.[0];
      const compressed = ext && /^\.(gz|zip|bz2|xz|zst)$/i.test(ext);
      throw new DatasetReadError(
        source,
        compressed
          ? `compressed files (${ext}) are not read directly; decompress it first`
          : `${ext ? `the extension ${ext} is` : 'a file without an extension is'} not supported; use ${SUPPORTED_EXTENSIONS.join(' ')}`,
      );
    }
  }
}

/**
 * A folder or a glob of images, rather than a dataset file. A folder named like a dataset
 * (`data.csv/`) stays a dataset path, so its message says it is a folder.
 */
export async function isImageSet(path: string): Promise<boolean> {
  return formatOf(path) === undefined && (await isImageSetSpec(path));
}

/** Reads a dataset file from disk; file-system failures become DatasetReadError too. */
export async function readDatasetFile(path: string, options: ReadOptions = {}): Promise<Dataset> {
  // Without `profiles` every reader returns columns.
  return (await readSideFile(path, options, undefined)) as Dataset;
}

/**
 * readDatasetFile for a caller that needs only each column's profile (a comparison, a profile
 * file): a reader that can build profiles while reading returns them for some columns (the CSV
 * reader: csv/plan.ts, readCsvProfiles), the others return columns, which the engine profiles.
 */
export function readDatasetProfiles(path: string, options: ReadOptions = {}, profiles: ProfileOptions = {}): Promise<SideInput> {
  return readSideFile(path, options, profiles);
}

/**
 * A timeline's current file as per-period profiles, when it is a CSV/TSV file the fast path takes
 * (csv/plan.ts, readCsvPeriods); otherwise undefined, and the caller reads its rows (which also
 * says what is wrong with a file that cannot be read).
 */
export async function readDatasetPeriods(path: string, options: ReadOptions, request: PeriodProfilesRequest): Promise<ProfiledChunks | undefined> {
  const format = formatOf(path);
  if ((format !== 'csv' && format !== 'tsv') || options.sample) return undefined;
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const read = readCsvFilePeriods(path, path, info.size, format === 'tsv' ? { ...options, delimiter: '\t' } : options, request);
  try {
    return await unchangedWhileRead(path, info, read);
  } catch (e) {
    if (options.signal?.aborted) throw e;
    return undefined;
  }
}

async function readSideFile(path: string, options: ReadOptions, profiles: ProfileOptions | undefined): Promise<SideInput> {
  // A folder or a glob is an image set (src/core/images): rows are images, columns their properties.
  if (await isImageSet(path)) {
    const images = await readImageSet(path, { signal: options.signal, onProgress: options.onProgress, embedding: options.imageEmbedding, time: options.imageTime });
    return options.sample ? { ...images, warnings: [...images.warnings, 'sampling applies to tables, not image sets: every image was read'] } : images;
  }
  // Fail on the extension before reading a possibly large file.
  const format = formatOf(path);
  if (format === undefined) return readDataset(new Uint8Array(0), path, options);
  // Only regular files: /dev/zero, a FIFO or a socket would be read for ever (issue 13, finding 5).
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new DatasetReadError(path, fileProblem(e));
  }
  if (!info.isFile() && !info.isDirectory()) {
    throw new DatasetReadError(path, 'this is not a regular file (a device, pipe or socket has no end to read to); copy the data to a file first');
  }
  // A .json file of records one per line (it starts with `{`) is JSON Lines: streamed a line at a
  // time under the line limit, as a .jsonl file, rather than read whole under the JSON size limit.
  if (format === 'json' && info.isFile() && (await firstNonSpaceByte(path)) === 0x7b) {
    const read = readJsonLinesFile(path, info.size, options, 'the file is neither a JSON array of records nor JSON Lines: ');
    return unchangedWhileRead(path, info, read.then((d) => (options.sample ? sampleDataset(d, options.sample) : d)));
  }
  if (format === 'json' && info.size > limitValue(LIMITS.json)) {
    throw new DatasetReadError(path, `the file is ${(info.size / 1048576).toFixed(0)} MiB, ${overLimit(LIMITS.json)}; JSON Lines (.jsonl) has no such limit`);
  }
  if (format === 'jsonl') {
    if (info.isDirectory()) throw new DatasetReadError(path, fileProblem({ code: 'EISDIR' }));
    const read = readJsonLinesFile(path, info.size, options);
    return unchangedWhileRead(path, info, read.then((d) => (options.sample ? sampleDataset(d, options.sample) : d)));
  }
  if (format === 'csv' || format === 'tsv' || format === 'parquet') {
    // CSV is read in blocks from disk, Parquet column chunk by column chunk (both in parallel
    // when big): never whole unless they must be.
    let size: number;
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = info.size;
    } catch (e) {
      throw new DatasetReadError(path, fileProblem(e));
    }
    const read =
      format === 'parquet'
        ? readParquetFile(path, path, size, options).then((d) => (options.sample ? sampleDataset(d, options.sample) : d))
        : profiles
          ? readCsvFileProfiles(path, path, size, format === 'tsv' ? { ...options, delimiter: '\t' } : options, profiles)
          : readCsvFile(path, path, size, format === 'tsv' ? { ...options, delimiter: '\t' } : options);
    return unchangedWhileRead(
      path,
      info,
      read.catch((e: unknown) => {
        // File-system failures (gone, permission, too large for the csv-parse fallback) in words.
        if (e instanceof DatasetReadError || options.signal?.aborted || typeof (e as { code?: unknown } | null)?.code !== 'string') throw e;
        throw new DatasetReadError(path, fileProblem(e));
      }),
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path, { signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new DatasetReadError(path, fileProblem(e));
  }
  return readDataset(bytes, path, options);
}

/** The first byte that is not white space or a UTF-8 byte order mark, within the first 64 KiB. */
async function firstNonSpaceByte(path: string): Promise<number | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return undefined; // the reader says why in its own words
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (i < bytesRead && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
    return i < bytesRead ? head[i] : undefined;
  } finally {
    await file.close();
  }
}

/**
 * A file written to, replaced or removed while it is read gives a table that is neither the old
 * file nor the new one (CSV chunks and Parquet column chunks are read at different times, by
 * different threads): the read is refused, whatever it gave or however it failed, when the file's
 * identity, size or modification time at the end is not what it was at the start (issue 13, fault
 * injection). A file changed within one timestamp tick without changing size is not seen.
 */
async function unchangedWhileRead<T>(path: string, before: Stats, read: Promise<T>): Promise<T> {
  const outcome = await read.then(
    (dataset) => ({ dataset }),
    (error: unknown) => ({ error }),
  );
  let problem: string | undefined;
  try {
    const after = await stat(path);
    if (after.ino !== before.ino || after.dev !== before.dev) problem = 'the file was replaced while it was read';
    else if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) problem = 'the file changed while it was read';
  } catch {
    problem = 'the file was removed while it was read';
  }
  if (problem) throw new DatasetReadError(path, problem.endsWith('removed while it was read') ? problem : `${problem}; read it again once it is complete`);
  if ('error' in outcome) throw outcome.error;
  return outcome.dataset;
}

function fileProblem(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'this is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'the file cannot be read (permission denied)';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'the file is too large to read (over 2 GiB)';
    default:
      return `the file cannot be read (${e instanceof Error ? e.message : String(e)})`;
  }
}
