// The selected column's detail: distribution chart, why this test, notes, both sides' summaries.
import type { CategoricalSummary, ColumnReport, ImageGalleryPair, NumericSummary, SideSummary } from '../shared/report';
import { imageStrip } from './images';
import { toBins } from './bins';
import { DistributionChart } from './charts';
import { h, replaceChildren } from './dom';
import { COMPARISON_SYMBOL, formatCount, formatScore, formatShare, formatValue } from './format';
import { missingShare } from './order';
import type { ChartTheme } from './theme';
import { columnVerdict, verdictBadge } from './verdict';

function isNumeric(s: SideSummary): s is NumericSummary {
  return 'mean' in s;
}

type Row = [label: string, reference: Node | string, current: Node | string];

function numericRows(ref: NumericSummary | null, cur: NumericSummary | null): Row[] {
  const q = (s: NumericSummary | null, k: keyof NonNullable<NumericSummary['quantiles']>) =>
    s ? (s.quantiles ? formatValue(s.quantiles[k]) : '—') : '—';
  const v = (s: NumericSummary | null, k: 'min' | 'max' | 'mean' | 'std') => (s ? formatValue(s[k]) : '—');
  return [
    ['Min', v(ref, 'min'), v(cur, 'min')],
    ['5%', q(ref, 'p05'), q(cur, 'p05')],
    ['25%', q(ref, 'p25'), q(cur, 'p25')],
    ['Median', q(ref, 'p50'), q(cur, 'p50')],
    ['75%', q(ref, 'p75'), q(cur, 'p75')],
    ['95%', q(ref, 'p95'), q(cur, 'p95')],
    ['Max', v(ref, 'max'), v(cur, 'max')],
    ['Mean', v(ref, 'mean'), v(cur, 'mean')],
    ['Std. dev.', v(ref, 'std'), v(cur, 'std')],
  ];
}

function topList(s: CategoricalSummary | null): Node | string {
  if (!s || !s.top.length) return '—';
  const total = s.count;
  return h(
    'ol',
    { className: 'top-values' },
    s.top.map((t) =>
      // The share compares across sides of different sizes; the count is in the tooltip.
      h('li', { title: `${t.value}: ${formatCount(t.count)} of ${formatCount(total)}` }, [
        h('span', { className: 'top-value', text: t.value === '' ? '(empty)' : t.value }),
        h('span', { className: 'top-count mono', text: formatShare(total ? t.count / total : 0) }),
      ]),
    ),
  );
}

function summaryTable(c: ColumnReport): HTMLTableElement {
  const ref = c.reference;
  const cur = c.current;
  const missing = (s: SideSummary | null) => {
    const share = missingShare(s);
    return s && share !== null ? `${formatCount(s.missing)} (${formatShare(share)})` : '—';
  };
  const rows: Row[] = [
    ['Values', ref ? formatCount(ref.count) : '—', cur ? formatCount(cur.count) : '—'],
    ['Missing', missing(ref), missing(cur)],
  ];
  const numeric = (ref && isNumeric(ref)) || (cur && isNumeric(cur));
  if (numeric) {
    rows.push(...numericRows(ref && isNumeric(ref) ? ref : null, cur && isNumeric(cur) ? cur : null));
  } else {
    const r = ref && !isNumeric(ref) ? ref : null;
    const k = cur && !isNumeric(cur) ? cur : null;
    rows.push(['Distinct', r ? formatCount(r.distinct) : '—', k ? formatCount(k.distinct) : '—']);
    rows.push(['Top values', topList(r), topList(k)]);
  }
  return h('table', { className: 'summary' }, [
    h('thead', {}, [
      h('tr', {}, [
        h('th', { attrs: { scope: 'col' } }),
        h('th', { attrs: { scope: 'col' } }, [h('span', { className: 'swatch swatch-reference' }), 'Reference']),
        h('th', { attrs: { scope: 'col' } }, [h('span', { className: 'swatch swatch-current' }), 'Current']),
      ]),
    ]),
    h(
      'tbody',
      {},
      rows.map(([label, a, b]) =>
        h('tr', {}, [h('th', { text: label, attrs: { scope: 'row' } }), h('td', { className: 'mono' }, [a]), h('td', { className: 'mono' }, [b])]),
      ),
    ),
  ]);
}

function testLine(c: ColumnReport): HTMLElement {
  if (c.testName === null || c.score === null || c.threshold === null || c.driftWhen === null) {
    return h('p', { className: 'test-line muted', text: 'Not drift-tested.' });
  }
  return h('p', { className: 'test-line' }, [
    h('span', { className: 'test-name', text: c.testName }),
    h('span', { className: 'muted', text: ' score ' }),
    h('strong', { className: 'mono', text: formatScore(c.score) }),
    h('span', { className: 'muted', text: ` · drift when ${COMPARISON_SYMBOL[c.driftWhen]} ${formatScore(c.threshold)}` }),
  ]);
}

function section(title: string, children: (Node | null)[]): HTMLElement {
  return h('section', { className: 'detail-section' }, [h('h3', { text: title }), ...children]);
}

export interface DetailCallbacks {
  onPercent(percent: boolean): void;
  /** Opens an image of an image set (absent in standalone HTML). */
  onOpenImage?: (file: string) => void;
}

export class DetailPane {
  readonly element = h('section', { className: 'detail-pane', attrs: { 'aria-label': 'Column detail', 'aria-live': 'polite' } });
  private chart: DistributionChart | undefined;
  private toggle: { counts: HTMLButtonElement; percent: HTMLButtonElement } | undefined;

  constructor(private readonly callbacks: DetailCallbacks) {}

  show(c: ColumnReport | undefined, percent: boolean, theme: ChartTheme, gallery?: ImageGalleryPair): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.toggle = undefined;
    if (!c) {
      this.element.replaceChildren(h('p', { className: 'detail-empty muted', text: 'Select a column to see its distributions.' }));
      return;
    }
    this.element.dataset.column = c.name;
    const verdict = columnVerdict(c);
    const head = h('header', { className: 'detail-head' }, [
      h('h2', { className: 'detail-title', text: c.name, title: c.name }),
      h('span', { className: 'chip', text: c.type }),
      verdictBadge(verdict),
    ]);

    let chartSection: HTMLElement;
    let canvas: HTMLCanvasElement | undefined;
    if (c.distribution) {
      const bins = toBins(c.distribution);
      canvas = h('canvas', { className: 'distribution-chart', attrs: { role: 'img' } });
      canvas.setAttribute(
        'aria-label',
        `${c.distribution.kind === 'histogram' ? 'Histogram' : 'Category counts'} of reference (${bins.referenceTotal} values) and current (${bins.currentTotal} values)`,
      );
      const counts = this.toggleButton('Counts', !percent, false);
      const pct = this.toggleButton('Percent', percent, true);
      this.toggle = { counts, percent: pct };
      chartSection = section(c.distribution.kind === 'histogram' ? 'Distribution (shared bins)' : 'Top categories', [
        h('div', { className: 'chart-head' }, [
          h('div', { className: 'legend' }, [
            h('span', { className: 'legend-item' }, [h('span', { className: 'swatch swatch-reference' }), `Reference · ${formatCount(bins.referenceTotal)}`]),
            h('span', { className: 'legend-item' }, [h('span', { className: 'swatch swatch-current' }), `Current · ${formatCount(bins.currentTotal)}`]),
          ]),
          h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Chart values' } }, [counts, pct]),
        ]),
        h('div', { className: 'chart-box' }, [canvas]),
      ]);
    } else {
      chartSection = section('Distribution', [h('p', { className: 'muted', text: 'No distribution for this column.' })]);
    }

    replaceChildren(this.element, [
      head,
      testLine(c),
      chartSection,
      imageStrip(gallery, c.name, this.callbacks.onOpenImage),
      section('Why this test', [h('p', { className: 'reason', text: c.reason })]),
      c.notes.length || c.approximate
        ? section('Notes', [h('ul', { className: 'notes' }, [...(c.approximate ? [c.approximate] : []), ...c.notes].map((n) => h('li', { text: n })))])
        : null,
      section('Summary', [summaryTable(c)]),
    ]);
    // Chart.js measures its container, so the canvas must be in the document first.
    if (canvas && c.distribution) this.chart = new DistributionChart(canvas, c.distribution, percent, theme);
  }

  setPercent(percent: boolean): void {
    this.chart?.setPercent(percent);
    if (this.toggle) {
      this.toggle.counts.setAttribute('aria-pressed', String(!percent));
      this.toggle.percent.setAttribute('aria-pressed', String(percent));
    }
  }

  setTheme(theme: ChartTheme): void {
    this.chart?.setTheme(theme);
  }

  private toggleButton(label: string, pressed: boolean, percent: boolean): HTMLButtonElement {
    const b = h('button', { text: label, attrs: { type: 'button', 'aria-pressed': String(pressed) } });
    b.dataset.percent = String(percent);
    b.addEventListener('click', () => this.callbacks.onPercent(percent));
    return b;
  }
}
