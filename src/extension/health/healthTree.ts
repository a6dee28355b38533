import { redactCredentials } from '../../core/format/redact';
import * as vscode from 'vscode';
import type { EndpointMonitor } from '../../core/health/endpointMonitor';
import type { EndpointSnapshot, FamilyView, HealthFigures, SeriesValue } from '../../core/health/healthModel';
import { formatBytes, formatClock, formatDuration, formatMs, formatPercent, formatRate, formatSampleValue } from '../../core/health/format';

/** Nodes of the Health view. `contextValue`s gate the item menus in package.json. */
export type HealthNode =
  | { kind: 'endpoint'; monitor: EndpointMonitor }
  | { kind: 'group'; monitor: EndpointMonitor; group: 'requests' | 'errors' | 'latency' | 'process' | 'metrics' }
  | { kind: 'value'; label: string; description: string; tooltip?: string }
  | { kind: 'family'; monitor: EndpointMonitor; family: FamilyView }
  | { kind: 'series'; monitor: EndpointMonitor; family: string; series: SeriesValue }
  | { kind: 'message'; label: string; tooltip?: string };

export class HealthTreeProvider implements vscode.TreeDataProvider<HealthNode> {
  private readonly changed = new vscode.EventEmitter<HealthNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private monitors: EndpointMonitor[] = [];
  private note: string | undefined;

  setMonitors(monitors: EndpointMonitor[], note?: string): void {
    this.monitors = monitors;
    this.note = note;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: HealthNode): HealthNode[] {
    if (!node) {
      const roots: HealthNode[] = this.monitors.map((monitor) => ({ kind: 'endpoint', monitor }));
      if (this.note) roots.push({ kind: 'message', label: this.note });
      return roots;
    }
    if (node.kind === 'endpoint') return endpointChildren(node.monitor);
    if (node.kind === 'group') return groupChildren(node.monitor, node.group);
    if (node.kind === 'family') return node.family.series.map((series) => ({ kind: 'series', monitor: node.monitor, family: node.family.name, series }));
    return [];
  }

  getTreeItem(node: HealthNode): vscode.TreeItem {
    switch (node.kind) {
      case 'endpoint':
        return endpointItem(node.monitor);
      case 'group':
        return groupItem(node.monitor.state, node.group);
      case 'value': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.description;
        item.tooltip = node.tooltip;
        return item;
      }
      case 'family': {
        const item = new vscode.TreeItem(node.family.name, node.family.series.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = `${node.family.type} · ${node.family.series.length} series`;
        item.tooltip = node.family.help;
        item.contextValue = node.family.type === 'counter' ? 'family-counter' : node.family.type === 'histogram' || node.family.type === 'summary' ? 'family-histogram' : 'family';
        return item;
      }
      case 'series': {
        const item = new vscode.TreeItem(node.series.label);
        item.description = formatSampleValue(node.series.value);
        item.contextValue = 'series';
        item.command = { command: 'driftInspector.health.showTrend', title: 'Show trend', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label);
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.tooltip;
        return item;
      }
    }
  }
}

function endpointItem(monitor: EndpointMonitor): vscode.TreeItem {
  const s = monitor.state;
  const item = new vscode.TreeItem(monitor.config.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `endpoint:${monitor.config.name}:${monitor.config.url ?? monitor.config.prometheus ?? ''}`;
  item.contextValue = s.status === 'down' ? 'endpointDown' : 'endpoint';
  const where = monitor.config.url ?? `${monitor.config.prometheus} job=${monitor.config.job ?? ''}`;
  if (s.status === 'pending') {
    item.description = 'connecting…';
    item.iconPath = new vscode.ThemeIcon('loading~spin');
  } else if (s.status === 'up') {
    item.description = `up · ${formatClock(s.lastGoodAt!)}`;
    item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  } else {
    item.description = `down: ${s.reason}${s.stale ? ` · last good ${formatClock(s.lastGoodAt!)}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
  item.tooltip = new vscode.MarkdownString(undefined, false);
  item.tooltip.appendText(`${monitor.config.name}\n${redactCredentials(where)}\n`);
  if (s.status === 'down') item.tooltip.appendText(`\n${s.reason}: ${s.detail ?? ''}${s.stale ? '\nValues below are from the last good scrape (stale).' : ''}`);
  return item;
}

const GROUP_LABELS = { requests: 'Requests', errors: 'Errors', latency: 'Latency', process: 'Process', metrics: 'All metrics' } as const;

function endpointChildren(monitor: EndpointMonitor): HealthNode[] {
  const s = monitor.state;
  if (!s.figures && !s.families) {
    return s.status === 'down' ? [{ kind: 'message', label: `${s.reason}`, tooltip: s.detail }] : [];
  }
  return (['requests', 'errors', 'latency', 'process', 'metrics'] as const).map((group) => ({ kind: 'group', monitor, group }));
}

function groupItem(s: EndpointSnapshot, group: Extract<HealthNode, { kind: 'group' }>['group']): vscode.TreeItem {
  const f = s.figures ?? {};
  const stale = s.stale ? ' (stale)' : '';
  const item = new vscode.TreeItem(GROUP_LABELS[group], group === 'metrics' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Collapsed);
  item.contextValue = `group-${group}`;
  switch (group) {
    case 'requests':
      item.iconPath = new vscode.ThemeIcon('pulse');
      item.description = (f.requestRate ? formatRate(f.requestRate.value) : rateMissing(s)) + stale;
      item.tooltip = f.requestRate?.source;
      break;
    case 'errors':
      item.iconPath = new vscode.ThemeIcon('warning');
      item.description = (f.errorRatePercent ? formatPercent(f.errorRatePercent.value) : rateMissing(s)) + stale;
      item.tooltip = f.errorRatePercent?.source;
      break;
    case 'latency':
      item.iconPath = new vscode.ThemeIcon('watch');
      item.description = (f.latencyMs ? `p99 ${formatMs(f.latencyMs.p99)}` : rateMissing(s)) + stale;
      item.tooltip = f.latencyMs?.source;
      break;
    case 'process':
      item.iconPath = new vscode.ThemeIcon('server-process');
      item.description = (f.cpuPercent ? `CPU ${formatPercent(f.cpuPercent.value)}` : '') + (f.memoryBytes ? ` · ${formatBytes(f.memoryBytes.value)}` : '') + stale;
      break;
    case 'metrics':
      item.iconPath = new vscode.ThemeIcon('list-tree');
      item.description = `${s.families?.length ?? 0} families${stale}`;
      break;
  }
  return item;
}

function rateMissing(s: EndpointSnapshot): string {
  return s.figures ? 'not found' : '–';
}

function groupChildren(monitor: EndpointMonitor, group: 'requests' | 'errors' | 'latency' | 'process' | 'metrics'): HealthNode[] {
  const s = monitor.state;
  const f: HealthFigures = s.figures ?? {};
  const v = (label: string, description: string, tooltip?: string): HealthNode => ({ kind: 'value', label, description, tooltip });
  switch (group) {
    case 'requests':
      if (!f.requestRate) return [v('no request counter found', '', 'Looked for http_requests_total, http_request_duration_seconds_count and the names of prometheus_client, prometheus-fastapi-instrumentator and prom-client')];
      return [v('total', formatRate(f.requestRate.value), f.requestRate.source), ...f.requestRate.byHandler.map((h) => v(h.handler, formatRate(h.rate)))];
    case 'errors':
      return f.errorRatePercent ? [v('error rate', formatPercent(f.errorRatePercent.value), f.errorRatePercent.source)] : [v('no status-code label found', '')];
    case 'latency':
      return f.latencyMs
        ? [v('p50', formatMs(f.latencyMs.p50), f.latencyMs.source), v('p90', formatMs(f.latencyMs.p90), f.latencyMs.source), v('p99', formatMs(f.latencyMs.p99), f.latencyMs.source)]
        : [v('no latency histogram found', '')];
    case 'process': {
      const out: HealthNode[] = [];
      if (f.cpuPercent) out.push(v('CPU', formatPercent(f.cpuPercent.value), f.cpuPercent.source));
      if (f.memoryBytes) out.push(v('memory', formatBytes(f.memoryBytes.value), f.memoryBytes.source));
      if (f.openFds) out.push(v('open file descriptors', `${f.openFds.value}${f.openFds.max ? ` of ${f.openFds.max}` : ''}`, f.openFds.source));
      if (f.uptimeSeconds) out.push(v('uptime', formatDuration(f.uptimeSeconds.value), f.uptimeSeconds.source));
      if (f.eventLoopLagMs) out.push(v('event-loop lag', formatMs(f.eventLoopLagMs.value), f.eventLoopLagMs.source));
      if (f.gcCollectionsPerSecond) out.push(v('GC collections', `${f.gcCollectionsPerSecond.value.toFixed(2)}/s`, f.gcCollectionsPerSecond.source));
      return out.length ? out : [v('no process metrics found', '')];
    }
    case 'metrics':
      return (s.families ?? []).map((family) => ({ kind: 'family', monitor, family }));
  }
}
