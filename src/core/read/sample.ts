import type { Column, Dataset } from './dataset';
import { DictionaryEncoder } from './dictionary';

/**
 * Seeded row sampling. Every data row i gets a key, a 32-bit hash of (seed, i); the sample is the
 * `rows` rows with the smallest keys, kept in file order. That is a uniform sample without
 * replacement, and it depends only on the seed and the row numbers: not on the format (a CSV and
 * a Parquet file of the same table give the same rows), nor on how the file was split between
 * threads. Readers that can keep only candidate rows (the fast CSV reader) do; the others read
 * every row and then keep the sample.
 */

export const DEFAULT_SAMPLE_SEED = 42;

export interface SampleOptions {
  /** Rows to keep from each file (a file with fewer rows is read whole). */
  readonly rows: number;
  readonly seed?: number;
}

/** murmur3's finaliser: a bijection on 32 bits that mixes well. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Key of data row `row` (0-based). For a fixed seed, rows below 2^32 never share a key. */
export function sampleKey(seed: number, row: number): number {
  const lo = row % 4294967296;
  const hi = (row - lo) / 4294967296;
  const salt = fmix32((seed ^ Math.imul(hi | 0, 0x27d4eb2d)) >>> 0);
  return fmix32((lo + Math.imul(salt, 0x9e3779b1)) >>> 0);
}

/**
 * A key threshold that keeps a little more than `rows` of `total` rows (keys are uniform), so a
 * reader stores few rows it will drop. 2^32 keeps all.
 */
export function sampleThreshold(rows: number, total: number): number {
  if (total <= rows) return 4294967296;
  return Math.min(4294967296, Math.ceil(((rows * 1.05 + 64) / total) * 4294967296));
}

/**
 * Positions (into `keys`) of the `rows` smallest keys, in ascending order of position. Keys are
 * distinct per file, so the choice is exact.
 */
export function smallestKeys(keys: Uint32Array, rows: number): Int32Array {
  if (keys.length <= rows) return Int32Array.from({ length: keys.length }, (_, i) => i);
  const sorted = keys.slice().sort();
  const last = sorted[rows - 1];
  const out = new Int32Array(rows);
  let n = 0;
  for (let i = 0; i < keys.length && n < rows; i++) if (keys[i] <= last) out[n++] = i;
  return out;
}

/** The sampled rows of a dataset of `total` rows (all rows when it has at most `rows`). */
export function sampleRows(total: number, options: SampleOptions): Int32Array {
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  const keys = new Uint32Array(total);
  for (let i = 0; i < total; i++) keys[i] = sampleKey(seed, i);
  return smallestKeys(keys, options.rows);
}

/** Codes of the chosen rows, re-encoded so the dictionary holds only their values in first-seen order. */
export function pickCodes(codes: Int32Array, dictionary: readonly string[], rows: Int32Array): { codes: Int32Array; dictionary: string[] } {
  const remap = new Int32Array(dictionary.length).fill(-1);
  const out = new Int32Array(rows.length);
  const kept: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const c = codes[rows[i]];
    if (c < 0) {
      out[i] = -1;
      continue;
    }
    if (remap[c] < 0) remap[c] = kept.push(dictionary[c]) - 1;
    out[i] = remap[c];
  }
  return { codes: out, dictionary: kept };
}

function pickColumn(column: Column, rows: Int32Array): Column {
  if (column.storage === 'dictionary') {
    const { codes, dictionary } = pickCodes(column.codes, column.dictionary, rows);
    return { ...column, codes, dictionary };
  }
  const values = new Float64Array(rows.length);
  let infinities = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = column.values[rows[i]];
    values[i] = v;
    if (v === Infinity || v === -Infinity) infinities++;
  }
  return { ...column, values, infinities };
}

/**
 * Keeps the sample of an already-read dataset (readers that cannot sample while reading). Column
 * types stay as read from the whole file; Parquet's come from its schema anyway.
 */
export function sampleDataset(dataset: Dataset, options: SampleOptions): Dataset {
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  const sampled = { seed, requested: options.rows, fileRows: dataset.rows };
  if (dataset.rows <= options.rows) return { ...dataset, sampled };
  const rows = sampleRows(dataset.rows, options);
  return { ...dataset, rows: rows.length, columns: dataset.columns.map((c) => pickColumn(c, rows)), sampled };
}

/** The encoder's codes for the chosen rows, as a fresh encoder's output (for the csv-parse reader). */
export function pickEncoded(encoder: DictionaryEncoder, rows: Int32Array): { codes: Int32Array; dictionary: string[] } {
  return pickCodes(encoder.finish(), encoder.dictionary, rows);
}
