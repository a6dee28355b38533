import type { Column } from '../read/dataset';
import type { NumericRuns, NumericSide } from '../stats/types';
import { expandRuns } from '../stats/special/value_counts';
import { isColumnProfile, profileDictionaryColumn, profileNumericColumn, type ProfileOptions } from '../profile/build';
import type { CategoryProfile, ColumnProfile, NumericProfile } from '../profile/profile';

/**
 * One column of one side as the engine tests it, always made from its profile
 * (src/core/profile/profile.ts): a reader's column is profiled first, a profile from a file, the
 * cache or a database is used as is, so both give the same tests, scores and verdicts.
 *
 * Order of values: a profile has no row order, so every test sees the values in ascending order
 * (numbers) or grouped by category in the profile's order (text), from either input. Scores that
 * sum values (t_test's mean and variance, wasserstein's std, es's features) may therefore differ
 * from a file-order computation in the last bits; the permutation tests (empirical_mmd, TVD) draw
 * their seeded permutations over these canonical orders (docs: README "Profiles").
 */
export type PreparedSide = PreparedNumeric | PreparedDictionary;

export interface PreparedNumeric {
  readonly storage: 'numeric';
  readonly name: string;
  readonly integer: boolean;
  /** The column's profile (for a reader's column, made when first read). */
  readonly profile: NumericProfile;
  /** Set when the profile is approximate (over the distinct-value cap). */
  readonly approximate?: NumericProfile['approximate'];
  /**
   * Finite values, ascending; `values` is the same array (no file order: see above). From a
   * profile, made on first read: with `runs` the default steps never read it.
   */
  readonly finite: NumericSide;
  /** Number of finite values. */
  readonly count: number;
  /**
   * The finite values as runs (the profile's pairs) when they repeat enough that stepping run by
   * run is cheaper than the array (RUNS_FROM): the summary, the histogram and the tests that can
   * read these instead of `finite`, with the same results.
   */
  readonly runs?: NumericRuns;
  /** NaN cells (missing tokens) plus +-inf cells. */
  readonly missing: number;
  readonly distinct: number;
}

/**
 * Runs are used when there are at least this many values per distinct value: a flights column of
 * 1.5M integers has ~2,000 per value; decimals (one or two) stay arrays, whose loops cost less per value.
 */
const RUNS_FROM = 16;

function hasManyRepeats(count: number, distinct: number): boolean {
  return distinct * RUNS_FROM <= count;
}

/** A NumericSide whose arrays are expanded from the runs only if a test reads them. */
function lazySide(runs: NumericRuns, withRuns: boolean): NumericSide {
  let sorted: Float64Array | undefined;
  const expand = () => (sorted ??= expandRuns(runs));
  return {
    get values() {
      return expand();
    },
    get sorted() {
      return expand();
    },
    ...(withRuns ? { runs } : {}),
    profileRuns: runs,
  };
}

export interface PreparedDictionary {
  readonly storage: 'dictionary';
  readonly name: string;
  readonly logical?: 'boolean' | 'datetime';
  readonly profile: CategoryProfile;
  /** Distinct values in the profile's order, and rows per value. */
  readonly dictionary: readonly string[];
  readonly counts: Float64Array;
  readonly nonMissing: number;
  readonly missing: number;
  readonly distinct: number;
}

export function prepareSide(input: Column | ColumnProfile, options: ProfileOptions = {}): PreparedSide {
  if (isColumnProfile(input)) {
    if (input.kind === 'category') return preparedDictionary(input);
    const runs = { values: input.values, counts: input.counts };
    const many = hasManyRepeats(input.count, input.values.length);
    let finite: NumericSide | undefined;
    return {
      storage: 'numeric',
      name: input.name,
      integer: input.integer,
      profile: input,
      approximate: input.approximate,
      // Expanded (12 MB for 1.5M values) only if a step reads the array.
      get finite() {
        return (finite ??= lazySide(runs, many));
      },
      count: input.count,
      ...(many ? { runs } : {}),
      missing: input.missing + input.nonFinite,
      distinct: input.values.length,
    };
  }
  if (input.storage === 'dictionary') return preparedDictionary(profileDictionaryColumn(input));
  // A reader's column: the profile's pairs are made only if a step reads them (build.ts).
  const build = profileNumericColumn(input, options);
  const finite = build.sorted.length;
  // Runs of a sorted column come from one galloping pass (build.ts runsOf), far cheaper than the
  // sums over every value they replace.
  const runs = hasManyRepeats(finite, build.distinct) ? { values: build.profile.values, counts: build.profile.counts } : undefined;
  return {
    storage: 'numeric',
    name: input.name,
    integer: input.integer,
    get profile() {
      return build.profile;
    },
    approximate: build.approximate,
    finite: { values: build.sorted, sorted: build.sorted, ...(runs ? { runs } : {}) },
    count: finite,
    ...(runs ? { runs } : {}),
    missing: input.values.length - finite,
    distinct: build.distinct,
  };
}

function preparedDictionary(profile: CategoryProfile): PreparedDictionary {
  return {
    storage: 'dictionary',
    name: profile.name,
    ...(profile.logical ? { logical: profile.logical } : {}),
    profile,
    dictionary: profile.values,
    counts: profile.counts,
    nonMissing: profile.count,
    missing: profile.missing,
    distinct: profile.values.length,
  };
}

export function nonMissingCount(side: PreparedSide): number {
  return side.storage === 'numeric' ? side.count : side.nonMissing;
}

/** True when no value occurs twice. */
export function allDistinct(side: PreparedSide): boolean {
  return side.distinct === nonMissingCount(side);
}

/** The column's non-missing values as strings, grouped by value in the profile's order (text tests). */
export function stringValues(side: PreparedSide): string[] {
  const out: string[] = [];
  if (side.storage === 'numeric') {
    const { values, counts } = side.profile;
    for (let i = 0; i < values.length; i++) {
      const s = String(values[i]);
      for (let k = 0; k < counts[i]; k++) out.push(s);
    }
    return out;
  }
  const { dictionary, counts } = side;
  for (let i = 0; i < dictionary.length; i++) for (let k = 0; k < counts[i]; k++) out.push(dictionary[i]);
  return out;
}
