import * as path from 'path';
import * as vscode from 'vscode';
import { formatBytes } from '../core/format/bytes';
import { findDatasetFiles, relativeFolder } from './datasetFiles';
import type { DatasetPair, RecentPairs } from './recentPairs';
import { sourceTableItems } from './sources';

interface FileItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
  readonly pair?: DatasetPair;
}

/**
 * Asks for the reference, then the current dataset. Recently compared pairs come first in the
 * first list (picking one skips the second question). With `reference` given (a dataset's
 * editor title), only the current one is asked. Undefined when the user cancels.
 */
export async function pickDatasetPair(recent: RecentPairs, reference?: vscode.Uri, secrets?: vscode.SecretStorage): Promise<DatasetPair | undefined> {
  const files = await findDatasetFiles();
  // The tables of the driftInspector.sources connections come after the workspace files.
  const tables = (await sourceTableItems(secrets)).filter((i) => i.kind === vscode.QuickPickItemKind.Separator || i.uri);
  if (files.length === 0 && tables.length === 0) {
    void vscode.window.showWarningMessage(
      'Drift Inspector: no dataset files (.csv .tsv .parquet .jsonl .ndjson .json) or profiles (.driftprofile) in this workspace.',
    );
    return undefined;
  }
  const items: FileItem[] = [...(await fileItems(files)), ...tables];
  if (reference) return pickCurrent(reference, items);
  const pairs = recent.list().filter((p) => files.some((f) => f.toString() === p.reference.toString()) && files.some((f) => f.toString() === p.current.toString()));
  const recentItems: FileItem[] = pairs.map((pair) => ({
    label: `$(history) ${path.posix.basename(pair.reference.path)} → ${path.posix.basename(pair.current.path)}`,
    description: 'recently compared',
    pair,
  }));
  const first = await pick('Reference dataset', 'The data the model was trained on (type to filter)', [
    ...(recentItems.length ? [{ label: 'recent', kind: vscode.QuickPickItemKind.Separator }, ...recentItems, { label: 'files', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...items,
  ]);
  if (!first) return undefined;
  if (first.pair) return first.pair;
  if (!first.uri) return undefined;
  return pickCurrent(first.uri, items);
}

async function pickCurrent(reference: vscode.Uri, items: FileItem[]): Promise<DatasetPair | undefined> {
  const second = await pick(
    'Current dataset',
    `Compared with ${path.posix.basename(reference.path)} (type to filter)`,
    items.filter((i) => !i.uri || i.uri.toString() !== reference.toString()),
  );
  return second?.uri ? { reference, current: second.uri } : undefined;
}

async function fileItems(files: vscode.Uri[]): Promise<FileItem[]> {
  const sized = await Promise.all(
    files.map(async (uri) => {
      const size = await vscode.workspace.fs.stat(uri).then((s) => s.size, () => undefined);
      const folder = relativeFolder(uri);
      const parts = [folder, size === undefined ? '' : formatBytes(size)].filter(Boolean);
      return { label: path.posix.basename(uri.path), description: parts.join(' · '), uri } satisfies FileItem;
    }),
  );
  return sized.sort((a, b) => a.label.localeCompare(b.label) || a.description.localeCompare(b.description));
}

function pick(title: string, placeholder: string, items: FileItem[]): Promise<FileItem | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<FileItem>();
    qp.title = title;
    qp.placeholder = placeholder;
    qp.matchOnDescription = true;
    qp.items = items;
    let chosen: FileItem | undefined;
    qp.onDidAccept(() => {
      chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
  });
}
