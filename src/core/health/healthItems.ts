import type { HealthReport, HealthValue, NamedValue } from './health';

/**
 * A health report as rows for a tree view: a label, the formatted value as its description, where
 * the number came from as its tooltip, and children for the breakdowns (handlers, GC generations).
 * Absent parts give no row; present parts without a number show "–" and say why.
 */

export interface HealthItem {
  /** Stable within a report, e.g. `requests/handler//items`. */
  readonly id: string;
  readonly label: string;
  /** The formatted value, e.g. `12.5 req/s`, or `–`. */
  readonly description: string;
  /** Where it comes from, and the note if any. */
  readonly tooltip: string;
  readonly children?: HealthItem[];
}

const DASH = '–';

/** `12.5 req/s`, `0.42 %`, `183 ms`, `21.8 MiB`, `3 h 12 min`. */
export function formatHealthValue(v: HealthValue): string {
  if (v.value === null || !Number.isFinite(v.value)) return DASH;
  const x = v.value;
  switch (v.unit) {
    case 'bytes':
      return formatBytes(x);
    case 's':
      return formatDuration(x);
    case 'count':
      return String(Math.round(x));
    case 'ms':
      return `${round(x)} ms`;
    case '%':
      return `${round(x)} %`;
    default:
      return `${round(x)} ${v.unit}`;
  }
}

function round(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 0.01) return x.toFixed(2);
  return x.toPrecision(2);
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(n)} B` : `${n.toFixed(1)} ${units[i]}`;
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

function item(id: string, label: string, v: HealthValue, children?: HealthItem[]): HealthItem {
  const tooltip = v.note ? `${v.source}\n${v.note}` : v.source;
  return { id, label, description: formatHealthValue(v), tooltip, ...(children && children.length > 0 ? { children } : {}) };
}

function named(prefix: string, list: readonly NamedValue[]): HealthItem[] {
  return list.map((n) => item(`${prefix}/${n.name}`, n.name, n.value));
}

export function healthItems(report: HealthReport): HealthItem[] {
  const out: HealthItem[] = [];
  if (report.runtime) out.push({ id: 'runtime', label: 'Runtime', description: report.runtime.name, tooltip: report.runtime.source });
  if (report.requests) out.push(item('requests', 'Requests', report.requests.total, named('requests/handler/', report.requests.byHandler)));
  if (report.errorRatio) out.push(item('errors', 'Errors (5xx)', report.errorRatio));
  if (report.latency) {
    const l = report.latency;
    const parts = [item('latency/p50', 'p50', l.p50), item('latency/p90', 'p90', l.p90), item('latency/p99', 'p99', l.p99)];
    if (l.mean) parts.push(item('latency/mean', 'mean', l.mean));
    out.push({ id: 'latency', label: 'Latency', description: `p99 ${formatHealthValue(l.p99)}`, tooltip: l.p99.source, children: parts });
  }
  if (report.cpu) out.push(item('cpu', 'CPU', report.cpu));
  if (report.memory) out.push(item('memory', 'Memory (resident)', report.memory));
  if (report.heapUsed) out.push(item('heap', 'Heap used', report.heapUsed));
  if (report.openFds) {
    const max = report.maxFds?.value;
    const description = report.openFds.value === null ? DASH : max ? `${report.openFds.value} of ${max}` : String(report.openFds.value);
    out.push({ id: 'fds', label: 'Open files', description, tooltip: report.maxFds ? `${report.openFds.source} / ${report.maxFds.source}` : report.openFds.source });
  }
  if (report.uptime) {
    const restarted = report.restarted?.value ? ' (restarted)' : '';
    const base = item('uptime', 'Uptime', report.uptime);
    out.push({ ...base, description: base.description + restarted });
  }
  if (report.eventLoopLag) out.push(item('eventloop', 'Event-loop lag', report.eventLoopLag));
  if (report.gc) {
    const children = named('gc/', report.gc.byGeneration);
    if (report.gc.timeInGc) children.push(item('gc/time', 'time in GC', report.gc.timeInGc));
    out.push(item('gc', 'GC', report.gc.collections, children));
  }
  if (report.notes) out.push({ id: 'notes', label: 'Notes', description: report.notes.join('; '), tooltip: report.notes.join('\n') });
  return out;
}
