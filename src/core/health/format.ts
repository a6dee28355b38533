/** Number formats of the health view, in the units Grafana users read. */
import { formatBytes } from '../format/bytes';
import { formatDuration } from '../format/durations';
import type { HealthValue } from './healthReport';

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  return `${perSecond >= 100 ? perSecond.toFixed(0) : perSecond >= 10 ? perSecond.toFixed(1) : perSecond.toFixed(2)} req/s`;
}

export function formatPercent(p: number): string {
  return `${p >= 10 ? p.toFixed(1) : p.toFixed(2)}%`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });
}

/** A sample value as Prometheus writes it. */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** A report value in its unit (`12.5 req/s`, `0.42%`, `183 ms`, `21.8 MB`, `3h 12m`), or `–` when it has no number. */
export function formatHealthValue(v: HealthValue): string {
  if (v.value === null || !Number.isFinite(v.value)) return '–';
  const x = v.value;
  switch (v.unit) {
    case 'req/s':
      return formatRate(x);
    case '%':
      return formatPercent(x);
    case 'ms':
      return formatMs(x);
    case 'bytes':
      return formatBytes(x);
    case 's':
      return formatDuration(x);
    case 'count':
      return String(Math.round(x));
    case '/s':
      return `${x.toFixed(2)}/s`;
  }
}

/** The node's tooltip: where the value came from, and why it has no number if it has none. */
export function healthValueTooltip(v: HealthValue): string {
  return v.note ? `${v.source}\n${v.note}` : v.source;
}
