import * as path from 'path';
import * as vscode from 'vscode';
import { IMAGE_EXTENSIONS } from '../core/images/files';
import { compareWithProgress, type Services } from './comparison';
import type { DatasetPair, RecentPairs } from './recentPairs';
import { DriftReportPanel } from './reportPanel';

const IMAGE_GLOB = `**/*.{${IMAGE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
const EXCLUDE = '**/{node_modules,.git,.vscode-test,dist,out}/**';

/**
 * "Compare image folders for drift": two folders selected in the Explorer (the first selected is
 * the reference), or two picks from the folders of the workspace that hold images. Each folder
 * is read recursively as an image set (src/core/images). Returns the panel, for tests.
 */
export async function compareImageFoldersCommand(
  services: Services,
  recent: RecentPairs,
  clicked?: vscode.Uri,
  selected?: unknown,
): Promise<DriftReportPanel | undefined> {
  const folders = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  let pair: DatasetPair | undefined;
  if (folders.length === 2) pair = { reference: folders[0], current: folders[1] };
  else if (folders.length > 2) {
    void vscode.window.showWarningMessage('Drift Inspector: select exactly two image folders (reference first, then current).');
    return undefined;
  } else pair = await pickImageFolders(clicked);
  if (!pair) return undefined;
  const report = await compareWithProgress(services, pair, { askBeforeLargeFiles: false });
  if (!report) return undefined;
  await recent.remember(pair);
  return DriftReportPanel.show(services, pair, report);
}

/** Folders holding images (directly), as QuickPick items: reference first, then current. */
async function pickImageFolders(clicked?: vscode.Uri): Promise<DatasetPair | undefined> {
  const files = await vscode.workspace.findFiles(IMAGE_GLOB, EXCLUDE, 20000);
  const counts = new Map<string, { uri: vscode.Uri; images: number }>();
  for (const f of files) {
    const dir = vscode.Uri.joinPath(f, '..');
    const entry = counts.get(dir.toString()) ?? { uri: dir, images: 0 };
    entry.images++;
    counts.set(dir.toString(), entry);
  }
  if (counts.size === 0) {
    void vscode.window.showWarningMessage('Drift Inspector: no folders with images (JPEG, PNG, WebP, GIF, TIFF, AVIF) in this workspace.');
    return undefined;
  }
  const items = [...counts.values()]
    .map((c) => ({ label: vscode.workspace.asRelativePath(c.uri, false), description: `${c.images} images`, uri: c.uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const reference =
    clicked ?? (await vscode.window.showQuickPick(items, { title: 'Reference image folder', placeHolder: 'The images the model was trained on' }))?.uri;
  if (!reference) return undefined;
  const current = await vscode.window.showQuickPick(
    items.filter((i) => i.uri.toString() !== reference.toString()),
    { title: 'Current image folder', placeHolder: `Compared with ${path.posix.basename(reference.path)}` },
  );
  return current ? { reference, current: current.uri } : undefined;
}
