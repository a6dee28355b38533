// The detail chart: reference vs current on shared bins. Chart.js is tree-shaken: only the bar
// controller, its element, two scales and the tooltip are registered.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import type { Distribution } from '../shared/report';
import { shares, toBins, type Bins } from './bins';
import { formatCount, formatShare, formatValue, truncate } from './format';
import type { ChartTheme } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

type BarChart = Chart<'bar', number[], string>;

export class DistributionChart {
  private readonly chart: BarChart;
  private readonly bins: Bins;

  constructor(
    canvas: HTMLCanvasElement,
    distribution: Distribution,
    private percent: boolean,
    private theme: ChartTheme,
  ) {
    this.bins = toBins(distribution);
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: { labels: this.bins.labels, datasets: this.datasets() },
      options: this.options(),
    };
    this.chart = new Chart(canvas, config);
  }

  setPercent(percent: boolean): void {
    this.percent = percent;
    this.refresh();
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.refresh();
  }

  destroy(): void {
    this.chart.destroy();
  }

  private refresh(): void {
    this.chart.data.datasets = this.datasets();
    this.chart.options = this.options();
    this.chart.update('none');
  }

  private values(side: 'reference' | 'current'): number[] {
    const counts = this.bins[side];
    if (!this.percent) return counts;
    const total = side === 'reference' ? this.bins.referenceTotal : this.bins.currentTotal;
    return shares(counts, total).map((s) => s * 100);
  }

  private datasets(): BarChart['data']['datasets'] {
    const t = this.theme;
    // Histograms overlay both sides on the same bins (grouped: false, translucent fills);
    // categories stand side by side.
    const overlay = this.bins.kind === 'histogram';
    const common = {
      grouped: !overlay,
      borderWidth: t.kind === 'high-contrast' ? 2 : 1.5,
      barPercentage: overlay ? 1 : 0.9,
      categoryPercentage: overlay ? 1 : 0.8,
    };
    return [
      {
        ...common,
        label: 'Reference',
        data: this.values('reference'),
        backgroundColor: t.referenceFill,
        borderColor: t.reference,
        hoverBackgroundColor: t.reference,
      },
      {
        ...common,
        label: 'Current',
        data: this.values('current'),
        backgroundColor: t.currentFill,
        borderColor: t.current,
        hoverBackgroundColor: t.current,
      },
    ];
  }

  private options(): ChartOptions<'bar'> {
    const t = this.theme;
    const font = { family: t.fontFamily, size: Math.max(t.fontSize - 2, 10) };
    const bins = this.bins;
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      color: t.foreground,
      font,
      scales: {
        x: {
          grid: { display: false },
          border: { color: t.grid },
          ticks: {
            color: t.muted,
            font,
            maxRotation: bins.kind === 'categories' ? 40 : 0,
            autoSkipPadding: 8,
            callback: (_v, i) => truncate(bins.labels[i] ?? '', 18),
          },
        },
        y: {
          beginAtZero: true,
          grid: { color: t.grid },
          border: { display: false },
          ticks: {
            color: t.muted,
            font,
            maxTicksLimit: 6,
            callback: (v) => (this.percent ? `${formatValue(Number(v))}%` : formatValue(Number(v))),
          },
          title: { display: true, text: this.percent ? 'Share of side' : 'Count', color: t.muted, font },
        },
      },
      plugins: {
        tooltip: {
          backgroundColor: t.tooltipBackground,
          titleColor: t.tooltipForeground,
          bodyColor: t.tooltipForeground,
          borderColor: t.tooltipBorder,
          borderWidth: 1,
          cornerRadius: 2,
          titleFont: { ...font, weight: 'bold' },
          bodyFont: font,
          callbacks: {
            title: (items: TooltipItem<'bar'>[]) => truncate(bins.labels[items[0]?.dataIndex ?? 0] ?? '', 80),
            label: (item: TooltipItem<'bar'>) => {
              const side = item.datasetIndex === 0 ? 'reference' : 'current';
              const count = bins[side][item.dataIndex] ?? 0;
              const total = side === 'reference' ? bins.referenceTotal : bins.currentTotal;
              const share = total > 0 ? count / total : 0;
              return ` ${item.dataset.label}: ${formatCount(count)} (${formatShare(share)})`;
            },
          },
        },
      },
    };
  }
}
