// Which rows the table shows, in which order: pure functions over the report's columns.
import type { ColumnVerdict, SortKey, SortState } from '../shared/protocol';
import type { ColumnReport, SideSummary } from '../shared/report';
import { columnVerdict } from './verdict';

export type { SortState };

export const DEFAULT_SORT: SortState = { key: 'severity', descending: false };

export const SORT_KEYS: readonly SortKey[] = [
  'severity',
  'name',
  'type',
  'test',
  'score',
  'threshold',
  'verdict',
  'missingReference',
  'missingCurrent',
];

/** Missing values as a share of the side's rows, or null when the column is absent there. */
export function missingShare(s: SideSummary | null): number | null {
  if (!s) return null;
  const rows = s.count + s.missing;
  return rows === 0 ? 0 : s.missing / rows;
}

const VERDICT_RANK: Record<ColumnVerdict, number> = { drift: 0, 'no-drift': 1, 'not-tested': 2 };

type SortValue = string | number | null;

function sortValue(c: ColumnReport, key: SortKey, index: number): SortValue {
  switch (key) {
    case 'severity':
      return index;
    case 'name':
      return c.name;
    case 'type':
      return c.type;
    case 'test':
      return c.testName;
    case 'score':
      return c.score === null || Number.isNaN(c.score) ? null : c.score;
    case 'threshold':
      return c.threshold;
    case 'verdict':
      return VERDICT_RANK[columnVerdict(c)];
    case 'missingReference':
      return missingShare(c.reference);
    case 'missingCurrent':
      return missingShare(c.current);
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Indices of `columns` in display order. Missing values sort last in both directions; ties keep
 * the report's severity order.
 */
export function sortedIndices(columns: readonly ColumnReport[], sort: SortState): number[] {
  const keyed = columns.map((c, i) => ({ i, v: sortValue(c, sort.key, i) }));
  const sign = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    const d = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
    return d !== 0 ? sign * d : a.i - b.i;
  });
  return keyed.map((k) => k.i);
}

/** Whether a column passes the text filter (name, type or test) and the verdict filter. */
export function matchesFilter(c: ColumnReport, text: string, verdict: ColumnVerdict | 'all'): boolean {
  if (verdict !== 'all' && columnVerdict(c) !== verdict) return false;
  const q = text.trim().toLowerCase();
  if (!q) return true;
  return [c.name, c.type, c.testName ?? '', c.test ?? ''].some((s) => s.toLowerCase().includes(q));
}
