import * as path from 'path';
import * as vscode from 'vscode';
import { ComparisonError } from '../comparisonRunner';
import type { Services } from '../comparison';
import { pickDatasetPair } from '../datasetPicker';
import type { DatasetPair, RecentPairs } from '../recentPairs';
import { pickTimelineSpec } from './chunkingPicker';
import { openSession, TimelinePanel } from './timelinePanel';
import type { TimelineSpec } from '../../threads/timelineProtocol';

/**
 * "Show drift over time": the pair (QuickPicks, or the comparison panel's pair), then the time
 * column and the chunking (QuickPicks; `spec` skips them, for tests), then the timeline in its
 * panel. The worker reads the files once, before the chunking is asked (the choices show how many
 * chunks each gives). Undefined when cancelled or failed (the user has been told).
 */
export async function showTimelineCommand(
  services: Services,
  recent: RecentPairs,
  pair?: DatasetPair,
  spec?: Omit<TimelineSpec, 'baseline'> & { baseline?: TimelineSpec['baseline'] },
): Promise<TimelinePanel | undefined> {
  pair ??= await pickDatasetPair(recent);
  if (!pair) return undefined;
  let session;
  try {
    session = await openSession(services, pair);
  } catch (e) {
    void vscode.window.showErrorMessage(`Drift Inspector: ${(e as Error).message}`);
    return undefined;
  }
  const name = `${path.posix.basename(pair.reference.path)} vs ${path.posix.basename(pair.current.path)}`;
  try {
    const shape = await withProgress(`Drift over time: reading ${name}`, () => session.load(), session);
    const chosen = spec ?? (await pickTimelineSpec(shape));
    if (!chosen) {
      session.dispose();
      return undefined;
    }
    const started = Date.now();
    const { report } = await withProgress(`Drift over time: ${name}`, () => session.timeline({ baseline: 'reference', ...chosen }), session);
    services.log.info(`timeline of ${name}: ${report.chunks.length} chunks in ${Date.now() - started} ms`);
    await recent.remember(pair);
    return TimelinePanel.show(services, pair, session, report);
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
