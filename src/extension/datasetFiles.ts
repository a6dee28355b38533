import * as path from 'path';
import * as vscode from 'vscode';
import { formatOf, OFFERED_EXTENSIONS, PROFILE_FILE_EXTENSION } from '../core/read/formats';

/** The files the command offers and accepts: what the readers read, and profile files. */
const GLOB = `**/*.{${OFFERED_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
const EXCLUDE = '**/{node_modules,.git,.vscode-test,dist,out}/**';

export function isDatasetFile(uri: vscode.Uri): boolean {
  return formatOf(uri.path) !== undefined || uri.path.toLowerCase().endsWith(PROFILE_FILE_EXTENSION);
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
