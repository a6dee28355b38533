import type { Column, Dataset } from '../read/dataset';

/**
 * What a database engine sends back for one column: GROUP BY value counts plus the counts of
 * missing and non-finite cells, computed where the data is. This is the sources' own shape; it
 * converts to the shared column profile (src/core/profile/) and, until every test runs from
 * profiles, to a Dataset (toDataset below) whose columns hold exactly the counted values.
 */
export type SourceColumn = SourceNumericColumn | SourceCategoryColumn | SourceUnsupportedColumn;

export interface SourceNumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  /** The engine's type is an integer type (or a decimal with scale 0): our `integer` flag. */
  readonly integer: boolean;
  /** The engine's type, as it names it (for messages and the report). */
  readonly sourceType: string;
  readonly rows: number;
  /** NULL and NaN cells (NaN is missing, as pandas reads it). */
  readonly missing: number;
  readonly positiveInfinity: number;
  readonly negativeInfinity: number;
  /** Distinct finite values, ascending, and how often each occurs. */
  readonly values: Float64Array;
  readonly counts: Float64Array;
}

export interface SourceCategoryColumn {
  readonly name: string;
  readonly kind: 'categories';
  /** Set for boolean and date/time types (values are then `True`/`False` or ISO text). */
  readonly logical?: 'boolean' | 'datetime';
  readonly sourceType: string;
  readonly rows: number;
  readonly missing: number;
  /** Distinct values (as text) and their counts, in the engine's order. */
  readonly values: readonly string[];
  readonly counts: Float64Array;
}

/** A column of a type no test reads (arrays, maps, JSON...): reported "not tested: type X". */
export interface SourceUnsupportedColumn {
  readonly name: string;
  readonly kind: 'unsupported';
  readonly sourceType: string;
  readonly rows: number;
}

export type EngineName = 'native' | 'duckdb' | 'clickhouse' | 'postgres';

export interface SourceProfile {
  /** The source as the user named it, credentials removed. */
  readonly source: string;
  readonly engine: EngineName;
  /** What the data is (parquet, csv, table, query...). */
  readonly format: string;
  readonly rows: number;
  readonly columns: readonly SourceColumn[];
  /** The queries that computed the profile, in the engine's SQL. */
  readonly queries: readonly string[];
  readonly warnings: readonly string[];
  /** `--sample`: the profile is of a seeded sample of `fileRows` rows (grouped.ts SampleRequest). */
  readonly sampled?: { readonly seed: number; readonly requested: number; readonly fileRows: number };
}

/** A (value, count) row as an engine returns it; value null is missing. */
export interface ValueCount<T> {
  readonly value: T | null;
  readonly count: number;
}

/** Builds a numeric column from GROUP BY rows (any order; NaN and NULL are missing). */
export function numericColumn(
  name: string,
  sourceType: string,
  integer: boolean,
  rows: readonly ValueCount<number>[],
): SourceNumericColumn {
  let missing = 0;
  let positiveInfinity = 0;
  let negativeInfinity = 0;
  let total = 0;
  const finite: { value: number; count: number }[] = [];
  for (const { value, count } of rows) {
    total += count;
    if (value === null || Number.isNaN(value)) missing += count;
    else if (value === Infinity) positiveInfinity += count;
    else if (value === -Infinity) negativeInfinity += count;
    // -0 and 0 are one value to every test; an engine may group them apart.
    else finite.push({ value: value === 0 ? 0 : value, count });
  }
  finite.sort((a, b) => a.value - b.value);
  const values: number[] = [];
  const counts: number[] = [];
  for (const f of finite) {
    if (values.length && values[values.length - 1] === f.value) counts[counts.length - 1] += f.count;
    else {
      values.push(f.value);
      counts.push(f.count);
    }
  }
  return {
    name,
    kind: 'numeric',
    integer,
    sourceType,
    rows: total,
    missing,
    positiveInfinity,
    negativeInfinity,
    values: Float64Array.from(values),
    counts: Float64Array.from(counts),
  };
}

/** Builds a category column from GROUP BY rows (value null is missing). */
export function categoryColumn(
  name: string,
  sourceType: string,
  logical: 'boolean' | 'datetime' | undefined,
  rows: readonly ValueCount<string>[],
): SourceCategoryColumn {
  let missing = 0;
  let total = 0;
  const byValue = new Map<string, number>();
  for (const { value, count } of rows) {
    total += count;
    if (value === null) missing += count;
    else byValue.set(value, (byValue.get(value) ?? 0) + count);
  }
  return {
    name,
    kind: 'categories',
    ...(logical ? { logical } : {}),
    sourceType,
    rows: total,
    missing,
    values: [...byValue.keys()],
    counts: Float64Array.from(byValue.values()),
  };
}

/**
 * The profile as columns of a Dataset: each value repeated its count, missing cells NaN or -1.
 * Row order is the profile's (sorted), which no test depends on except the text tests' sampling.
 * Unsupported columns are left out (see unsupportedReports in report.ts).
 */
export function toDataset(profile: SourceProfile): Dataset {
  const columns: Column[] = [];
  for (const c of profile.columns) {
    if (c.kind === 'numeric') {
      const out = new Float64Array(c.rows);
      let at = 0;
      for (let i = 0; i < c.values.length; i++) {
        out.fill(c.values[i], at, at + c.counts[i]);
        at += c.counts[i];
      }
      out.fill(Infinity, at, at + c.positiveInfinity);
      at += c.positiveInfinity;
      out.fill(-Infinity, at, at + c.negativeInfinity);
      at += c.negativeInfinity;
      out.fill(NaN, at);
      columns.push({ name: c.name, storage: 'numeric', values: out, integer: c.integer, infinities: c.positiveInfinity + c.negativeInfinity });
    } else if (c.kind === 'categories') {
      const codes = new Int32Array(c.rows).fill(-1);
      let at = 0;
      for (let i = 0; i < c.values.length; i++) {
        codes.fill(i, at, at + c.counts[i]);
        at += c.counts[i];
      }
      columns.push({ name: c.name, storage: 'dictionary', codes, dictionary: c.values, ...(c.logical ? { logical: c.logical } : {}) });
    }
  }
  // The dataset's format names the engine's kind of input (parquet, table, query...).
  const format = (['csv', 'tsv', 'parquet', 'jsonl', 'json'] as const).find((f) => f === profile.format) ?? 'parquet';
  return { source: profile.source, format, rows: profile.rows, columns, warnings: [...profile.warnings] };
}
