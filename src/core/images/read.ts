import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { type Column, type Dataset, DatasetReadError, type DictionaryColumn, type EmbeddingColumn } from '../read/dataset';
import { EMBEDDING_SIZE } from './pixels';
import { ImageDecodeError, loadSharp, measureImage, type ImageProperties } from './decode';
import { listImageSet } from './files';
import { countImageTimes, type ImageTime } from './time';

/**
 * An image set as a Dataset: one row per readable image, one column per property (issue 12), so
 * the drift engine, thresholds and charts treat it as any table. Images are decoded a few at a
 * time (never all pixels at once): memory is about `concurrency` decoded images.
 */

/** Numeric property columns, in image-features' order (after width/height...). */
export const NUMERIC_PROPERTIES = [
  'width',
  'height',
  'aspect_ratio',
  'megapixels',
  'file_bytes',
  'brightness',
  'contrast',
  'sharpness',
  'mean_r',
  'mean_g',
  'mean_b',
  'saturation',
] as const;

/** Every property column in output order. */
export const PROPERTY_COLUMNS = [
  'width',
  'height',
  'aspect_ratio',
  'megapixels',
  'file_bytes',
  'format',
  'has_alpha',
  'grayscale',
  'brightness',
  'contrast',
  'sharpness',
  'mean_r',
  'mean_g',
  'mean_b',
  'saturation',
] as const;

const INTEGER_PROPERTIES = new Set(['width', 'height', 'file_bytes']);

/**
 * The column of when each image was taken (time.ts), added for a timeline: the one datetime
 * column of an image set, so the timeline's periods are read from it unchanged.
 */
export const IMAGE_TIME_COLUMN = 'time';

/** The no-model embedding's column name in an image set. */
export const IMAGE_EMBEDDING_NAME = 'image_embedding';

export interface ImageSetReadOptions {
  readonly signal?: AbortSignal;
  /** Called after each image with images done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Also compute the no-model embedding (8 x 8 luma + colour histogram) per image. */
  readonly embedding?: boolean;
  /** Also read when each image was taken (EXIF date or file time) into a `time` column. */
  readonly time?: boolean;
  /** Images decoded at once (default: the cores, at least 2). */
  readonly concurrency?: number;
}

export interface ImageRow {
  readonly file: string;
  readonly properties: ImageProperties;
  /** When `time` was asked for. */
  readonly time?: ImageTime;
}

/**
 * Measures every image of a set, calling `onImage` in file order (the order of the listing).
 * Unreadable images are reported through `onSkip`, never thrown.
 */
export async function measureImageSet(
  spec: string,
  onImage: (row: ImageRow, embedding: Float64Array | undefined) => void,
  onSkip: (file: string, reason: string) => void,
  options: ImageSetReadOptions = {},
): Promise<{ root: string; files: readonly string[] }> {
  const listing = await listImageSet(spec);
  try {
    loadSharp();
  } catch (e) {
    // Without the decoder no image can be read: one message for the set, not one per image.
    throw new DatasetReadError(spec, (e as Error).message);
  }
  const { root, files } = listing;
  const concurrency = Math.max(1, options.concurrency ?? Math.max(2, availableParallelism()));
  type Outcome = { ok: true; properties: ImageProperties; embedding?: Float64Array; time?: ImageTime } | { ok: false; reason: string };
  const outcomes = new Map<number, Outcome>();
  let next = 0;
  let emitted = 0;
  const emit = () => {
    // Results come back out of order; they are handed on in file order.
    for (let o = outcomes.get(emitted); o !== undefined; o = outcomes.get(emitted)) {
      outcomes.delete(emitted);
      if (o.ok) onImage({ file: files[emitted], properties: o.properties, ...(o.time ? { time: o.time } : {}) }, o.embedding);
      else onSkip(files[emitted], o.reason);
      emitted++;
      options.onProgress?.(emitted, files.length);
    }
  };
  const runner = async () => {
    while (next < files.length) {
      if (options.signal?.aborted) throw options.signal.reason;
      const k = next++;
      let outcome: Outcome;
      try {
        const m = await measureImage(path.join(root, files[k]), { embedding: options.embedding, time: options.time });
        outcome = { ok: true, properties: m.properties, embedding: m.embedding, time: m.time };
      } catch (e) {
        if (!(e instanceof ImageDecodeError)) throw e;
        outcome = { ok: false, reason: e.message };
      }
      outcomes.set(k, outcome);
      emit();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, runner));
  return listing;
}

/** Reads an image set (folder or glob) as a Dataset. */
export async function readImageSet(spec: string, options: ImageSetReadOptions = {}): Promise<Dataset> {
  const numeric = new Map<string, number[]>(NUMERIC_PROPERTIES.map((p) => [p, []]));
  const format: string[] = [];
  const hasAlpha: boolean[] = [];
  const grayscale: boolean[] = [];
  const kept: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const vectors: Float64Array[] = [];
  const times: ImageTime[] = [];
  // Why an EXIF date was not used, with the images it applies to (note -> files).
  const timeNotes = new Map<string, string[]>();
  const { root } = await measureImageSet(
    spec,
    (row, embedding) => {
      kept.push(row.file);
      for (const p of NUMERIC_PROPERTIES) numeric.get(p)!.push(row.properties[p]);
      format.push(row.properties.format);
      hasAlpha.push(row.properties.has_alpha);
      grayscale.push(row.properties.grayscale);
      if (embedding) vectors.push(embedding);
      if (row.time) {
        times.push(row.time);
        if (row.time.note) {
          const files = timeNotes.get(row.time.note);
          if (files) files.push(row.file);
          else timeNotes.set(row.time.note, [row.file]);
        }
      }
    },
    (file, reason) => skipped.push({ file, reason }),
    options,
  );
  const rows = kept.length;
  if (rows === 0) {
    const first = skipped[0];
    throw new DatasetReadError(spec, `none of its ${skipped.length} images can be read (${first.file}: ${first.reason})`);
  }
  const columns: Column[] = [];
  for (const name of PROPERTY_COLUMNS) {
    if (name === 'format') columns.push(dictionaryColumn(name, format));
    else if (name === 'has_alpha' || name === 'grayscale') {
      columns.push({ ...dictionaryColumn(name, (name === 'has_alpha' ? hasAlpha : grayscale).map((b) => (b ? 'True' : 'False'))), logical: 'boolean' });
    } else {
      const values = Float64Array.from(numeric.get(name)!);
      columns.push({ name, storage: 'numeric', values, integer: INTEGER_PROPERTIES.has(name), infinities: 0 });
    }
  }
  let timeCounts;
  if (options.time) {
    columns.push({ ...dictionaryColumn(IMAGE_TIME_COLUMN, times.map((t) => t.iso)), logical: 'datetime' });
    timeCounts = countImageTimes(times.map((t) => t.source));
  }
  const warnings = [...skipped.map((s) => `${s.file}: skipped, ${s.reason}`), ...timeWarnings(timeNotes)];
  let embeddings: EmbeddingColumn[] | undefined;
  if (options.embedding) {
    const values = new Float64Array(rows * EMBEDDING_SIZE);
    vectors.forEach((v, r) => values.set(v, r * EMBEDDING_SIZE));
    embeddings = [{ name: IMAGE_EMBEDDING_NAME, dimension: EMBEDDING_SIZE, values }];
  }
  return {
    source: spec,
    format: 'images',
    rows,
    columns,
    warnings,
    ...(embeddings ? { embeddings } : {}),
    images: { root, files: kept, skipped, ...(timeCounts ? { times: timeCounts } : {}) },
  };
}

/** Time notes: one line per distinct note (a camera that writes no date does so in every image). */
function timeWarnings(notes: ReadonlyMap<string, readonly string[]>): string[] {
  const MAX_LINES = 20;
  const lines = [...notes].slice(0, MAX_LINES).map(([note, files]) => `${files[0]}${files.length > 1 ? ` and ${files.length - 1} more images` : ''}: ${note}`);
  if (notes.size > MAX_LINES) {
    const rest = [...notes.values()].slice(MAX_LINES).reduce((n, files) => n + files.length, 0);
    lines.push(`${rest} more images whose EXIF date was not used, for other reasons`);
  }
  return lines;
}

function dictionaryColumn(name: string, values: readonly string[]): DictionaryColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => {
    let c = index.get(v);
    if (c === undefined) {
      c = dictionary.length;
      dictionary.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  });
  return { name, storage: 'dictionary', codes, dictionary };
}
