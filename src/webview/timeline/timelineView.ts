// The report panel's Timeline view: since when (dataset and columns), the heatmap, the selected
// column's score per chunk, and a cell's distribution against its baseline in the detail pane.
import type { FromWebviewMessage } from '../../shared/protocol';
import { MessageType } from '../../shared/protocol';
import { describeImageTimes } from '../../shared/imageTimes';
import type { ColumnReport, DatasetInfo } from '../../shared/report';
import type { TimelineReport } from '../../shared/timeline';
import { DetailPane } from '../detail';
import { h, replaceChildren } from '../dom';
import { baseName, engineNote } from '../../shared/names';
import { formatCount, formatShare } from '../format';
import type { StateStore } from '../state';
import { readChartTheme, type ChartTheme } from '../theme';
import { createToolbar, type Toolbar } from '../toolbar';
import { verdictBadge } from '../verdict';
import { chunkLabel, chunkRange, Heatmap } from './heatmap';
import { ScoreChart } from './scoreChart';

export class TimelineView {
  private readonly header = h('div', { className: 'header-slot' });
  private readonly status = h('div', { className: 'status', attrs: { role: 'status' } });
  private readonly heatmap: Heatmap;
  private readonly chartTitle = h('h3', { className: 'timeline-chart-title' });
  private readonly canvas = h('canvas', { className: 'score-chart', attrs: { role: 'img' } });
  private readonly chart = new ScoreChart(this.canvas);
  private readonly detailCaption = h('p', { className: 'detail-caption muted' });
  private readonly detail: DetailPane;
  private readonly toolbar: Toolbar | undefined;
  private theme: ChartTheme = readChartTheme();
  private timeline: TimelineReport | undefined;
  private detailReport: ColumnReport | undefined;

  constructor(
    root: HTMLElement,
    private readonly store: StateStore,
    private readonly post: ((m: FromWebviewMessage) => void) | undefined,
    /** The panel's one "Watch current file" switch was flipped here (both views show it). */
    onWatch: (watching: boolean) => void = (watching) => this.store.update({ watching }),
  ) {
    this.heatmap = new Heatmap({
      onOpen: (chunk, column) => this.open(chunk, column),
      onSelectColumn: (column) => this.selectColumn(column),
    });
    this.detail = new DetailPane({
      onPercent: (percent) => {
        this.store.update({ percent });
        this.detail.setPercent(percent);
      },
    });
    this.toolbar = post ? createToolbar(post, onWatch, 'timeline') : undefined;
    this.toolbar?.setWatching(store.state.watching);
    this.status.hidden = true;
    root.replaceChildren(
      h('header', { className: 'report-header' }, [this.header, this.toolbar?.element ?? null].filter((x): x is HTMLElement => x !== null)),
      this.status,
      h('section', { className: 'timeline', attrs: { 'aria-label': 'Drift over time' } }, [
        this.heatmap.element,
        h('div', { className: 'timeline-chart' }, [this.chartTitle, h('div', { className: 'chart-box score-box' }, [this.canvas])]),
        h('div', { className: 'timeline-detail' }, [this.detailCaption, this.detail.element]),
      ]),
    );
  }

  showTimeline(t: TimelineReport, watching?: boolean, watchUnavailable?: string): void {
    this.toolbar?.setWatchUnavailable(watchUnavailable);
    this.timeline = t;
    const selected = t.columns.some((c) => c.name === this.store.state.timelineColumn) ? this.store.state.timelineColumn : t.columns.find((c) => c.testedChunks > 0)?.name;
    this.store.update({ timeline: t, timelineColumn: selected, ...(watching === undefined ? {} : { watching }) });
    if (watching !== undefined) this.toolbar?.setWatching(watching);
    this.toolbar?.setBusy(false);
    this.status.hidden = true;
    document.title = `Drift over time: ${baseName(t.reference.source)} vs ${baseName(t.current.source)}`;
    replaceChildren(this.header, [this.renderHeader(t)]);
    this.heatmap.setTimeline(t, selected);
    this.selectColumn(selected);
    const cell = this.store.state.timelineCell;
    if (cell && cell.chunk < t.chunks.length && t.columns.some((c) => c.name === cell.column)) this.open(cell.chunk, cell.column);
    else this.showDetail(undefined);
  }

  setWatching(watching: boolean): void {
    this.toolbar?.setWatching(watching);
  }

  /** Why watching is not offered for this pair (a table as the current side), or undefined: offered. */
  setWatchUnavailable(reason: string | undefined): void {
    this.toolbar?.setWatchUnavailable(reason);
  }

  setBusy(stage: string): void {
    this.toolbar?.setBusy(true);
    this.status.className = 'status busy';
    replaceChildren(this.status, [h('span', { className: 'progress', attrs: { 'aria-hidden': 'true' } }), h('span', { text: `${stage[0]?.toUpperCase() ?? ''}${stage.slice(1)}…` })]);
    this.status.hidden = false;
  }

  setFailed(message: string): void {
    this.toolbar?.setBusy(false);
    this.status.className = 'status failed';
    replaceChildren(this.status, [h('span', { text: `Update failed: ${message}` })]);
    this.status.hidden = false;
  }

  refreshTheme(): void {
    this.theme = readChartTheme();
    this.detail.setTheme(this.theme);
    if (this.timeline && this.store.state.timelineColumn) this.chart.show(this.timeline, this.store.state.timelineColumn, this.theme);
  }

  /** The host's answer to a cell's detail request. */
  showChunkDetail(chunk: number, column: string, report: ColumnReport | null, message?: string): void {
    const cell = this.store.state.timelineCell;
    if (!cell || cell.chunk !== chunk || cell.column !== column) return; // a later click won
    if (!report) {
      this.detailCaption.textContent = `Chunk ${chunk}, ${column}: ${message ?? 'no detail'}`;
      this.showDetail(undefined);
      return;
    }
    this.showDetail(report);
  }

  private renderHeader(t: TimelineReport): HTMLElement {
    const last = t.chunks[t.chunks.length - 1];
    const drifting = last?.dataset.drifted === true;
    const d = t.dataset;
    const since = d.firstDriftedChunk === null ? '' : ` since chunk ${d.firstDriftedChunk} (${chunkLabel(t.chunks[d.firstDriftedChunk])})`;
    const how =
      t.chunking.by === 'period' ? `by ${t.chunking.period} on ${t.timeColumn}` : t.chunking.by === 'size' ? `${formatCount(t.chunking.size)} rows each, in file order` : `${t.chunking.count} chunks in file order`;
    const against = t.baseline === 'previous' ? 'each against the previous chunk' : 'each against the reference';
    return h('div', { className: 'timeline-header' }, [
      h('h1', { className: 'report-title' }, [verdictBadge(drifting ? 'drift' : 'no-drift', drifting ? `Drifting${since}` : 'No dataset drift in the last chunk')]),
      h('p', { className: 'muted', text: `${t.chunks.length} chunks ${how}, ${against} · dataset drifted in ${d.driftedChunks} of ${d.testedChunks} chunks (${formatShare(d.share)})` }),
      h('p', { className: 'muted small side-info', text: `Reference ${sideText(t.reference)} · current ${sideText(t.current)}` }),
      ...t.warnings.map((w) => h('p', { className: 'warning small', text: w })),
    ]);
  }

  private selectColumn(column: string | undefined): void {
    if (!this.timeline) return;
    if (column !== this.store.state.timelineColumn) this.store.update({ timelineColumn: column });
    this.heatmap.selectColumn(column);
    if (!column) {
      this.chart.destroy();
      this.chartTitle.textContent = 'Select a column';
      return;
    }
    this.chartTitle.textContent = `${column}: score per chunk (line), threshold (dashed) and chunk rows (bars)`;
    this.canvas.setAttribute('aria-label', `Score of ${column} in each of ${this.timeline.chunks.length} chunks, with its threshold and the rows of each chunk`);
    this.chart.show(this.timeline, column, this.theme);
  }

  private open(chunk: number, column: string): void {
    if (!this.timeline) return;
    this.store.update({ timelineCell: { chunk, column } });
    this.heatmap.markOpen(chunk, column);
    const k = this.timeline.chunks[chunk];
    const against = this.timeline.baseline === 'previous' && chunk > 0 ? `chunk ${chunk - 1}` : 'the reference';
    this.detailCaption.textContent = `Chunk ${chunk} (${chunkRange(k)}, ${formatCount(k.rows)} rows) against ${against}`;
    if (!this.post) {
      // A saved file has no host to compute distributions: the cell's own result only.
      this.detail.element.replaceChildren(h('p', { className: 'muted', text: k.columns.find((c) => c.name === column)?.reason ?? '' }));
      return;
    }
    this.detail.element.replaceChildren(h('p', { className: 'muted', text: 'Computing this chunk’s distribution…' }));
    this.post({ type: MessageType.RequestChunkDetail, chunk, column });
  }

  private showDetail(report: ColumnReport | undefined): void {
    this.detailReport = report;
    if (!report) {
      if (!this.store.state.timelineCell) this.detailCaption.textContent = 'Open a cell to see that chunk’s distribution against its baseline.';
      this.detail.element.replaceChildren();
      return;
    }
    this.detail.show(report, this.store.state.percent, this.theme);
  }
}

/** One side in the header: an image set says where its images' times came from (issue 12). */
function sideText(d: DatasetInfo): string {
  return d.imageTimes
    ? `${baseName(d.source)} (${formatCount(d.rows)} images; ${describeImageTimes(d.imageTimes)})`
    : `${baseName(d.source)} (${[`${formatCount(d.rows)} rows`, engineNote(d)].filter(Boolean).join(', ')})`;
}
