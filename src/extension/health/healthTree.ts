import { redactCredentials } from '../../core/format/redact';
import * as vscode from 'vscode';
import type { EndpointMonitor } from '../../core/health/endpointMonitor';
import type { EndpointSnapshot, FamilyView, SeriesValue } from '../../core/health/healthModel';
import type { HealthReport, HealthValue } from '../../core/health/healthReport';
import { formatClock, formatHealthValue, formatSampleValue, healthValueTooltip } from '../../core/health/format';

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
  if (!s.report && !s.families) {
    return s.status === 'down' ? [{ kind: 'message', label: `${s.reason}`, tooltip: s.detail }] : [];
  }
  return (['requests', 'errors', 'latency', 'process', 'metrics'] as const).map((group) => ({ kind: 'group', monitor, group }));
}

function groupItem(s: EndpointSnapshot, group: Extract<HealthNode, { kind: 'group' }>['group']): vscode.TreeItem {
  const r: HealthReport = s.report ?? {};
  const stale = s.stale ? ' (stale)' : '';
  const item = new vscode.TreeItem(GROUP_LABELS[group], vscode.TreeItemCollapsibleState.Collapsed);
  item.contextValue = `group-${group}`;
  const summary = (v: HealthValue | undefined, prefix = ''): string => (v ? prefix + formatHealthValue(v) : missing(s));
  switch (group) {
    case 'requests':
      item.iconPath = new vscode.ThemeIcon('pulse');
      item.description = summary(r.requests?.total) + stale;
      item.tooltip = r.requests && healthValueTooltip(r.requests.total);
      break;
    case 'errors':
      item.iconPath = new vscode.ThemeIcon('warning');
      item.description = summary(r.errorRatio) + stale;
      item.tooltip = r.errorRatio && healthValueTooltip(r.errorRatio);
      break;
    case 'latency':
      item.iconPath = new vscode.ThemeIcon('watch');
      item.description = summary(r.latency?.p99, 'p99 ') + stale;
      item.tooltip = r.latency && healthValueTooltip(r.latency.p99);
      break;
    case 'process':
      item.iconPath = new vscode.ThemeIcon('server-process');
      item.description = [r.cpu && `CPU ${formatHealthValue(r.cpu)}`, r.memory && formatHealthValue(r.memory)].filter(Boolean).join(' · ') + stale;
      break;
    case 'metrics':
      item.iconPath = new vscode.ThemeIcon('list-tree');
      item.description = `${s.families?.length ?? 0} families${stale}`;
      break;
  }
  return item;
}

function missing(s: EndpointSnapshot): string {
  return s.report ? 'not found' : '–';
}

function groupChildren(monitor: EndpointMonitor, group: 'requests' | 'errors' | 'latency' | 'process' | 'metrics'): HealthNode[] {
  const s = monitor.state;
  const r: HealthReport = s.report ?? {};
  const v = (label: string, description: string, tooltip?: string): HealthNode => ({ kind: 'value', label, description, tooltip });
  const value = (label: string, hv: HealthValue): HealthNode => v(label, formatHealthValue(hv), healthValueTooltip(hv));
  switch (group) {
    case 'requests':
      if (!r.requests) return [v('no request counter found', '', 'Looked for http_requests_total, http_request_duration_seconds_count and the names of prometheus_client, prometheus-fastapi-instrumentator and prom-client')];
      return [value('total', r.requests.total), ...r.requests.byHandler.map((h) => value(h.name, h.value))];
    case 'errors':
      return r.errorRatio ? [value('error rate', r.errorRatio)] : [v('no status-code label found', '')];
    case 'latency':
      return r.latency ? [value('p50', r.latency.p50), value('p90', r.latency.p90), value('p99', r.latency.p99)] : [v('no latency histogram found', '')];
    case 'process': {
      const out: HealthNode[] = [];
      if (r.cpu) out.push(value('CPU', r.cpu));
      if (r.memory) out.push(value('memory', r.memory));
      if (r.openFds) {
        const max = r.maxFds?.value;
        out.push(v('open file descriptors', `${formatHealthValue(r.openFds)}${max ? ` of ${max}` : ''}`, healthValueTooltip(r.openFds)));
      }
      if (r.uptime) out.push(value('uptime', r.uptime));
      if (r.eventLoopLag) out.push(value('event-loop lag', r.eventLoopLag));
      if (r.gc) out.push(value('GC collections', r.gc.collections));
      return out.length ? out : [v('no process metrics found', '')];
    }
    case 'metrics':
      return (s.families ?? []).map((family) => ({ kind: 'family', monitor, family }));
  }
}
