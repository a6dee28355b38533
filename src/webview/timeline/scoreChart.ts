// The selected column's score per chunk (a line, its threshold dashed) over the chunk sizes
// (bars, right axis). p-values on a log scale, where drift is far below the threshold.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import type { TimelineReport } from '../../shared/timeline';
import { formatCount, formatScore } from '../format';
import type { ChartTheme } from '../theme';
import { chunkLabel } from './heatmap';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip);

/** p-values below this are drawn at it (a log axis cannot show 0); the tooltip gives the real score. */
const P_FLOOR = 1e-16;

type Mixed = Chart<'bar' | 'line', (number | null)[], string>;

export class ScoreChart {
  private chart: Mixed | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  show(t: TimelineReport, column: string, theme: ChartTheme): void {
    this.chart?.destroy();
    const cells = t.chunks.map((c) => c.columns.find((x) => x.name === column));
    const pValue = cells.some((c) => c?.driftWhen === '<' || c?.driftWhen === '<=');
    const score = cells.map((c) => (c?.score === null || c?.score === undefined || c.drifted === null ? null : pValue ? Math.max(c.score, P_FLOOR) : c.score));
    const threshold = cells.map((c) => c?.threshold ?? null);
    const font = { family: theme.fontFamily, size: Math.max(theme.fontSize - 2, 10) };
    const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
      type: 'bar',
      data: {
        labels: t.chunks.map(chunkLabel),
        datasets: [
          { type: 'line', label: 'Score', data: score, borderColor: theme.current, backgroundColor: theme.current, pointRadius: 2.5, borderWidth: 2, spanGaps: false, yAxisID: 'y', order: 0 },
          { type: 'line', label: 'Threshold', data: threshold, borderColor: theme.foreground, borderDash: [5, 4], pointRadius: 0, borderWidth: 1.5, yAxisID: 'y', order: 1 },
          { type: 'bar', label: 'Rows', data: t.chunks.map((c) => c.rows), backgroundColor: theme.referenceFill, borderColor: theme.reference, borderWidth: 1, yAxisID: 'rows', order: 2 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        color: theme.foreground,
        font,
        scales: {
          x: { grid: { display: false }, ticks: { color: theme.muted, font, autoSkipPadding: 10, maxRotation: 0 } },
          y: {
            type: pValue ? 'logarithmic' : 'linear',
            position: 'left',
            grid: { color: theme.grid },
            ticks: { color: theme.muted, font, maxTicksLimit: 6, callback: (v) => formatScore(Number(v)) },
            title: { display: true, text: pValue ? 'p-value (log)' : 'distance', color: theme.muted, font },
          },
          rows: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            grid: { display: false },
            ticks: { color: theme.muted, font, maxTicksLimit: 4, callback: (v) => formatCount(Number(v)) },
            title: { display: true, text: 'rows', color: theme.muted, font },
          },
        },
        plugins: {
          tooltip: {
            backgroundColor: theme.tooltipBackground,
            titleColor: theme.tooltipForeground,
            bodyColor: theme.tooltipForeground,
            borderColor: theme.tooltipBorder,
            borderWidth: 1,
            callbacks: {
              label: (item: TooltipItem<'bar' | 'line'>) => {
                const cell = cells[item.dataIndex];
                if (item.datasetIndex === 0) return cell?.drifted === null || !cell ? ` ${column}: not tested` : ` ${column}: ${cell.test} ${formatScore(cell.score)}${cell.drifted ? ' (drift)' : ''}`;
                if (item.datasetIndex === 1) return ` threshold ${cell?.threshold ?? '–'}`;
                return ` ${formatCount(t.chunks[item.dataIndex].rows)} rows`;
              },
            },
          },
        },
      },
    };
    this.chart = new Chart(this.canvas, config) as Mixed;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
