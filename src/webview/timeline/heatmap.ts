// The timeline heatmap: columns (severity order) x chunks, the dataset row on top. Each cell is
// its verdict as an icon (shape) plus a colour, never colour alone; the score is in its tooltip.
// A grid with one tab stop: arrow keys, Home/End move; Enter or Space opens the cell's detail.
import type { ColumnVerdict } from '../../shared/protocol';
import type { TimelineCell, TimelineChunk, TimelineReport } from '../../shared/timeline';
import { h } from '../dom';
import { COMPARISON_SYMBOL, formatCount, formatScore, formatShare } from '../format';
import { VERDICT_LABEL, verdictIcon } from '../verdict';

export interface HeatmapCallbacks {
  /** A column's cell was opened (click, Enter, Space). */
  onOpen(chunk: number, column: string): void;
  /** A column was chosen (its row header, or moving onto one of its cells). */
  onSelectColumn(column: string): void;
}

export function cellVerdict(c: TimelineCell | undefined): ColumnVerdict {
  return c?.drifted === true ? 'drift' : c?.drifted === false ? 'no-drift' : 'not-tested';
}

function datasetVerdict(chunk: TimelineChunk): ColumnVerdict {
  return chunk.dataset.testedColumns === 0 ? 'not-tested' : chunk.dataset.drifted ? 'drift' : 'no-drift';
}

/** A chunk's short label: the period start without a midnight time, or its first row. */
export function chunkLabel(chunk: TimelineChunk): string {
  if (typeof chunk.start === 'string') return chunk.start.replace(/T00:00:00$/, '').replace(/:00$/, '');
  return `#${chunk.start}`;
}

export function chunkRange(chunk: TimelineChunk): string {
  if (typeof chunk.start === 'string') return `${chunk.start} to ${chunk.end}`;
  return `rows ${chunk.start} to ${Number(chunk.end) - 1}`;
}

function cellTitle(chunk: TimelineChunk, cell: TimelineCell | undefined, column: string): string {
  const head = `${column} · chunk ${chunk.index} (${chunkRange(chunk)}, ${formatCount(chunk.rows)} rows)`;
  if (!cell) return `${head}\nNot in this chunk`;
  if (cell.drifted === null) return `${head}\nNot tested: ${cell.reason}`;
  return `${head}\n${VERDICT_LABEL[cellVerdict(cell)]}: ${cell.test} ${formatScore(cell.score)} (drift when ${COMPARISON_SYMBOL[cell.driftWhen!]} ${cell.threshold})`;
}

export class Heatmap {
  readonly element = h('div', { className: 'heatmap-scroll' });
  private readonly grid = h('table', { className: 'heatmap', attrs: { role: 'grid', 'aria-label': 'Verdict per column and chunk' } });
  private cells: HTMLTableCellElement[][] = [];
  private columns: string[] = [];
  private focus = { row: 0, col: 0 };

  constructor(private readonly callbacks: HeatmapCallbacks) {
    this.element.append(this.grid);
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
  }

  setTimeline(t: TimelineReport, selectedColumn: string | undefined): void {
    this.columns = t.columns.filter((c) => c.testedChunks > 0 || t.chunks.some((k) => k.columns.some((x) => x.name === c.name && x.test !== null))).map((c) => c.name);
    const head = h('tr', {}, [
      h('th', { className: 'heatmap-corner', text: 'Column', attrs: { scope: 'col' } }),
      ...t.chunks.map((chunk) =>
        h('th', { className: 'heatmap-chunk', text: chunkLabel(chunk), title: `Chunk ${chunk.index}: ${chunkRange(chunk)} · ${formatCount(chunk.rows)} rows`, attrs: { scope: 'col', 'data-chunk': String(chunk.index) } }),
      ),
    ]);
    const datasetCells = t.chunks.map((chunk) => {
      const v = datasetVerdict(chunk);
      const d = chunk.dataset;
      const title = `Dataset · chunk ${chunk.index} (${chunkRange(chunk)}, ${formatCount(chunk.rows)} rows)\n${VERDICT_LABEL[v]}: ${d.driftedColumns} of ${d.testedColumns} columns drifted (${formatShare(d.share)}; drift when >= ${formatShare(t.driftShare)})`;
      return this.cell(v, title, { 'data-chunk': String(chunk.index), 'data-row': 'dataset' });
    });
    const rows: HTMLTableRowElement[] = [h('tr', { className: 'heatmap-dataset' }, [h('th', { text: 'Dataset', attrs: { scope: 'row' } }), ...datasetCells])];
    this.cells = [datasetCells];
    for (const name of this.columns) {
      const info = t.columns.find((c) => c.name === name)!;
      const cells = t.chunks.map((chunk) => {
        const cell = chunk.columns.find((x) => x.name === name);
        return this.cell(cellVerdict(cell), cellTitle(chunk, cell, name), { 'data-chunk': String(chunk.index), 'data-column': name });
      });
      const since = info.firstDriftedChunk === null ? '' : ` · drifting since chunk ${info.firstDriftedChunk}`;
      const header = h('th', { className: 'heatmap-column', attrs: { scope: 'row' } }, [
        h('button', { className: 'link', text: name, title: `${name} (${info.type}): drifted in ${info.driftedChunks} of ${info.testedChunks} chunks${since}`, attrs: { type: 'button', 'data-column': name } }),
      ]);
      header.firstElementChild!.addEventListener('click', () => this.callbacks.onSelectColumn(name));
      const row = h('tr', { attrs: { 'data-column': name } }, [header, ...cells]);
      if (name === selectedColumn) row.classList.add('selected');
      rows.push(row);
      this.cells.push(cells);
    }
    this.grid.replaceChildren(h('thead', {}, [head]), h('tbody', {}, rows));
    this.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        cell.addEventListener('click', () => this.activate(r, c, true));
        cell.addEventListener('focus', () => (this.focus = { row: r, col: c }));
      }),
    );
    this.focus = { row: Math.min(this.focus.row, this.cells.length - 1), col: Math.min(this.focus.col, Math.max(0, t.chunks.length - 1)) };
    this.cells[this.focus.row]?.[this.focus.col]?.setAttribute('tabindex', '0');
  }

  selectColumn(name: string | undefined): void {
    for (const row of this.grid.querySelectorAll('tbody tr[data-column]')) row.classList.toggle('selected', row.getAttribute('data-column') === name);
  }

  /** Marks the opened cell. */
  markOpen(chunk: number, column: string | undefined): void {
    for (const el of this.grid.querySelectorAll('td.open')) el.classList.remove('open');
    const r = column === undefined ? -1 : this.columns.indexOf(column);
    if (r >= 0) this.cells[r + 1]?.[chunk]?.classList.add('open');
  }

  private cell(v: ColumnVerdict, title: string, attrs: Record<string, string>): HTMLTableCellElement {
    return h('td', { className: `heat heat-${v}`, title, attrs: { role: 'gridcell', tabindex: '-1', 'data-verdict': v, 'aria-label': title.replace(/\n/g, ': '), ...attrs } }, [verdictIcon(v, 12)]);
  }

  private activate(r: number, c: number, open: boolean): void {
    this.move(r, c);
    if (r === 0) return; // the dataset row has no single distribution
    const column = this.columns[r - 1];
    this.callbacks.onSelectColumn(column);
    if (open) this.callbacks.onOpen(c, column);
  }

  private move(r: number, c: number): void {
    const rows = this.cells.length;
    const cols = this.cells[0]?.length ?? 0;
    if (!rows || !cols) return;
    r = Math.max(0, Math.min(rows - 1, r));
    c = Math.max(0, Math.min(cols - 1, c));
    this.cells[this.focus.row]?.[this.focus.col]?.setAttribute('tabindex', '-1');
    this.focus = { row: r, col: c };
    const el = this.cells[r][c];
    el.setAttribute('tabindex', '0');
    el.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const { row, col } = this.focus;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [row - 1, col],
      ArrowDown: [row + 1, col],
      ArrowLeft: [row, col - 1],
      ArrowRight: [row, col + 1],
      Home: [row, 0],
      End: [row, Number.MAX_SAFE_INTEGER],
    };
    if (!(e.target instanceof HTMLTableCellElement)) return;
    if (e.key in moves) {
      e.preventDefault();
      const [r, c] = moves[e.key];
      this.move(r, c);
      if (this.focus.row > 0) this.callbacks.onSelectColumn(this.columns[this.focus.row - 1]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.activate(row, col, true);
    }
  }
}
