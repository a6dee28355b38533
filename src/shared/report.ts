/**
 * The drift report model: what the CLI prints as JSON, what the report panel draws, what "Save
 * report" writes. Stable and versioned; documented in README.md. Its size does not grow with rows.
 */

export const REPORT_SCHEMA_VERSION = 1;

/** `unsupported`: a database column of a type no test reads (arrays, maps, JSON...), reported not tested. */
export type ColumnType = 'numerical' | 'categorical' | 'text' | 'datetime' | 'id' | 'empty' | 'unsupported';

export interface DatasetInfo {
  /** The file as the user named it. */
  source: string;
  format: string;
  rows: number;
  columns: number;
  /**
   * Which engine read the data: `native` (this project's readers), `duckdb`, `clickhouse` or
   * `postgres`. Absent in reports written before sources existed (read as native).
   */
  engine?: 'native' | 'duckdb' | 'clickhouse' | 'postgres';
  /** The SQL the engine ran to compute the column profiles (database engines only). */
  queries?: string[];
  /** An image set in a timeline: where its images' times came from (src/core/images/time.ts). */
  imageTimes?: ImageTimeSources;
}

/** How many images of a set took their time from each source: EXIF DateTimeOriginal, EXIF DateTime, file modification time. */
export interface ImageTimeSources {
  exifOriginal: number;
  exifDateTime: number;
  modified: number;
}

export interface NumericSummary {
  count: number;
  missing: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (ddof 1), as pandas' describe(). */
  std: number | null;
  /** 5%, 25%, 50%, 75%, 95% (linear interpolation, as numpy's default). */
  quantiles: { p05: number; p25: number; p50: number; p75: number; p95: number } | null;
}

export interface CategoryCount {
  value: string;
  count: number;
}

export interface CategoricalSummary {
  count: number;
  missing: number;
  distinct: number;
  /** Most frequent first, at most 10. */
  top: CategoryCount[];
}

export type SideSummary = NumericSummary | CategoricalSummary;

/** Chart data for a numerical column: shared bin edges, counts per side (finite values only). */
export interface HistogramDistribution {
  kind: 'histogram';
  edges: number[];
  reference: number[];
  current: number[];
}

/** Chart data for a categorical column: top categories of both sides plus an "other" bucket. */
export interface CategoriesDistribution {
  kind: 'categories';
  categories: string[];
  reference: number[];
  current: number[];
  /** Counts of every category not listed. */
  otherReference: number;
  otherCurrent: number;
}

export type Distribution = HistogramDistribution | CategoriesDistribution;

export interface ColumnReport {
  name: string;
  type: ColumnType;
  /** The test id (Evidently's), or null when the column is not tested. */
  test: string | null;
  /** The test's display name, e.g. "K-S p_value". */
  testName: string | null;
  /** `p_value` (lower = more drift) or `distance` (higher = more drift). */
  scoreKind: 'p_value' | 'distance' | null;
  score: number | null;
  threshold: number | null;
  /** The comparison that means drift: score <= / < / >= / > threshold. */
  driftWhen: '<=' | '<' | '>=' | '>' | null;
  /** True/false when tested; null when not tested. */
  drifted: boolean | null;
  /** Why this test, or why not tested, in words. */
  reason: string;
  /** Notes worth a user's attention (constant column, missing share changed, correction applied...). */
  notes: string[];
  /** Where the column was found; a column present in only one file is reported, not tested. */
  presentIn: 'both' | 'reference' | 'current';
  reference: SideSummary | null;
  current: SideSummary | null;
  distribution: Distribution | null;
  /**
   * Present when the score comes from an approximate profile (a side had more distinct numeric
   * values than the profile cap): what was approximated and the error bound, in words.
   */
  approximate?: string;
}

export interface DatasetVerdict {
  drifted: boolean;
  driftedColumns: number;
  testedColumns: number;
  /** driftedColumns / testedColumns (0 when nothing was tested). */
  share: number;
}

/**
 * Present when only a seeded sample of rows was read (`--sample N`): every count, summary and
 * score in the report is then about the sample.
 */
export interface SamplingInfo {
  /** Rows asked for per file. */
  rows: number;
  seed: number;
  /** Rows the files hold; a file with at most `rows` rows is read whole. */
  referenceRows: number;
  currentRows: number;
}

/**
 * An embedding (a vector column, or numeric columns named as one) tested as one unit with one of
 * Evidently's embedding-drift methods. Not counted in the dataset's drifted share (as Evidently's
 * EmbeddingsDriftMetric, which is separate from the column drift table).
 */
export interface EmbeddingReport {
  name: string;
  dimension: number;
  /** The columns it is made of, or one vector column's name. */
  columns: string[];
  /** distance | ratio | mmd (Evidently's ids). */
  method: string;
  /** In words, e.g. "euclidean distance between means". */
  methodName: string;
  /** The options used, Evidently's names (dist, threshold, bootstrap, quantile_probability, pca_components...). */
  options: Record<string, string | number | boolean>;
  score: number | null;
  /** The setting, or the bootstrap quantile when bootstrap is on. */
  threshold: number | null;
  driftWhen: '>';
  drifted: boolean | null;
  reason: string;
  notes: string[];
  /** Rows with a complete vector, per side. */
  rows: { reference: number; current: number };
  /** Both sides on the reference's first two principal components (at most 400 points each, evenly spaced rows). */
  projection: { reference: [number, number][]; current: [number, number][] } | null;
}

export interface GalleryImage {
  /** Path relative to the image set's folder. */
  path: string;
  /** Absolute path, to open the image from the panel (the extension only opens files the report names). */
  file: string;
  value: number;
  /** Thumbnail: a file name in the thumbnail cache (panel), or a data: URI (standalone HTML); null if none could be made. */
  thumbnail: string | null;
}

export interface DriftReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedBy: string;
  reference: DatasetInfo;
  current: DatasetInfo;
  /** Dataset drift when share >= driftShare. */
  driftShare: number;
  /** Multiple-testing correction applied to p-value tests, if any. */
  correction: 'none' | 'bonferroni' | 'benjamini-hochberg';
  dataset: DatasetVerdict;
  /** Most severe first: drifted columns, then by how far past the threshold. */
  columns: ColumnReport[];
  warnings: string[];
  sampling?: SamplingInfo;
  /** Embeddings tested as units (absent when there are none). */
  embeddings?: EmbeddingReport[];
  /** Present when both sides are image sets. */
  images?: ImageGalleryPair;
}

/**
 * Image sets: for each numeric property, the current images furthest outside the reference
 * (src/core/images/gallery.ts) and typical reference images, with thumbnails.
 */
export interface ImageGalleryPair {
  /** Folder of the reference and current sets (absolute). */
  referenceRoot: string;
  currentRoot: string;
  /** Per numeric property. */
  properties: Record<string, { outliers: GalleryImage[]; typical: GalleryImage[] }>;
}
