// VS Code entry point: only wires things up; the work lives in src/core and the worker.
import * as vscode from 'vscode';
import { compareDatasetsCommand } from './compareCommand';
import { compareImageFoldersCommand } from './imageFolders';
import type { Services } from './comparison';
import { RecentPairs } from './recentPairs';
import { DriftReportPanel, DriftReportSerializer, REPORT_VIEW_TYPE } from './reportPanel';
import { HealthController } from './health/healthController';
import { registerHealthCommands } from './health/healthCommands';
import { setSourcePasswordCommand, testConnectionCommand } from './sources';
import { extensionExports, type DriftInspectorExports } from './testHooks';
import { comparisonThreads } from './comparisonRunner';
import { pairOf, showTimelineCommand } from './timeline/timelineCommand';

/** Command ids contributed in package.json. */
export const Commands = {
  compareDatasets: 'driftInspector.compareDatasets',
  showTimeline: 'driftInspector.showTimeline',
  testConnection: 'driftInspector.sources.testConnection',
  setSourcePassword: 'driftInspector.sources.setPassword',
  compareImageFolders: 'driftInspector.compareImageFolders',
} as const;

export function activate(context: vscode.ExtensionContext): DriftInspectorExports {
  const log = vscode.window.createOutputChannel('Drift Inspector', { log: true });
  const services: Services = {
    extensionUri: context.extensionUri,
    storageUri: context.globalStorageUri,
    version: String((context.extension.packageJSON as { version?: string }).version ?? 'dev'),
    log,
    secrets: context.secrets,
  };
  const recent = new RecentPairs(context.workspaceState);
  const serializer = new DriftReportSerializer(services);
  const health = new HealthController(context.secrets, log);
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand(Commands.compareDatasets, (clicked?: vscode.Uri, selected?: unknown) =>
      compareDatasetsCommand(services, recent, clicked, selected),
    ),
    // (reference, current, spec): a caller may pass the pair; tests pass a spec too.
    vscode.commands.registerCommand(Commands.showTimeline, (reference?: unknown, current?: unknown, spec?: Parameters<typeof showTimelineCommand>[3]) =>
      showTimelineCommand(services, recent, pairOf(reference, current), spec),
    ),
    vscode.commands.registerCommand(Commands.compareImageFolders, (clicked?: vscode.Uri, selected?: unknown) =>
      compareImageFoldersCommand(services, recent, clicked, selected),
    ),
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, serializer),
    { dispose: () => DriftReportPanel.openPanels.forEach((p) => p.dispose()) },
    health,
    registerHealthCommands(health, context.secrets),
    vscode.commands.registerCommand(Commands.testConnection, (name?: string) => testConnectionCommand(context.secrets, name)),
    vscode.commands.registerCommand(Commands.setSourcePassword, (given?: { name: string; password: string }) => setSourcePasswordCommand(context.secrets, given)),
  );
  return extensionExports(() => ({
    openReportPanels: () => DriftReportPanel.openPanels,
    serializer,
    services,
    health,
    window: vscode.window,
    onComparisonThread: comparisonThreads.event,
  }));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
