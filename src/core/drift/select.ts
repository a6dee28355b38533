import { getStatTest, STAT_TESTS } from '../stats/registry';
import type { StatTest, TestedType } from '../stats/types';
import { DriftSettingsError, methodForType, perColumn, thresholdForType, type DriftSettings } from './settings';

/** Evidently switches from p-value tests to distances above this many non-missing reference values. */
export const SMALL_REFERENCE_LIMIT = 1000;

export interface TestChoice {
  readonly test: StatTest;
  readonly threshold: number;
  /** Why this test and this threshold, in words. */
  readonly reason: string;
  /** A setting that was passed over for this column (e.g. a global method that does not fit its type). */
  readonly note?: string;
}

const PLAIN_NAMES: Record<string, string> = {
  ks: 'Kolmogorov-Smirnov',
  chisquare: 'chi-square',
  z: 'two-proportion Z-test',
  wasserstein: 'Wasserstein distance (normed)',
  jensenshannon: 'Jensen-Shannon distance',
};

export function plainName(test: StatTest): string {
  return PLAIN_NAMES[test.id] ?? test.displayName;
}

export function requireTest(id: string, what: string): StatTest {
  const test = getStatTest(id);
  if (!test) {
    throw new DriftSettingsError(
      `${what}: unknown test '${id}'. Known tests: ${[...STAT_TESTS.keys()].join(', ')}`,
    );
  }
  return test;
}

/**
 * Evidently's default rule (stattests/registry.py::_get_default_stattest): by type, non-missing
 * reference count (<= 1000) and distinct values of reference and current together.
 */
export function defaultTest(type: TestedType, nRef: number, nUnique: number): { id: string; why: string } {
  const small = nRef <= SMALL_REFERENCE_LIMIT;
  const size = `${nRef} reference values ${small ? '<=' : '>'} ${SMALL_REFERENCE_LIMIT}`;
  if (type === 'text') return { id: 'text_token_jsd', why: `text, ${size}` };
  if (type === 'numerical') {
    if (nUnique > 5) return { id: small ? 'ks' : 'wasserstein', why: `numerical, ${size}` };
    const band = nUnique <= 2 ? '<= 2' : '3-5';
    return {
      id: small ? (nUnique <= 2 ? 'z' : 'chisquare') : 'jensenshannon',
      why: `numerical with ${nUnique} distinct values (${band}), ${size}`,
    };
  }
  const band = nUnique <= 2 ? '<= 2' : '> 2';
  return {
    id: small ? (nUnique <= 2 ? 'z' : 'chisquare') : 'jensenshannon',
    why: `categorical with ${nUnique} distinct values (${band}), ${size}`,
  };
}

/**
 * Picks the test and threshold for one column. Test: per-column > per-type > global > default.
 * Threshold: per-column > per-type > global > the test's default. A per-column or per-type test
 * that does not fit the column's type is an error, as in Evidently; a global one falls back to
 * the default rule for that column, with a note (Evidently raises).
 */
export function selectTest(
  column: string,
  type: TestedType,
  nRef: number,
  nUnique: number,
  settings: DriftSettings,
  /** Why the column has its type ("decimal numbers"), shown after the type in the reason. */
  typeNote?: string,
): TestChoice {
  let test: StatTest | undefined;
  let why: string;
  let note: string | undefined;
  const columnTest = perColumn(settings.perColumnMethod, column);
  const perType = methodForType(settings, type);
  if (columnTest !== undefined) {
    test = requireFitting(columnTest, type, `test for column '${column}'`);
    why = `${type}; test set for this column`;
  } else if (perType !== undefined) {
    test = requireFitting(perType, type, `test for ${type} columns`);
    why = `${type}; test set for ${type} columns`;
  } else if (settings.method !== undefined) {
    const global = requireTest(settings.method, 'test for all columns');
    if (global.types.includes(type)) {
      test = global;
      why = `${type}; test set for all columns`;
    } else {
      note = `the test set for all columns (${global.id}) does not test ${type} columns; the default rule applies`;
    }
  }
  if (test === undefined) {
    const d = defaultTest(type, nRef, nUnique);
    test = requireTest(d.id, 'default rule');
    why = d.why;
  }
  const threshold =
    perColumn(settings.perColumnThreshold, column) ??
    thresholdForType(settings, type) ??
    settings.threshold ??
    test.defaultThreshold;
  const explained = typeNote ? why!.replace(type, `${type} (${typeNote})`) : why!;
  return { test, threshold, reason: `${explained}: ${plainName(test)}`, note };
}

function requireFitting(id: string, type: TestedType, what: string): StatTest {
  const test = requireTest(id, what);
  if (!test.types.includes(type)) {
    throw new DriftSettingsError(
      `${what}: '${id}' tests ${test.types.join(' and ')} columns, not ${type} ones`,
    );
  }
  return test;
}
