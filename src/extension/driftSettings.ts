import * as vscode from 'vscode';
import { parseDriftConfig } from '../core/drift/config';
import { mergeSettings, type DriftSettings } from '../core/drift/settings';

export const CONFIG_FILE = 'drift.config.json';

/**
 * The settings of a comparison: the user's `driftInspector.*` settings, then the workspace's
 * drift.config.json on top (the project's file is what the CLI in CI reads too, so it wins).
 */
export async function loadDriftSettings(folder: vscode.WorkspaceFolder | undefined): Promise<DriftSettings> {
  const c = vscode.workspace.getConfiguration('driftInspector', folder);
  const opt = <T>(key: string): T | undefined => {
    const v = c.get<T | null>(key);
    return v === null || v === '' ? undefined : v;
  };
  const fromSettings: DriftSettings = {
    driftShare: opt<number>('driftShare'),
    method: opt<string>('method'),
    numMethod: opt<string>('numMethod'),
    catMethod: opt<string>('catMethod'),
    threshold: opt<number>('threshold'),
    numThreshold: opt<number>('numThreshold'),
    catThreshold: opt<number>('catThreshold'),
    correction: opt<DriftSettings['correction']>('correction'),
    sample: opt<number>('sample'),
    sampleSeed: opt<number>('sampleSeed'),
    profileMaxDistinct: opt<number>('profileMaxDistinct'),
    imageEmbedding: c.get<boolean>('imageEmbedding') === true ? true : undefined,
  };
  if (!folder) return fromSettings;
  const file = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    return fromSettings; // no config file: settings only
  }
  return mergeSettings(fromSettings, parseDriftConfig(text, vscode.workspace.asRelativePath(file)));
}

/** Whether reference profiles are kept on disk between comparisons (opt-in: they take disk space). */
export function cacheReferenceProfiles(): boolean {
  return vscode.workspace.getConfiguration('driftInspector').get<boolean>('cacheReferenceProfiles', false);
}

export function maxFileSizeBytes(): number {
  const mb = vscode.workspace.getConfiguration('driftInspector').get<number>('maxFileSizeMB', 200);
  return mb * 1024 * 1024;
}
