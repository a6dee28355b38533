import * as vscode from 'vscode';
import { compareWithProgress, type Services } from './comparison';
import { isDatasetFile } from './datasetFiles';
import { pickDatasetPair } from './datasetPicker';
import { DriftReportPanel } from './reportPanel';
import type { DatasetPair, RecentPairs } from './recentPairs';

/**
 * "Compare datasets for drift". From the Explorer with two files selected (the first selected is
 * the reference), from a dataset's editor title (that file is the reference), or from the palette
 * (two QuickPicks). Returns the panel, for tests.
 */
export async function compareDatasetsCommand(
  services: Services,
  recent: RecentPairs,
  clicked?: vscode.Uri,
  selected?: unknown,
): Promise<DriftReportPanel | undefined> {
  const pair = await pairFromArguments(recent, clicked, selected, services.secrets);
  if (!pair) return undefined;
  const report = await compareWithProgress(services, pair);
  if (!report) return undefined;
  await recent.remember(pair);
  return DriftReportPanel.show(services, pair, report);
}

async function pairFromArguments(recent: RecentPairs, clicked?: vscode.Uri, selected?: unknown, secrets?: vscode.SecretStorage): Promise<DatasetPair | undefined> {
  // The Explorer passes the selection as a list; an editor-title button passes the editor's
  // group and index instead, which is no selection.
  const files = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (files.length === 2) return { reference: files[0], current: files[1] };
  if (files.length > 2) {
    void vscode.window.showWarningMessage('Drift Inspector: select exactly two dataset files (reference first, then current).');
    return undefined;
  }
  if (clicked instanceof vscode.Uri && isDatasetFile(clicked)) {
    const current = await pickDatasetPair(recent, clicked, secrets);
    return current;
  }
  return pickDatasetPair(recent, undefined, secrets);
}
