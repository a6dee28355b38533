/**
 * Column profiles: everything a drift test needs from one column of one side, and nothing that
 * depends on the order of the rows. The engine (src/core/drift/engine.ts) takes profiles as its
 * input: a profile built from a file read here, from a profile file, from the cache, or emitted by
 * a database engine (src/core/sources/: DuckDB, ClickHouse, PostgreSQL) gives the same test, score
 * and verdict.
 *
 * CONTRACT FOR PRODUCERS (sources, readers, the file format). This type is stable: later versions
 * only add optional fields (listed in /work/coord/PROFILE_TYPES.md while being built, and in the
 * README's "Profiles" section). Invariants every producer must hold (checkProfile in validate.ts
 * verifies them on every profile read from a file):
 *
 * NumericProfile (storage of numbers: integer or decimal columns)
 * - `values`: the distinct FINITE values, strictly ascending (no NaN, no +-Infinity, -0 written as
 *   0); `counts[i]` the rows holding `values[i]`, each a positive integer. Same length.
 * - `count` = sum of `counts`; `rows` = count + missing + nonFinite.
 * - `missing`: cells that were empty or a missing token (NaN); `nonFinite`: cells that were +-inf
 *   (Evidently turns them into NaN and drops them, so tests never see them; the report counts both
 *   as missing).
 * - `integer`: every non-missing value was written as an integer (or the source type was an
 *   integer type). Decides Evidently's typing (integers with <= 10 distinct values are categorical).
 * - `min`/`max`: of the finite values of the source (exact, even when `approximate` is set);
 *   NaN when count is 0.
 * - `moments`: a function of (values, counts) only, computed by `numericMoments` in build.ts in a
 *   fixed order, so profiles that merge give bit-identical moments. Producers should build a
 *   profile with build.ts's `numericProfileFromCounts` rather than computing moments themselves.
 * - `approximate`: absent for exact profiles. When the column had more distinct values than the cap
 *   (setting driftInspector.profileMaxDistinct, CLI --max-distinct; default 1,000,000 per side),
 *   every value is truncated toward zero to `significantBits` significant bits (its float64 bit
 *   pattern with the lowest 52 - significantBits mantissa bits cleared), and `values`/`counts` are
 *   the distinct truncated values. significantBits is the largest number of bits that keeps the
 *   distinct count within `maxDistinct`. Truncation is nested (truncating to p then to q < p bits
 *   equals truncating to q bits) and monotone, so such profiles still merge exactly. Every score
 *   computed from such a profile is marked approximate in the report.
 *
 * CategoryProfile (text, booleans, dates as written; categories and text alike)
 * - `values`: the distinct non-missing strings, ascending by UTF-16 code units (JavaScript's `<`);
 *   `counts[i]` the rows holding `values[i]` (positive integers). The order is canonical so
 *   profiles do not depend on row order and merge commutatively.
 * - `count` = sum of counts; `rows` = count + missing.
 * - `logical`: set when the source said what the strings are ('boolean' from a boolean type,
 *   'datetime' from a date/timestamp type, strings then written as ISO-8601).
 *
 * Merging (merge.ts): counts add, values union, min/max combine, moments are recomputed from the
 * merged counts: `mergeProfiles(profile(A), profile(B))` deep-equals `profile(A ∪ B)`.
 */

/** Bumped only for incompatible changes; the file format (format.ts) carries it. */
export const PROFILE_VERSION = 1;

/** Where a dataset's formats come from (DatasetFormat, plus engines' names for sources). */
export type ProfileSourceFormat = string;

/** Moments of the finite values (from the value counts, ascending order, value x count). */
export interface NumericMoments {
  /** Sum of value x count. */
  readonly sum: number;
  /** sum / count (NaN when count is 0). */
  readonly mean: number;
  /** Sum of count x (value - mean)^2: the second central moment times count. */
  readonly m2: number;
  /** Population standard deviation (ddof 0): sqrt(m2 / count). NaN when count is 0. */
  readonly std0: number;
  /** Sample standard deviation (ddof 1): sqrt(m2 / (count - 1)). NaN when count < 2. */
  readonly std1: number;
  /**
   * Skewness g1 as numpy's Doane rule computes it: mean of ((value - mean) / std0)^3. NaN when
   * std0 is 0 or count is 0.
   */
  readonly skewness: number;
}

/** How an approximate numeric profile was reduced. */
export interface NumericApproximation {
  readonly method: 'truncate-bits';
  /**
   * Explicit mantissa bits kept (0..51; the float64 pattern's lowest 52 - significantBits mantissa
   * bits are cleared): relative error of each value below 2^-significantBits.
   */
  readonly significantBits: number;
  /** The cap that forced it (distinct values allowed per side). */
  readonly maxDistinct: number;
}

export interface NumericProfile {
  readonly kind: 'numeric';
  readonly name: string;
  readonly rows: number;
  readonly missing: number;
  readonly nonFinite: number;
  readonly count: number;
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  readonly moments: NumericMoments;
  /** Distinct finite values, strictly ascending. */
  readonly values: Float64Array;
  /** Rows per value (positive integers). */
  readonly counts: Float64Array;
  readonly approximate?: NumericApproximation;
}

export interface CategoryProfile {
  readonly kind: 'category';
  readonly name: string;
  readonly rows: number;
  readonly missing: number;
  readonly count: number;
  readonly logical?: 'boolean' | 'datetime';
  /** Distinct non-missing strings, ascending by UTF-16 code units. */
  readonly values: readonly string[];
  /** Rows per value (positive integers). */
  readonly counts: Float64Array;
}

export type ColumnProfile = NumericProfile | CategoryProfile;

/** A whole side: what the engine compares, and what a profile file holds. */
export interface DatasetProfile {
  /** The path, glob, URI or name as the user gave it; used in every message. */
  readonly source: string;
  /** What was profiled: 'csv', 'parquet', ... or an engine ('duckdb', 'clickhouse', 'postgres'). */
  readonly format: ProfileSourceFormat;
  readonly rows: number;
  /** In the source's column order; names are unique. */
  readonly columns: readonly ColumnProfile[];
  /** Non-fatal findings of the reader. */
  readonly warnings: readonly string[];
  /** Set when the reader kept a seeded sample of the rows (`rows` is then the sample's size). */
  readonly sampled?: { readonly seed: number; readonly requested: number; readonly fileRows: number };
}

/** Default cap on distinct numeric values kept exactly per column and side. */
export const DEFAULT_MAX_DISTINCT = 1_000_000;
