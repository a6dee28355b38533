// The columns table: one row per column, sortable by header, filterable by text and verdict.
// Rows are built once per report and then only reordered or hidden, so sorting and filtering a
// 200-column report stays instant.
import type { ColumnVerdict, SortKey } from '../shared/protocol';
import type { ColumnReport, DriftReport } from '../shared/report';
import { h } from './dom';
import { COMPARISON_SYMBOL, formatScore, formatShare } from './format';
import { matchesFilter, missingShare, sortedIndices, type SortState } from './order';
import { sparkline } from './sparkline';
import { columnVerdict, VERDICT_LABEL, verdictBadge } from './verdict';

export interface TableCallbacks {
  onSelect(name: string): void;
  onSort(sort: SortState): void;
  onFilter(text: string, verdict: ColumnVerdict | 'all'): void;
}

interface HeaderSpec {
  key: SortKey | null;
  label: string;
  title: string;
  className: string;
}

const HEADERS: HeaderSpec[] = [
  { key: 'name', label: 'Column', title: 'Column name', className: 'col-name' },
  { key: 'type', label: 'Type', title: 'Inferred column type', className: 'col-type' },
  { key: 'test', label: 'Test', title: 'Statistical test', className: 'col-test' },
  { key: 'score', label: 'Score', title: 'Test score (p-value or distance)', className: 'col-num col-score' },
  { key: 'threshold', label: 'Threshold', title: 'Drift when the score compares so with the threshold', className: 'col-num col-threshold' },
  { key: 'verdict', label: 'Verdict', title: 'Drift verdict', className: 'col-verdict' },
  { key: 'missingReference', label: 'Missing ref.', title: 'Share of missing values in the reference file', className: 'col-num col-missing' },
  { key: 'missingCurrent', label: 'Missing cur.', title: 'Share of missing values in the current file', className: 'col-num col-missing' },
  { key: null, label: 'Distribution', title: 'Reference (first bar) and current (second bar), share per bin', className: 'col-dist' },
];

/** A change in missing share this large is marked (the engine notes it too). */
const MISSING_CHANGE = 0.1;

function missingCell(share: number | null, other: number | null): HTMLTableCellElement {
  if (share === null) return h('td', { className: 'col-num muted', text: '—', title: 'Column absent in this file' });
  const changed = other !== null && Math.abs(share - other) >= MISSING_CHANGE;
  const td = h('td', { className: `col-num${changed ? ' missing-changed' : ''}`, text: formatShare(share) });
  if (changed) td.title = 'Missing share changed by 10 points or more';
  return td;
}

function buildRow(c: ColumnReport): HTMLTableRowElement {
  const verdict = columnVerdict(c);
  const tr = h('tr', { attrs: { tabindex: '-1', 'aria-selected': 'false' } });
  tr.dataset.column = c.name;
  tr.dataset.verdict = verdict;

  const nameCell = h('td', { className: 'col-name', title: c.name }, [h('span', { className: 'name-text', text: c.name })]);
  if (c.presentIn !== 'both') nameCell.append(h('span', { className: 'chip', text: `only in ${c.presentIn}` }));

  const refMissing = missingShare(c.reference);
  const curMissing = missingShare(c.current);
  const when = c.driftWhen ? COMPARISON_SYMBOL[c.driftWhen] : '';
  tr.append(
    nameCell,
    h('td', { className: 'col-type', text: c.type }),
    h('td', { className: 'col-test', text: c.testName ?? '—', title: c.testName ?? c.reason }),
    h('td', {
      // "~" and the tooltip: the score comes from an approximate profile (report.ts `approximate`).
      className: `col-num mono${c.approximate ? ' approximate' : ''}`,
      text: `${c.approximate ? '~' : ''}${formatScore(c.score)}`,
      title: c.score === null ? '' : `${c.scoreKind ?? 'score'} = ${c.score}${c.approximate ? `\n${c.approximate}` : ''}`,
    }),
    h('td', {
      className: 'col-num mono',
      text: c.threshold === null ? '—' : `${when} ${formatScore(c.threshold)}`,
      title: c.threshold === null ? '' : `Drift when ${c.scoreKind ?? 'score'} ${when} ${c.threshold}`,
    }),
    h('td', { className: 'col-verdict' }, [verdictBadge(verdict)]),
    missingCell(refMissing, curMissing),
    missingCell(curMissing, refMissing),
    h('td', { className: 'col-dist' }, [c.distribution ? sparkline(c.distribution) : h('span', { className: 'muted', text: '—' })]),
  );
  return tr;
}

export class ColumnTable {
  readonly element: HTMLElement;
  private readonly tbody = h('tbody');
  private readonly filterInput = h('input', {
    className: 'filter',
    attrs: { type: 'search', placeholder: 'Filter columns', 'aria-label': 'Filter columns by name, type or test', spellcheck: 'false' },
  });
  private readonly verdictSelect = h('select', { className: 'verdict-filter', attrs: { 'aria-label': 'Show verdict' } });
  private readonly count = h('span', { className: 'row-count muted', attrs: { 'aria-live': 'polite' } });
  private readonly empty = h('div', { className: 'table-empty muted', text: 'No column matches the filter.' });
  private readonly headerCells = new Map<SortKey, HTMLTableCellElement>();
  private rows = new Map<string, HTMLTableRowElement>();
  private columns: ColumnReport[] = [];
  private visible: string[] = [];
  private selected: string | undefined;
  private sort: SortState = { key: 'severity', descending: false };

  constructor(private readonly callbacks: TableCallbacks) {
    for (const [value, label] of [['all', 'All verdicts'], ...Object.entries(VERDICT_LABEL)] as const) {
      this.verdictSelect.append(h('option', { text: label, attrs: { value } }));
    }
    this.filterInput.addEventListener('input', () => this.emitFilter());
    this.verdictSelect.addEventListener('change', () => this.emitFilter());

    const headRow = h('tr');
    for (const spec of HEADERS) {
      const th = h('th', { className: spec.className, attrs: { scope: 'col' } });
      if (spec.key) {
        const key = spec.key;
        const button = h('button', { className: 'sort', title: `${spec.title}. Click to sort.`, attrs: { type: 'button' } }, [
          h('span', { text: spec.label }),
          h('span', { className: 'sort-indicator', attrs: { 'aria-hidden': 'true' } }),
        ]);
        button.dataset.sort = key;
        button.addEventListener('click', () => this.callbacks.onSort(this.nextSort(key)));
        th.append(button);
        this.headerCells.set(key, th);
      } else {
        th.append(h('span', { className: 'th-plain', title: spec.title }, [
          spec.label,
          h('span', { className: 'swatch swatch-reference', attrs: { 'aria-hidden': 'true' } }),
          h('span', { className: 'swatch swatch-current', attrs: { 'aria-hidden': 'true' } }),
        ]));
      }
      headRow.append(th);
    }

    this.tbody.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('tr');
      if (row?.dataset.column !== undefined) this.callbacks.onSelect(row.dataset.column);
    });
    this.tbody.addEventListener('keydown', (e) => this.onKey(e));

    this.element = h('section', { className: 'columns-pane', attrs: { 'aria-label': 'Columns' } }, [
      h('div', { className: 'table-tools' }, [this.filterInput, this.verdictSelect, this.count]),
      h('div', { className: 'table-scroll' }, [
        h('table', { className: 'columns-table', attrs: { role: 'grid', 'aria-label': 'Columns by drift severity' } }, [
          h('thead', {}, [headRow]),
          this.tbody,
        ]),
        this.empty,
      ]),
    ]);
  }

  setReport(report: DriftReport): void {
    this.columns = report.columns;
    this.rows = new Map();
    const fragment = document.createDocumentFragment();
    for (const c of report.columns) {
      const row = buildRow(c);
      this.rows.set(c.name, row);
      fragment.append(row);
    }
    this.tbody.replaceChildren(fragment);
    this.selected = undefined;
  }

  /** Applies sort and filter by moving and hiding the existing rows. */
  apply(sort: SortState, filter: string, verdict: ColumnVerdict | 'all'): void {
    this.sort = sort;
    if (this.filterInput.value !== filter) this.filterInput.value = filter;
    this.verdictSelect.value = verdict;
    const order = sortedIndices(this.columns, sort);
    const rows: HTMLTableRowElement[] = [];
    this.visible = [];
    for (const i of order) {
      const c = this.columns[i];
      const row = this.rows.get(c.name);
      if (!row) continue;
      const show = matchesFilter(c, filter, verdict);
      row.hidden = !show;
      if (show) this.visible.push(c.name);
      rows.push(row);
    }
    this.tbody.append(...rows);
    this.count.textContent = `${this.visible.length} of ${this.columns.length} columns`;
    this.empty.hidden = this.visible.length > 0 || this.columns.length === 0;
    for (const [key, th] of this.headerCells) {
      const active = sort.key === key;
      th.setAttribute('aria-sort', active ? (sort.descending ? 'descending' : 'ascending') : 'none');
      th.classList.toggle('sorted', active);
      const indicator = th.querySelector('.sort-indicator');
      if (indicator) indicator.textContent = active ? (sort.descending ? '▼' : '▲') : '';
    }
  }

  select(name: string | undefined, focus = false): void {
    if (this.selected !== undefined) {
      const old = this.rows.get(this.selected);
      old?.setAttribute('aria-selected', 'false');
      old?.setAttribute('tabindex', '-1');
      old?.classList.remove('selected');
    }
    this.selected = name;
    const row = name === undefined ? undefined : this.rows.get(name);
    if (!row) return;
    row.setAttribute('aria-selected', 'true');
    row.setAttribute('tabindex', '0');
    row.classList.add('selected');
    if (focus) row.focus();
    // After the next layout, not forcing one now (laying out a 200-row table is slow; bench/results.md).
    requestAnimationFrame(() => row.scrollIntoView({ block: 'nearest' }));
  }

  /** Clicking the sorted header flips the direction; a third click returns to severity order. */
  private nextSort(key: SortKey): SortState {
    if (this.sort.key !== key) return { key, descending: false };
    return this.sort.descending ? { key: 'severity', descending: false } : { key, descending: true };
  }

  private emitFilter(): void {
    const v = this.verdictSelect.value;
    const verdict: ColumnVerdict | 'all' = v === 'drift' || v === 'no-drift' || v === 'not-tested' ? v : 'all';
    this.callbacks.onFilter(this.filterInput.value, verdict);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.visible.length) return;
    const at = this.selected === undefined ? -1 : this.visible.indexOf(this.selected);
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(at + 1, this.visible.length - 1);
        break;
      case 'ArrowUp':
        next = Math.max(at - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.visible.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.callbacks.onSelect(this.visible[next]);
    this.rows.get(this.visible[next])?.focus();
  }
}
