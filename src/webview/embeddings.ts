// Embeddings: one row each (method, score, threshold, verdict) and, for the selected one, both
// sets on the reference's first two principal components (colour and shape tell the sides).
import { Chart, LinearScale, PointElement, ScatterController, Tooltip, type ChartOptions } from 'chart.js';
import type { ColumnVerdict } from '../shared/protocol';
import type { EmbeddingReport } from '../shared/report';
import { h, replaceChildren } from './dom';
import { formatCount, formatScore } from './format';
import type { ChartTheme } from './theme';
import { verdictBadge } from './verdict';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

function verdictOf(e: EmbeddingReport): ColumnVerdict {
  return e.drifted === true ? 'drift' : e.drifted === false ? 'no-drift' : 'not-tested';
}

export class EmbeddingsSection {
  readonly element = h('section', { className: 'embeddings', attrs: { 'aria-label': 'Embeddings' } });
  private chart: Chart<'scatter'> | undefined;
  private selected: string | undefined;
  private embeddings: EmbeddingReport[] = [];
  private readonly chartSlot = h('div', { className: 'embedding-detail' });

  constructor(private theme: ChartTheme) {}

  show(embeddings: EmbeddingReport[] | undefined): void {
    this.embeddings = embeddings ?? [];
    this.element.hidden = this.embeddings.length === 0;
    if (this.element.hidden) {
      this.destroyChart();
      this.element.replaceChildren();
      return;
    }
    if (!this.embeddings.some((e) => e.name === this.selected)) this.selected = this.embeddings[0].name;
    const rows = this.embeddings.map((e) => {
      const tr = h('tr', { className: 'embedding-row', attrs: { 'data-embedding': e.name, 'data-verdict': verdictOf(e), tabindex: '0' } }, [
        h('td', { className: 'col-name', text: e.name, title: e.columns.join(', ') }),
        h('td', { text: `${e.method} · ${e.methodName}` }),
        h('td', { className: 'mono', text: String(e.dimension) }),
        h('td', { className: 'mono', text: formatScore(e.score) }),
        h('td', { className: 'mono', text: e.threshold === null ? '—' : `> ${formatScore(e.threshold)}` }),
        h('td', {}, [verdictBadge(verdictOf(e))]),
      ]);
      const pick = () => this.select(e.name);
      tr.addEventListener('click', pick);
      tr.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') pick();
      });
      return tr;
    });
    replaceChildren(this.element, [
      h('h2', { className: 'section-title', text: 'Embeddings' }),
      h('table', { className: 'embedding-table' }, [
        h('thead', {}, [h('tr', {}, ['Embedding', 'Method', 'Dims', 'Score', 'Drift when', 'Verdict'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
        h('tbody', {}, rows),
      ]),
      this.chartSlot,
    ]);
    this.select(this.selected!);
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    if (this.selected) this.select(this.selected);
  }

  private select(name: string): void {
    this.selected = name;
    for (const tr of this.element.querySelectorAll<HTMLTableRowElement>('tr.embedding-row')) tr.classList.toggle('selected', tr.dataset.embedding === name);
    const e = this.embeddings.find((x) => x.name === name);
    this.destroyChart();
    if (!e) return;
    const notes = [e.reason, ...e.notes, `rows: ${formatCount(e.rows.reference)} reference, ${formatCount(e.rows.current)} current`];
    const canvas = e.projection ? h('canvas', { className: 'embedding-chart', attrs: { role: 'img', 'aria-label': `${e.name}: reference and current on the reference's first two principal components` } }) : null;
    replaceChildren(this.chartSlot, [
      h('h3', { text: `${e.name}: on the reference's first two principal components` }),
      canvas ? h('div', { className: 'chart-box' }, [canvas]) : h('p', { className: 'muted', text: 'No projection.' }),
      h('ul', { className: 'notes' }, notes.map((n) => h('li', { text: n }))),
    ]);
    if (canvas && e.projection) this.chart = this.scatter(canvas, e.projection);
  }

  private scatter(canvas: HTMLCanvasElement, p: NonNullable<EmbeddingReport['projection']>): Chart<'scatter'> {
    const t = this.theme;
    const font = { family: t.fontFamily, size: Math.max(t.fontSize - 2, 10) };
    const axis = (title: string) => ({ grid: { color: t.grid }, ticks: { color: t.muted, font }, title: { display: true, text: title, color: t.muted, font } });
    const options: ChartOptions<'scatter'> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: axis('PC 1'), y: axis('PC 2') },
      plugins: { tooltip: { backgroundColor: t.tooltipBackground, titleColor: t.tooltipForeground, bodyColor: t.tooltipForeground } },
    };
    return new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'Reference', data: p.reference.map(([x, y]) => ({ x, y })), pointStyle: 'circle', backgroundColor: t.referenceFill, borderColor: t.reference, pointRadius: 3 },
          { label: 'Current', data: p.current.map(([x, y]) => ({ x, y })), pointStyle: 'triangle', backgroundColor: t.currentFill, borderColor: t.current, pointRadius: 4 },
        ],
      },
      options,
    });
  }

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
