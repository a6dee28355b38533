import * as vscode from 'vscode';
import type { DriftReport } from '../shared/report';
import { ComparisonCancelled, ComparisonError, runComparison } from './comparisonRunner';
import { formatBytes } from '../core/format/bytes';
import { driftTitle } from '../shared/names';
import { cacheReferenceProfiles, loadDriftSettings, maxFileSizeBytes } from './driftSettings';
import type { DatasetPair } from './recentPairs';
import { sourceNameOf, sourcesRequest } from './sources';

export interface Services {
  readonly extensionUri: vscode.Uri;
  /** Where reference profiles are cached when driftInspector.cacheReferenceProfiles is on. */
  readonly storageUri: vscode.Uri;
  readonly version: string;
  readonly log: vscode.LogOutputChannel;
  /** Passwords of the driftInspector.sources connections. */
  readonly secrets?: vscode.SecretStorage;
}

/** Where image-set thumbnails are cached (the report panel serves them from here). */
export function thumbnailDir(services: Services): vscode.Uri {
  return vscode.Uri.joinPath(services.storageUri, 'thumbnails');
}

/** How a file is named in reports and messages: relative to the workspace (a source: its URI). */
export function displayName(uri: vscode.Uri): string {
  return sourceNameOf(uri) ?? vscode.workspace.asRelativePath(uri, false);
}

/** What a worker reads: a file's path or a source's URI. */
export function readName(uri: vscode.Uri): string {
  return sourceNameOf(uri) ?? uri.fsPath;
}

/** A side in titles: a file's path or a source's URI (driftTitle keeps its base name, src/shared/names.ts). */
export function shortName(uri: vscode.Uri): string {
  return sourceNameOf(uri) ?? uri.path;
}

/**
 * Compares a pair with progress and cancel. `quiet` runs show in the status bar (re-runs of a
 * watched file); otherwise a cancellable notification. Undefined when cancelled or failed (the
 * user has been told).
 */
export async function compareWithProgress(
  services: Services,
  pair: DatasetPair,
  options: { quiet?: boolean; askBeforeLargeFiles?: boolean } = {},
): Promise<DriftReport | undefined> {
  const names = { reference: displayName(pair.reference), current: displayName(pair.current) };
  if (options.askBeforeLargeFiles !== false && !(await confirmLargeFiles(pair))) return undefined;
  let settings;
  try {
    settings = await loadDriftSettings(vscode.workspace.getWorkspaceFolder(pair.current));
  } catch (e) {
    void vscode.window.showErrorMessage(`Drift Inspector: ${(e as Error).message}`);
    return undefined;
  }
  const started = Date.now();
  services.log.info(`comparing ${names.reference} (reference) with ${names.current} (current)`);
  try {
    const report = await vscode.window.withProgress(
      {
        location: options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
        title: driftTitle(shortName(pair.reference), shortName(pair.current)),
        cancellable: !options.quiet,
      },
      async (progress, token) => {
        let reported = 0;
        const referencePath = readName(pair.reference);
        const currentPath = readName(pair.current);
        return runComparison(
          services.extensionUri,
          {
            referencePath,
            currentPath,
            sources: await sourcesRequest(services.secrets, referencePath, currentPath),
            referenceName: names.reference,
            currentName: names.current,
            settings,
            generatedBy: `Drift Inspector ${services.version}`,
            cacheDir: cacheReferenceProfiles() ? vscode.Uri.joinPath(services.storageUri, 'profiles').fsPath : undefined,
            thumbnailDir: thumbnailDir(services).fsPath,
          },
          (p) => {
            const pct = Math.round(p.fraction * 100);
            progress.report({ message: p.message, increment: Math.max(0, pct - reported) });
            reported = Math.max(reported, pct);
          },
          token,
          services.log,
        );
      },
    );
    const d = report.dataset;
    services.log.info(
      `done in ${Date.now() - started} ms: ${d.driftedColumns}/${d.testedColumns} columns drifted, dataset drift ${d.drifted}`,
    );
    return report;
  } catch (e) {
    if (e instanceof ComparisonCancelled) return undefined;
    const message = e instanceof ComparisonError ? e.message : `internal error: ${(e as Error).message} (see the "Drift Inspector" output)`;
    services.log.error(message);
    void vscode.window.showErrorMessage(`Drift Inspector: ${message}`);
    return undefined;
  }
}

async function confirmLargeFiles(pair: DatasetPair): Promise<boolean> {
  const limit = maxFileSizeBytes();
  const files = [pair.reference, pair.current].filter((u) => !sourceNameOf(u));
  const sizes = await Promise.all(files.map((u) => vscode.workspace.fs.stat(u).then((s) => s.size, () => 0)));
  const big = files.map((u, k) => ({ u, size: sizes[k] })).filter((f) => f.size > limit);
  if (big.length === 0) return true;
  const list = big.map((f) => `${displayName(f.u)} (${formatBytes(f.size)})`).join(' and ');
  const answer = await vscode.window.showWarningMessage(
    `${list} ${big.length > 1 ? 'are' : 'is'} larger than driftInspector.maxFileSizeMB (${formatBytes(limit)}). Reading may take a while and use memory.`,
    { modal: true },
    'Read anyway',
  );
  return answer === 'Read anyway';
}
