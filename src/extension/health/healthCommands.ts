import * as vscode from 'vscode';
import { parseHttpUrl } from '../../core/prom/http/httpGet';
import type { HealthController } from './healthController';
import { addEndpointToSettings, tokenKey, updateEndpoint } from './healthSettings';
import type { HealthNode } from './healthTree';
import { TrendPanels } from './trendPanel';
import { formatSampleValue } from '../../core/health/format';

type EndpointNode = Extract<HealthNode, { kind: 'endpoint' }>;
type SeriesNode = Extract<HealthNode, { kind: 'series' }>;
type FamilyNode = Extract<HealthNode, { kind: 'family' }>;

/** The Health view's commands (ids in package.json). */
export function registerHealthCommands(controller: HealthController, secrets: vscode.SecretStorage): vscode.Disposable {
  const trends = new TrendPanels();
  return vscode.Disposable.from(
    trends,
    vscode.commands.registerCommand('driftInspector.health.refresh', () => controller.refresh()),
    vscode.commands.registerCommand('driftInspector.health.addEndpoint', addEndpoint),
    vscode.commands.registerCommand('driftInspector.health.openRawScrape', async (node?: EndpointNode) => {
      const monitor = node?.monitor ?? controller.endpointMonitors[0];
      const raw = monitor?.state.raw;
      if (!raw) {
        void vscode.window.showInformationMessage('Drift Inspector: no successful scrape to show yet.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ content: raw, language: 'plaintext' });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand('driftInspector.health.copySeries', async (node?: SeriesNode) => {
      if (!node) return;
      await vscode.env.clipboard.writeText(`${node.series.label} ${formatSampleValue(node.series.value)}`);
    }),
    vscode.commands.registerCommand('driftInspector.health.showTrend', (node?: SeriesNode) => {
      if (!node) return undefined;
      return trends.show(node.series.label, node.monitor.trend(node.series.key));
    }),
    vscode.commands.registerCommand('driftInspector.health.useForRequests', (node?: FamilyNode) =>
      node && updateEndpoint(node.monitor.config.name, { requestMetric: node.family.name }),
    ),
    vscode.commands.registerCommand('driftInspector.health.useForLatency', (node?: FamilyNode) =>
      node && updateEndpoint(node.monitor.config.name, { latencyMetric: node.family.name }),
    ),
    // `given` lets a caller (another extension, a test) pass the token without the input box.
    vscode.commands.registerCommand('driftInspector.health.setToken', async (node?: EndpointNode, given?: string) => {
      const monitor = node?.monitor ?? controller.endpointMonitors[0];
      if (!monitor) return;
      const token = given ?? await vscode.window.showInputBox({
        title: `Bearer token for ${monitor.config.name}`,
        prompt: 'Stored in VS Code\'s secret storage, never in settings. Empty removes it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (token === undefined) return;
      if (token === '') await secrets.delete(tokenKey(monitor.config));
      else await secrets.store(tokenKey(monitor.config), token);
      await controller.refresh();
    }),
  );
}

async function addEndpoint(): Promise<void> {
  const url = await vscode.window.showInputBox({
    title: 'Add health endpoint (1/2)',
    prompt: 'The service\'s Prometheus metrics URL',
    placeHolder: 'http://127.0.0.1:8000/metrics',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const u = parseHttpUrl(v);
      return u instanceof URL ? undefined : u.detail;
    },
  });
  if (!url) return;
  const parsed = parseHttpUrl(url);
  const name = await vscode.window.showInputBox({
    title: 'Add health endpoint (2/2)',
    prompt: 'A name for the tree and the status bar',
    value: parsed instanceof URL ? parsed.host : 'service',
    ignoreFocusOut: true,
  });
  if (!name) return;
  await addEndpointToSettings({ name, url: url.trim() });
}
