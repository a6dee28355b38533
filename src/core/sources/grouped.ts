/**
 * The one shape every database engine's profile query returns, and how it becomes profiles.
 *
 * Each engine (postgres.ts, clickhouse.ts, duckdbChild.ts) runs ONE query per side that groups
 * by (time bucket, column index, value): every column's (value, count) pairs, plus a row count per
 * bucket under column index -1. Without a timeline there is no bucket (one group). Rows arrive here
 * one (bucket, column, value, count) at a time, in any order and with repeats allowed (shards,
 * union branches), and are added up per bucket; numericColumn / categoryColumn (sourceProfile.ts)
 * sort, merge and count them as before, so a profile is the same whichever query shape computed it.
 *
 * Buckets: the engine truncates the time column to the period (its own date_trunc / toStartOfX,
 * in the session's or column's time zone, which is also the zone its text of the value is written
 * in) and sends the period's first instant as text. That text is read here with the timeline's own
 * rules (src/core/timeline/period.ts: wallClock, periodStart) and buckets are keyed by the period
 * start computed here, so the chunk bounds are the native timeline's by construction; NULL (time
 * missing) is a bucket of its own: rows in no chunk, still part of the whole side.
 */
import { DatasetReadError } from '../read/dataset';
import type { PeriodUnit } from '../../shared/timeline';
import { periodStart, wallClock } from '../timeline/period';
import { categoryColumn, numericColumn, type SourceColumn, type SourceProfile, type ValueCount } from './sourceProfile';
import type { MappedType } from './types';

/** A column as the engine described it, before profiling. */
export interface ColumnSpec {
  readonly name: string;
  /** The engine's type, as it names it. */
  readonly sourceType: string;
  readonly mapped: MappedType;
}

/** What to cut the rows by: the engine's bucket expression of the time column. */
export interface BucketRequest {
  readonly column: string;
  readonly unit: PeriodUnit;
}

/** The rows cut into period buckets, each profiled (timeline over a source). */
export interface SourceTimeline {
  /** All rows (every bucket, and rows whose time is missing): the side the types are decided on. */
  readonly whole: SourceProfile;
  /** One per period that holds rows, in time order; `start` is the period's first instant (period.ts clock). */
  readonly chunks: readonly { readonly start: number; readonly profile: SourceProfile }[];
  /** Rows whose time is missing: in no chunk. */
  readonly unplaced: number;
  readonly timeColumn: string;
}

/** The profile parts common to every bucket of one query. */
export interface ProfileHead {
  readonly source: string;
  readonly engine: SourceProfile['engine'];
  readonly format: string;
  readonly queries: readonly string[];
  /** Set when the engine profiled a seeded sample (see SampleRequest). */
  readonly sampled?: SourceProfile['sampled'];
}

/**
 * `--sample N` on a database: the N rows with the smallest hash of (seed, the row's values), by
 * `ORDER BY hash LIMIT N` in the engine (each shard keeps its own N, the initiator the smallest N).
 * The same data and seed give the same rows whatever their order; unlike the native seeded sample
 * (src/core/read/sample.ts: a hash of the seed and the row NUMBER, which a table does not have), it
 * is not the rows a file of the same data would give, and identical rows are drawn together.
 */
export interface SampleRequest {
  readonly rows: number;
  readonly seed: number;
}

/** Column index of the per-bucket row count in the grouped result. */
export const ROWS_COLUMN = -1;

interface Bucket {
  rows: number;
  readonly groups: (ValueCount<number> | ValueCount<string>)[][];
}

/** Adds up (bucket, column, value, count) rows into per-bucket column groups. */
export class GroupedCounts {
  private readonly buckets = new Map<number | null, Bucket>();

  /** `unit`: bucket texts are period starts of this unit (timeline); none: one bucket. */
  constructor(
    private readonly specs: readonly ColumnSpec[],
    private readonly unit?: PeriodUnit,
  ) {}

  private bucket(text: string | null): Bucket {
    let key: number | null = null;
    if (this.unit !== undefined && text !== null) {
      const t = wallClock(text);
      key = Number.isNaN(t) ? null : periodStart(t, this.unit);
    }
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { rows: 0, groups: this.specs.map(() => []) }));
    return b;
  }

  /** One grouped row; `column` ROWS_COLUMN carries the bucket's row count. */
  add(bucket: string | null, column: number, value: number | string | null, count: number): void {
    const b = this.bucket(bucket);
    if (column === ROWS_COLUMN) b.rows += count;
    else b.groups[column].push({ value, count } as ValueCount<number> & ValueCount<string>);
  }

  /** The whole side (every bucket, rows without a time included). */
  whole(head: ProfileHead): SourceProfile {
    let rows = 0;
    const groups: (ValueCount<number> | ValueCount<string>)[][] = this.specs.map(() => []);
    for (const b of this.buckets.values()) {
      rows += b.rows;
      b.groups.forEach((g, i) => {
        for (const x of g) groups[i].push(x);
      });
    }
    return this.profileOf(head, rows, groups);
  }

  /** Buckets with a time, in time order, and the rows of the bucket without one. */
  periods(head: ProfileHead): { chunks: { start: number; profile: SourceProfile }[]; unplaced: number } {
    const keys = [...this.buckets.keys()].filter((k): k is number => k !== null).sort((a, b) => a - b);
    const chunks = keys.map((start) => {
      const b = this.buckets.get(start)!;
      return { start, profile: this.profileOf(head, b.rows, b.groups) };
    });
    return { chunks, unplaced: this.buckets.get(null)?.rows ?? 0 };
  }

  private profileOf(head: ProfileHead, rows: number, groups: readonly (ValueCount<number> | ValueCount<string>)[][]): SourceProfile {
    const columns: SourceColumn[] = this.specs.map((spec, i) => {
      const m = spec.mapped;
      if (m.kind === 'unsupported') return { name: spec.name, kind: 'unsupported', sourceType: spec.sourceType, rows };
      if (m.kind === 'numeric') return numericColumn(spec.name, spec.sourceType, m.integer, groups[i] as ValueCount<number>[]);
      return categoryColumn(spec.name, spec.sourceType, m.logical, groups[i] as ValueCount<string>[]);
    });
    return { source: head.source, engine: head.engine, format: head.format, rows, columns, queries: [...head.queries], warnings: [], ...(head.sampled ? { sampled: head.sampled } : {}) };
  }
}

/**
 * The time column of a timeline over a source: the one named, or else the one column the engine
 * types as a date or timestamp (as the native timeline picks the one datetime column).
 */
export function pickTimeColumn(specs: readonly ColumnSpec[], requested: string | undefined, display: string): ColumnSpec {
  if (requested !== undefined) {
    const spec = specs.find((s) => s.name === requested);
    if (!spec) throw new DatasetReadError(display, `no column named '${requested}' (columns: ${specs.map((s) => s.name).join(', ')})`);
    if (spec.mapped.kind !== 'categories' || spec.mapped.logical !== 'datetime') {
      throw new DatasetReadError(display, `column '${requested}' is of type ${spec.sourceType}, not a date or timestamp: periods are cut on a date or timestamp column (cast it in a ?query=)`);
    }
    return spec;
  }
  const dates = specs.filter((s) => s.mapped.kind === 'categories' && s.mapped.logical === 'datetime');
  if (dates.length === 1) return dates[0];
  throw new DatasetReadError(
    display,
    dates.length === 0
      ? 'no date or timestamp column to cut into periods: name one with --time-column'
      : `several date columns (${dates.map((d) => d.name).join(', ')}): name the one to cut into periods with --time-column`,
  );
}

/** Each engine's words for the period units (date_trunc's; ClickHouse has its own functions). */
export const TRUNC_UNIT: Readonly<Record<PeriodUnit, string>> = { h: 'hour', d: 'day', w: 'week', M: 'month', Q: 'quarter', y: 'year' };
