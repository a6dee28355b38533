import * as path from 'path';
import * as vscode from 'vscode';

/** The dataset files the command offers and accepts (a .driftprofile stands for its data: src/core/profile/format.ts). */
export const DATASET_EXTENSIONS = ['csv', 'tsv', 'parquet', 'jsonl', 'ndjson', 'json', 'driftprofile'] as const;
const GLOB = `**/*.{${DATASET_EXTENSIONS.join(',')}}`;
const EXCLUDE = '**/{node_modules,.git,.vscode-test,dist,out}/**';

export function isDatasetFile(uri: vscode.Uri): boolean {
  const ext = path.extname(uri.path).slice(1).toLowerCase();
  return (DATASET_EXTENSIONS as readonly string[]).includes(ext);
}

export async function findDatasetFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(GLOB, EXCLUDE, 5000, token);
  return files.filter((f) => !f.path.endsWith('/package.json') && !f.path.endsWith('/package-lock.json') && !/\/(tsconfig|drift\.config)[^/]*\.json$/.test(f.path));
}

/** "data/raw" (relative folder) for a QuickPick description. */
export function relativeFolder(uri: vscode.Uri): string {
  const rel = vscode.workspace.asRelativePath(uri, vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1);
  const dir = path.posix.dirname(rel);
  return dir === '.' ? '' : dir;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
