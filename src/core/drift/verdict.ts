import type { ColumnReport } from '../../shared/report';
import type { DriftComparison } from '../stats/types';

export const COMPARISON_SIGN: Record<DriftComparison, '<=' | '<' | '>=' | '>'> = {
  le: '<=',
  lt: '<',
  ge: '>=',
  gt: '>',
};

/** Drift when `score <op> threshold`. NaN compares false, so it reads "no drift" (as in Evidently). */
export function isDrift(score: number, threshold: number, when: DriftComparison): boolean {
  switch (when) {
    case 'le':
      return score <= threshold;
    case 'lt':
      return score < threshold;
    case 'ge':
      return score >= threshold;
    case 'gt':
      return score > threshold;
  }
}

/**
 * How far a score is past (> 1) or short of (< 1) its threshold, in the test's own direction:
 * threshold/score for p-values, score/threshold for distances.
 */
export function severity(c: ColumnReport): number {
  if (c.score === null || c.threshold === null || Number.isNaN(c.score)) return -Infinity;
  if (c.scoreKind === 'p_value') return c.score === 0 ? Infinity : c.threshold / c.score;
  return c.threshold === 0 ? Infinity : c.score / c.threshold;
}

/** Drifted first, then by severity, then tested before not tested; ties keep file order. */
export function bySeverity(columns: ColumnReport[]): ColumnReport[] {
  const rank = (c: ColumnReport) => (c.drifted === true ? 0 : c.drifted === false ? 1 : 2);
  return columns
    .map((c, i) => ({ c, i, s: severity(c) }))
    .sort((a, b) => rank(a.c) - rank(b.c) || b.s - a.s || a.i - b.i)
    .map((x) => x.c);
}
