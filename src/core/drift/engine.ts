import type { Column } from '../read/dataset';
import type { ColumnProfile } from '../profile/profile';
import type { ProfileOptions } from '../profile/build';
import {
  REPORT_SCHEMA_VERSION,
  type ColumnReport,
  type ColumnType,
  type DriftReport,
  type SamplingInfo,
  type SideSummary,
} from '../../shared/report';
import type { StatTestResult, TestedType } from '../stats/types';
import { toCategoricalPair } from './categorical';
import { benjaminiHochberg, bonferroni } from './correction';
import { categoriesDistribution, histogramDistribution, histogramDistributionRuns } from './distribution';
import { inferColumnType, type InferredType } from './infer';
import { nonMissingCount, prepareSide, stringValues, type PreparedNumeric, type PreparedSide } from './prepare';
import { runEnd } from '../stats/special/runs';
import { selectTest } from './select';
import { binsFor, DEFAULT_DRIFT_SHARE, DriftSettingsError, type DriftSettings } from './settings';
import { dictionarySummary, numericAsCategories, numericSummary } from './summary';
import { bySeverity, COMPARISON_SIGN, isDrift } from './verdict';

/** One column of one side: a reader's column, or a profile (from a file, the cache, a database). */
export type ColumnInput = Column | ColumnProfile;

/**
 * One side of a comparison: a read Dataset (read/dataset.ts) or a DatasetProfile
 * (profile/profile.ts); the engine profiles a Dataset's columns first, so both give one report.
 */
export interface SideInput {
  readonly source: string;
  readonly format: string;
  readonly rows: number;
  readonly columns: readonly ColumnInput[];
  readonly warnings: readonly string[];
  readonly sampled?: { readonly seed: number; readonly requested: number; readonly fileRows: number };
}

/** A change in the missing share of at least this much is flagged (separately from drift). */
export const MISSING_SHARE_CHANGE = 0.1;

export interface CompareOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number, column: string) => void;
  readonly generatedBy?: string;
  /** Column reports already computed (by compareColumn in worker threads: parallel.ts). */
  readonly precomputed?: ReadonlyMap<string, ColumnReport>;
}

/** The two files cannot be compared at all (nothing in common). */
export class DriftInputError extends Error {
  override readonly name = 'DriftInputError';
}

/**
 * Compares every column of `reference` and `current` and builds the report. One column's
 * failure is reported on that column; only unusable settings or files with nothing in common
 * throw.
 */
export function compareDatasets(
  reference: SideInput,
  current: SideInput,
  settings: DriftSettings = {},
  options: CompareOptions = {},
): DriftReport {
  const driftShare = settings.driftShare ?? DEFAULT_DRIFT_SHARE;
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  const names = [...refByName.keys(), ...[...curByName.keys()].filter((n) => !refByName.has(n))];
  if (!names.some((n) => refByName.has(n) && curByName.has(n))) {
    throw new DriftInputError(
      `${reference.source} and ${current.source} have no column in common ` +
        `(reference: ${listNames(refByName.keys())}; current: ${listNames(curByName.keys())})`,
    );
  }
  const selected = selectColumns(names, settings);

  const columns: ColumnReport[] = [];
  selected.forEach((name, i) => {
    options.signal?.throwIfAborted();
    options.onProgress?.(i, selected.length, name);
    columns.push(options.precomputed?.get(name) ?? compareColumn(name, refByName.get(name), curByName.get(name), settings));
  });
  options.onProgress?.(selected.length, selected.length, '');

  const correction = settings.correction ?? 'none';
  if (correction !== 'none') applyCorrection(columns, correction);

  const tested = columns.filter((c) => c.drifted !== null);
  const driftedColumns = tested.filter((c) => c.drifted).length;
  const share = tested.length ? driftedColumns / tested.length : 0;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedBy: options.generatedBy ?? 'drift-inspector',
    reference: info(reference),
    current: info(current),
    driftShare,
    correction,
    dataset: {
      drifted: tested.length > 0 && share >= driftShare,
      driftedColumns,
      testedColumns: tested.length,
      share,
    },
    columns: bySeverity(columns),
    warnings: [...reference.warnings, ...current.warnings],
    ...samplingOf(reference, current),
  };
}

/** The report's `sampling` when a reader kept only a sample (of either file). */
function samplingOf(reference: SideInput, current: SideInput): { sampling?: SamplingInfo } {
  const s = reference.sampled ?? current.sampled;
  if (!s) return {};
  return {
    sampling: {
      rows: s.requested,
      seed: s.seed,
      referenceRows: reference.sampled?.fileRows ?? reference.rows,
      currentRows: current.sampled?.fileRows ?? current.rows,
    },
  };
}

function info(d: SideInput) {
  return { source: d.source, format: d.format, rows: d.rows, columns: d.columns.length };
}

function listNames(names: Iterable<string>): string {
  const all = [...names];
  return all.length > 8 ? `${all.slice(0, 8).join(', ')}, ...` : all.join(', ') || 'none';
}

function selectColumns(names: string[], settings: DriftSettings): string[] {
  const known = new Set(names);
  for (const [what, list] of [['columns', settings.columns], ['exclude', settings.exclude]] as const) {
    for (const n of list ?? []) {
      if (!known.has(n)) throw new DriftSettingsError(`${what}: no column named '${n}' in either file`);
    }
  }
  for (const [what, map] of [
    ['perColumnMethod', settings.perColumnMethod],
    ['perColumnThreshold', settings.perColumnThreshold],
  ] as const) {
    for (const n of Object.keys(map ?? {})) {
      if (!known.has(n)) throw new DriftSettingsError(`${what}: no column named '${n}' in either file`);
    }
  }
  const keep = settings.columns ? new Set(settings.columns) : undefined;
  const drop = new Set(settings.exclude ?? []);
  return names.filter((n) => (!keep || keep.has(n)) && !drop.has(n));
}

/**
 * Options of one column's comparison for callers that compare many slices of the same data (the
 * timeline, src/core/timeline/timeline.ts). Without them a column is compared as always.
 */
export interface ColumnCompareOptions {
  /**
   * The column's type decided beforehand (the timeline types each column once on the whole data,
   * so a small chunk cannot turn a number column into a categorical one).
   */
  readonly type?: InferredType;
  /** Keeps each column's cleaned, sorted side between calls (a reference compared with every chunk). */
  readonly prepared?: PreparedSides;
  /** false: no summaries and no chart data (the test, score and verdict only). Default true. */
  readonly charts?: boolean;
}

/** Cleaned, sorted sides of columns, kept for as long as the columns are (see ColumnCompareOptions). */
export type PreparedSides = WeakMap<ColumnInput, PreparedSide>;

export function newPreparedSides(): PreparedSides {
  return new WeakMap();
}

function prepared(column: ColumnInput, cache: PreparedSides | undefined, options: ProfileOptions = {}): PreparedSide {
  if (!cache) return prepareSide(column, options);
  let side = cache.get(column);
  if (!side) cache.set(column, (side = prepareSide(column, options)));
  return side;
}

/**
 * A column's type and why, decided as compareColumn decides it (on the current file, Evidently's
 * rule); for a column in one file only, on that file.
 */
export function columnType(refColumn: ColumnInput | undefined, curColumn: ColumnInput | undefined, cache?: PreparedSides, options: ProfileOptions = {}): InferredType {
  if (!refColumn || !curColumn) {
    const side = prepared((refColumn ?? curColumn)!, cache, options);
    return inferColumnType(side, side);
  }
  return inferColumnType(prepared(refColumn, cache, options), prepared(curColumn, cache, options));
}

/** One column's report (a column in one file only is reported, not tested). */
export function compareColumn(
  name: string,
  refColumn: ColumnInput | undefined,
  curColumn: ColumnInput | undefined,
  settings: DriftSettings,
  options: ColumnCompareOptions = {},
): ColumnReport {
  const charts = options.charts ?? true;
  const profileOptions = { maxDistinct: settings.profileMaxDistinct };
  if (!refColumn || !curColumn) {
    const side = prepared((refColumn ?? curColumn)!, options.prepared, profileOptions);
    const { type } = options.type ?? inferColumnType(side, side);
    const where = refColumn ? 'reference' : 'current';
    return {
      ...untested(name, type, `only in the ${where} file: not tested`),
      presentIn: where,
      reference: refColumn && charts ? summaryOf(side, type) : null,
      current: curColumn && charts ? summaryOf(side, type) : null,
    };
  }
  const ref = prepared(refColumn, options.prepared, profileOptions);
  const cur = prepared(curColumn, options.prepared, profileOptions);
  const { type, why } = options.type ?? inferColumnType(ref, cur);
  const report: ColumnReport = {
    ...untested(name, type, `${why}: not tested`),
    reference: charts ? summaryOf(ref, type) : null,
    current: charts ? summaryOf(cur, type) : null,
  };
  const approximate = approximation(ref, cur);
  if (approximate) report.approximate = approximate;
  flagMissingChange(report, ref, cur);
  if (type !== 'numerical' && type !== 'categorical' && type !== 'text') return report;
  try {
    if (charts) report.distribution = distributionOf(type, ref, cur, binsFor(settings, name));
    return runTest(report, type, why, ref, cur, settings);
  } catch (e) {
    if (e instanceof DriftSettingsError) throw e;
    report.reason = `${why}: not tested: ${e instanceof Error ? e.message : String(e)}`;
    return report;
  }
}

function runTest(
  report: ColumnReport,
  type: TestedType,
  why: string,
  ref: PreparedSide,
  cur: PreparedSide,
  settings: DriftSettings,
): ColumnReport {
  if (type === 'numerical' && ref.storage !== 'numeric') {
    const sample = stringValues(ref).find((v) => !Number.isFinite(Number(v)));
    report.reason = `numerical in the current file, but the reference holds text such as '${sample}': not tested`;
    return report;
  }
  // Numerical columns with at most 5 values (both files together) are compared as categories;
  // past 5 the count changes nothing (select.ts defaultTest), so it stops at 6.
  const distinct = type === 'numerical' ? unionDistinct(ref, cur, FEW_VALUES + 1) : 0;
  const asCategories = type === 'categorical' || (type === 'numerical' && ref.storage === 'numeric' && cur.storage === 'numeric' && distinct <= FEW_VALUES);
  const pair = asCategories ? toCategoricalPair(ref, cur) : undefined;
  const nUnique = pair ? pair.labels.length : distinct;
  const choice = selectTest(report.name, type, nonMissingCount(ref), nUnique, settings, why);
  const test = choice.test;
  const options = { bins: binsFor(settings, report.name) };
  let result: StatTestResult;
  if (type === 'text') {
    result = test.text!(stringValues(ref), stringValues(cur), options);
  } else if (type === 'numerical' && test.numerical && ref.storage === 'numeric' && cur.storage === 'numeric') {
    result = test.numerical(ref.finite, cur.finite, options);
  } else {
    // Evidently calls its categorical z/chisquare directly on numerical columns with few values.
    result = test.categorical!(pair ?? toCategoricalPair(ref, cur), options);
  }
  report.test = test.id;
  report.testName = test.displayName;
  report.scoreKind = test.scoreKind;
  report.score = result.score;
  report.threshold = choice.threshold;
  report.driftWhen = COMPARISON_SIGN[test.driftWhen];
  report.drifted = isDrift(result.score, choice.threshold, test.driftWhen);
  report.reason = choice.reason;
  if (choice.note) report.notes.push(choice.note);
  if (result.note) report.notes.push(result.note);
  if (Number.isNaN(result.score)) report.notes.push('the test is undefined on this data (score NaN): read as no drift');
  return report;
}

/** Numerical columns with at most this many distinct values are compared as categories (Evidently). */
const FEW_VALUES = 5;

/**
 * Distinct finite values of both numeric sides together (merge of two sorted arrays), counted up
 * to `cap`: either side alone may already reach it (a timeline merges the whole reference with
 * every chunk, so the walk must not be the reference's length).
 */
function unionDistinct(ref: PreparedSide, cur: PreparedSide, cap: number): number {
  if (ref.storage !== 'numeric' || cur.storage !== 'numeric') return 0;
  if (ref.distinct >= cap || cur.distinct >= cap) return cap;
  // Both sides have fewer than `cap` distinct values here: their profiles' values are short lists.
  if (ref.runs || cur.runs) return unionCount(ref.profile.values, cur.profile.values);
  const a = ref.finite.sorted;
  const b = cur.finite.sorted;
  let i = 0;
  let j = 0;
  let n = 0;
  // Both sides are sorted: take the smaller head, then skip its run on both sides at once.
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    if (++n >= cap) return cap;
    if (i < a.length && a[i] === v) i = runEnd(a, i);
    if (j < b.length && b[j] === v) j = runEnd(b, j);
  }
  return n;
}

/** Distinct values of two ascending lists of distinct values together. */
function unionCount(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    n++;
    if (i < a.length && a[i] === v) i++;
    if (j < b.length && b[j] === v) j++;
  }
  return n;
}

function distributionOf(type: TestedType, ref: PreparedSide, cur: PreparedSide, bins?: number) {
  if (type === 'text') {
    const lengths = (s: PreparedSide) => Float64Array.from(stringValues(s), (v) => v.length).sort();
    return histogramDistribution(lengths(ref), lengths(cur), true);
  }
  if (type === 'numerical' && ref.storage === 'numeric' && cur.storage === 'numeric') {
    // From the profiles' (value, count) pairs, whatever the side holds: Doane's moments and the bin
    // counts step run by run anyway, and a pass over the distinct values beats one over the rows
    // (the wide case's decimals: about two rows per value).
    const pairs = (side: PreparedNumeric) => side.runs ?? { values: side.profile.values, counts: side.profile.counts };
    return histogramDistributionRuns(pairs(ref), pairs(cur), ref.integer && cur.integer, bins);
  }
  return categoriesDistribution(toCategoricalPair(ref, cur));
}

/**
 * The report's `approximate` words when a side's profile kept truncated values (profile.ts): the
 * score is exact for the truncated data, whose every value is within the stated relative error.
 */
function approximation(ref: PreparedSide, cur: PreparedSide): string | undefined {
  const parts: string[] = [];
  for (const [side, where] of [[ref, 'reference'], [cur, 'current']] as const) {
    const a = side.storage === 'numeric' ? side.approximate : undefined;
    if (!a) continue;
    parts.push(
      `the ${where} had more than ${a.maxDistinct.toLocaleString('en-US')} distinct values, so each value was ` +
        `truncated toward zero to ${a.significantBits} mantissa bits (relative error below 2^-${a.significantBits} = ` +
        `${(2 ** -a.significantBits).toPrecision(2)})`,
    );
  }
  if (!parts.length) return undefined;
  return `approximate: ${parts.join('; ')}; the score and summaries are those of the truncated values`;
}

function summaryOf(side: PreparedSide, type: ColumnType): SideSummary {
  if (side.storage === 'dictionary') return dictionarySummary(side);
  return type === 'categorical' ? numericAsCategories(side) : numericSummary(side);
}

/** The report of a column that was not tested, with the reason (also used per chunk by the timeline). */
export function untested(name: string, type: ColumnType, reason: string): ColumnReport {
  return {
    name,
    type,
    test: null,
    testName: null,
    scoreKind: null,
    score: null,
    threshold: null,
    driftWhen: null,
    drifted: null,
    reason,
    notes: [],
    presentIn: 'both',
    reference: null,
    current: null,
    distribution: null,
  };
}

function flagMissingChange(report: ColumnReport, ref: PreparedSide, cur: PreparedSide): void {
  const share = (s: PreparedSide) => s.missing / (s.missing + nonMissingCount(s) || 1);
  const r = share(ref);
  const c = share(cur);
  if (Math.abs(c - r) >= MISSING_SHARE_CHANGE) {
    report.notes.push(`missing values changed from ${pct(r)} to ${pct(c)} (missing values are not part of the drift test)`);
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function applyCorrection(columns: ColumnReport[], method: 'bonferroni' | 'benjamini-hochberg'): void {
  const tested = columns.filter((c) => c.scoreKind === 'p_value' && c.score !== null && !Number.isNaN(c.score));
  if (tested.length < 2) return;
  const raw = tested.map((c) => c.score!);
  const adjusted = method === 'bonferroni' ? bonferroni(raw) : benjaminiHochberg(raw);
  const label = method === 'bonferroni' ? 'Bonferroni' : 'Benjamini-Hochberg';
  tested.forEach((c, i) => {
    c.score = adjusted[i];
    const sign = c.driftWhen === '<=' ? 'le' : 'lt';
    c.drifted = isDrift(adjusted[i], c.threshold!, sign);
    c.notes.push(`${label} correction over ${tested.length} p-value tests: raw p = ${raw[i]}`);
  });
}
