/**
 * What the comparison thread does (started by worker.ts, the one thread entry, bundled as
 * dist/worker.js): reads both files and runs the engine off the extension host's thread.
 * Pure Node (no vscode); the host terminates the thread to cancel.
 */
import { parentPort } from 'node:worker_threads';
import { DriftInputError } from '../core/drift/engine';
import { compareDatasetsParallel } from '../core/drift/parallel';
import { DriftSettingsError } from '../core/drift/settings';
import { DatasetReadError } from '../core/read/dataset';
import { readDatasetPair } from '../core/read/pair';
import type { CompareRequest, WorkerMessage } from './compareProtocol';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

/** Progress at most every 100 ms: the host only needs to show a stage and a fraction. */
let lastProgress = 0;
function progress(m: Extract<WorkerMessage, { type: 'progress' }>): void {
  const now = Date.now();
  if (m.done !== 0 && m.done < m.total && now - lastProgress < 100) return;
  lastProgress = now;
  post(m);
}

async function run(req: CompareRequest): Promise<void> {
  const { settings } = req;
  const onStage = (stage: 'reading reference' | 'reading current') => (done: number, total: number) =>
    progress({ type: 'progress', stage, done, total });
  progress({ type: 'progress', stage: 'reading reference', done: 0, total: 1 });
  // Read from disk in blocks (CSV in parallel chunks, Parquet columns on threads); the report
  // names the files as the workspace shows them.
  const [reference, current] = await readDatasetPair(req.referencePath, req.currentPath, {
    settings,
    cacheDir: req.cacheDir,
    onReferenceProgress: onStage('reading reference'),
    onCurrentProgress: onStage('reading current'),
  });
  const report = await compareDatasetsParallel({ ...reference, source: req.referenceName }, { ...current, source: req.currentName }, settings, {
    generatedBy: req.generatedBy,
    onProgress: (done, total, column) => progress({ type: 'progress', stage: 'testing columns', done, total, detail: column }),
  });
  post({ type: 'done', report });
}

/** Runs the one comparison this thread was started for, and posts its outcome to the host. */
export function runCompare(request: CompareRequest): void {
  run(request).catch((e: unknown) => {
    const expected = e instanceof DatasetReadError || e instanceof DriftInputError || e instanceof DriftSettingsError;
    const err = e instanceof Error ? e : new Error(String(e));
    // Messages name files as the workspace shows them, not by absolute path.
    const message = err.message.split(request.referencePath).join(request.referenceName).split(request.currentPath).join(request.currentName);
    post({ type: 'error', message, expected, stack: expected ? undefined : err.stack });
  });
}
