import * as vscode from 'vscode';
import { baseName } from '../../shared/names';
import type { TimelineReport } from '../../shared/timeline';
import type { TimelineSpec } from '../../threads/timelineProtocol';
import { displayName, readName, shortName, type Services } from '../comparison';
import { sourceNameOf, sourcesRequest } from '../sources';
import { ComparisonError } from '../comparisonRunner';
import { cacheReferenceProfiles, loadDriftSettings } from '../driftSettings';
import type { DatasetPair } from '../recentPairs';
import { pickTimelineSpec } from './chunkingPicker';
import { TimelineSession } from './timelineSession';

/** A chunking given by a caller (tests, a restored panel) instead of the QuickPicks. */
export type GivenSpec = Omit<TimelineSpec, 'baseline'> & { baseline?: TimelineSpec['baseline'] };

/** Starts a worker for the pair with the workspace's drift settings. */
export async function openSession(services: Services, pair: DatasetPair): Promise<TimelineSession> {
  const settings = await loadDriftSettings(vscode.workspace.getWorkspaceFolder(pair.current));
  const referencePath = readName(pair.reference);
  const currentPath = readName(pair.current);
  // A connection's table on either side: the engine settings and each side's password, as a comparison's.
  const sources = sourceNameOf(pair.reference) || sourceNameOf(pair.current) ? await sourcesRequest(services.secrets, referencePath, currentPath) : undefined;
  return new TimelineSession(
    services.extensionUri,
    {
      referencePath,
      currentPath,
      ...(sources ? { sources } : {}),
      referenceName: displayName(pair.reference),
      currentName: displayName(pair.current),
      settings,
      generatedBy: `Drift Inspector ${services.version}`,
      cacheDir: cacheReferenceProfiles() ? vscode.Uri.joinPath(services.storageUri, 'profiles').fsPath : undefined,
    },
    services.log,
  );
}

/**
 * The steps before a Timeline view: a worker reads the pair (once, before the chunking is asked:
 * the choices show how many chunks each gives), the time column and the chunking QuickPicks
 * (`spec` skips them), then the timeline. Undefined when cancelled or failed (the user has been
 * told); the session is then disposed.
 */
export async function chooseTimeline(services: Services, pair: DatasetPair, spec?: GivenSpec): Promise<{ session: TimelineSession; report: TimelineReport } | undefined> {
  let session: TimelineSession;
  try {
    session = await openSession(services, pair);
  } catch (e) {
    void vscode.window.showErrorMessage(`Drift Inspector: ${(e as Error).message}`);
    return undefined;
  }
  const name = `${baseName(shortName(pair.reference))} vs ${baseName(shortName(pair.current))}`;
  try {
    const shape = await withProgress(`Drift over time: reading ${name}`, () => session.load(), session);
    const chosen = spec ?? (await pickTimelineSpec(shape, displayName(pair.current)));
    if (!chosen) {
      session.dispose();
      return undefined;
    }
    const started = Date.now();
    const { report } = await withProgress(`Drift over time: ${name}`, () => session.timeline({ baseline: 'reference', ...chosen }), session);
    services.log.info(`timeline of ${name}: ${report.chunks.length} chunks in ${Date.now() - started} ms`);
    return { session, report };
  } catch (e) {
    session.dispose();
    if ((e as Error).name === 'Cancelled') return undefined;
    const message = e instanceof ComparisonError ? e.message : `internal error: ${(e as Error).message} (see the "Drift Inspector" output)`;
    services.log.error(message);
    void vscode.window.showErrorMessage(`Drift Inspector: ${message}`);
    return undefined;
  }
}

function withProgress<T>(title: string, run: () => Promise<T>, session: { dispose(): void }): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
      new Promise<T>((resolve, reject) => {
        const cancel = token.onCancellationRequested(() => {
          session.dispose();
          reject(Object.assign(new Error('cancelled'), { name: 'Cancelled' }));
        });
        run().then(resolve, reject).finally(() => cancel.dispose());
      }),
    ),
  );
}
