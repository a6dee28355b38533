/**
 * The contract every drift test implements. Inputs are already cleaned the way Evidently cleans
 * them (legacy/calculations/data_drift.py: +-inf -> NaN, then NaN dropped, each side separately).
 */

/** One side's finite numeric values, in file order, and the same values sorted ascending. */
export interface NumericSide {
  readonly values: Float64Array;
  readonly sorted: Float64Array;
  /**
   * The same values as runs, when they repeat a lot (a profile's (value, count) pairs). Tests that
   * step run by run read these and give the same score; `values` and `sorted` may then be made
   * only when read (src/core/drift/prepare.ts).
   */
  readonly runs?: NumericRuns;
  /**
   * The values as runs whatever their repeats, when the side came from a profile (its pairs are
   * there already): a test whose other side has `runs` may step both run by run (wasserstein.ts).
   */
  readonly profileRuns?: NumericRuns;
}

/** Sorted values as runs of equal values: distinct values ascending, each one's count (> 0). */
export interface NumericRuns {
  readonly values: Float64Array;
  readonly counts: Float64Array;
}

/**
 * Both sides of a categorical comparison. `labels` is the union of non-missing categories of
 * reference and current; `ref` and `cur` hold, in file order, indexes into `labels`.
 * Labels are numbers when the column holds numbers (Python sorts those numerically) and strings
 * otherwise (Python sorts those by code point).
 */
export interface CategoricalPair {
  readonly labels: ReadonlyArray<string | number>;
  readonly ref: Int32Array;
  readonly cur: Int32Array;
  /**
   * Rows per label of each side, when the builder already knows them (equal to counting `ref` and
   * `cur`). Tests that only need counts read them through `pairCounts` and never touch the rows.
   */
  readonly counts?: PairCounts;
}

/** Rows per label of each side, and each side's row total. */
export interface PairCounts {
  readonly ref: Float64Array;
  readonly cur: Float64Array;
  readonly nRef: number;
  readonly nCur: number;
}

export type TestedType = 'numerical' | 'categorical' | 'text';

/** How a score is compared with its threshold: drift when `score <op> threshold`. */
export type DriftComparison = 'le' | 'lt' | 'ge' | 'gt';

export interface StatTestOptions {
  /** Bins for psi / jensenshannon / kl_div on a continuous column (a departure: Evidently ignores n_bins). */
  readonly bins?: number;
}

export interface StatTestResult {
  /** The score as Evidently reports it (a p-value or a distance). NaN only if the test is undefined. */
  readonly score: number;
  /** A short explanation when the result needs one (constant column, capped p-value, ...). */
  readonly note?: string;
}

export interface StatTest {
  /** Evidently's registry id, e.g. `ks`. */
  readonly id: string;
  /** Evidently's display name, e.g. `K-S p_value`. */
  readonly displayName: string;
  readonly types: readonly TestedType[];
  readonly defaultThreshold: number;
  readonly driftWhen: DriftComparison;
  /** `p_value`: lower means more drift; `distance`: higher means more drift. */
  readonly scoreKind: 'p_value' | 'distance';
  /** What the implementation follows (scipy function, paper), for the README and the report. */
  readonly basis: string;
  numerical?(ref: NumericSide, cur: NumericSide, options: StatTestOptions): StatTestResult;
  categorical?(pair: CategoricalPair, options: StatTestOptions): StatTestResult;
  text?(ref: readonly string[], cur: readonly string[], options: StatTestOptions): StatTestResult;
}

/** Thrown by a test for input it cannot handle; the engine reports the message on that column only. */
export class StatTestInputError extends Error {
  override readonly name = 'StatTestInputError';
}
