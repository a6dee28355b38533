/**
 * The timeline model (drift over time): what `drift-inspect timeline --format json` prints and
 * what the report panel's Timeline view draws. Each chunk of the current data is compared with
 * the reference (or the previous chunk) exactly as `compare` would compare them; documented in
 * README.md next to the comparison's schema (src/shared/report.ts).
 */
import type { ColumnType, DatasetInfo, DatasetVerdict } from './report';

export const TIMELINE_SCHEMA_VERSION = 1;

export type PeriodUnit = 'h' | 'd' | 'w' | 'M' | 'Q' | 'y';

/** How the current data was cut. */
export type Chunking =
  | { readonly by: 'period'; readonly period: string }
  | { readonly by: 'size'; readonly size: number }
  | { readonly by: 'count'; readonly count: number };

export type Baseline = 'reference' | 'previous';

/** One column in one chunk: the fields of a comparison's column report that a timeline keeps. */
export interface TimelineCell {
  name: string;
  type: ColumnType;
  test: string | null;
  score: number | null;
  threshold: number | null;
  /** The comparison that means drift: score <= / < / >= / > threshold. */
  driftWhen: '<=' | '<' | '>=' | '>' | null;
  /** null when not tested (type, too few rows, absent from a file). */
  drifted: boolean | null;
  reason: string;
}

export interface TimelineChunk {
  index: number;
  /**
   * Period chunks: the period's first instant, ISO-8601 wall-clock time (`2024-03-01T00:00:00`)
   * in the timestamps' own offset; size/count chunks: the first row's index (0-based).
   */
  start: string | number;
  /** Period chunks: the next period's first instant (exclusive); size/count: one past the last row. */
  end: string | number;
  rows: number;
  dataset: DatasetVerdict;
  /** Column order as in the timeline's `columns` (severity order). */
  columns: TimelineCell[];
}

/** "Since when" for one column (or, in `dataset`, for the dataset verdict). */
export interface SinceWhen {
  /** Chunks where it drifted. */
  driftedChunks: number;
  /** Chunks where it was tested. */
  testedChunks: number;
  /** driftedChunks / testedChunks (0 when never tested). */
  share: number;
  /**
   * Index of the first chunk of the run of drifted chunks that reaches the last chunk (chunks
   * where it was not tested neither break nor start the run); null when the last tested chunk
   * did not drift.
   */
  firstDriftedChunk: number | null;
}

export interface TimelineColumn extends SinceWhen {
  name: string;
  type: ColumnType;
}

export interface TimelineReport {
  schemaVersion: typeof TIMELINE_SCHEMA_VERSION;
  kind: 'timeline';
  generatedBy: string;
  reference: DatasetInfo;
  current: DatasetInfo;
  /** The column the periods are read from; null for size/count chunking without one. */
  timeColumn: string | null;
  chunking: Chunking;
  baseline: Baseline;
  driftShare: number;
  correction: 'none' | 'bonferroni' | 'benjamini-hochberg';
  /** A test needs at least this many values of a column in a chunk (and in its baseline). */
  minRows: number;
  chunks: TimelineChunk[];
  /** Most severe first (by the last chunk, then by the share of drifted chunks). */
  columns: TimelineColumn[];
  dataset: SinceWhen;
  warnings: string[];
}
