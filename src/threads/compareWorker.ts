/**
 * What the comparison thread does (started by worker.ts, the one thread entry, bundled as
 * dist/worker.js): reads both files and runs the engine off the extension host's thread.
 * Pure Node (no vscode); the host terminates the thread to cancel.
 */
import { parentPort } from 'node:worker_threads';
import { compareDatasetsParallel } from '../core/drift/parallel';
import { isUserError } from '../core/errors';
import { buildGallery } from '../core/images/gallery';
import type { Dataset } from '../core/read/dataset';
import { readDatasetPair } from '../core/read/pair';
import { annotateReport, needsSourceEngine, readSource, redact } from '../core/sources/index';
import type { CompareRequest, HostMessage, WorkerMessage } from './compareProtocol';
import { sharedPool } from './pool';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

/** Progress at most every 100 ms: the host only needs to show a stage and a fraction. */
let lastProgress = 0;
function progress(m: Extract<WorkerMessage, { type: 'progress' }>): void {
  const now = Date.now();
  if (m.done !== 0 && m.done < m.total && now - lastProgress < 100) return;
  lastProgress = now;
  post(m);
}

/** Aborted when the host asks to cancel (runCompare): server queries are cancelled on the server too. */
const cancel = new AbortController();

/** Either side through a source engine (a URI, a glob, or a file past the memory budget). */
async function runSources(req: CompareRequest): Promise<void> {
  const src = req.sources!;
  const { sidePasswords, ...engines } = src;
  const options = { ...engines, signal: cancel.signal };
  progress({ type: 'progress', stage: 'reading reference', done: 0, total: 1 });
  const reference = await readSource(req.referencePath, { ...options, password: sidePasswords?.reference });
  progress({ type: 'progress', stage: 'reading current', done: 0, total: 1 });
  const current = await readSource(req.currentPath, { ...options, password: sidePasswords?.current });
  const report = await compareDatasetsParallel(
    { ...reference.dataset, source: req.referenceName },
    { ...current.dataset, source: req.currentName },
    req.settings,
    {
      generatedBy: req.generatedBy,
      signal: cancel.signal,
      onProgress: (done, total, column) => progress({ type: 'progress', stage: 'testing columns', done, total, detail: column }),
    },
  );
  post({ type: 'done', report: annotateReport(report, reference, current) });
}

async function run(req: CompareRequest): Promise<void> {
  const { settings } = req;
  if (req.sources && (needsSourceEngine(req.referencePath, req.sources) || needsSourceEngine(req.currentPath, req.sources))) return runSources(req);
  const onStage = (stage: 'reading reference' | 'reading current') => (done: number, total: number) =>
    progress({ type: 'progress', stage, done, total });
  progress({ type: 'progress', stage: 'reading reference', done: 0, total: 1 });
  // Read from disk in blocks (CSV in parallel chunks, Parquet columns on threads); the report
  // names the files as the workspace shows them.
  const runner = sharedPool();
  const [reference, current] = await readDatasetPair(req.referencePath, req.currentPath, {
    settings,
    runner,
    cacheDir: req.cacheDir,
    onReferenceProgress: onStage('reading reference'),
    onCurrentProgress: onStage('reading current'),
  });
  const report = await compareDatasetsParallel({ ...reference, source: req.referenceName }, { ...current, source: req.currentName }, settings, {
    generatedBy: req.generatedBy,
    runner,
    onProgress: (done, total, column) => progress({ type: 'progress', stage: 'testing columns', done, total, detail: column }),
  });
  // Image sets: thumbnails of the images that stand out, made here (off the extension host) and cached.
  // (Only a Dataset read from an image set has `images`; a profile never does.)
  const [refSet, curSet] = [reference, current] as Partial<Dataset>[];
  const images = refSet.images && curSet.images ? await buildGallery(reference as Dataset, current as Dataset, { thumbnailDir: req.thumbnailDir }) : undefined;
  post({ type: 'done', report: images ? { ...report, images } : report });
}

/** Runs the one comparison this thread was started for, and posts its outcome to the host. */
export function runCompare(request: CompareRequest): void {
  parentPort!.on('message', (m: HostMessage) => {
    if (m.type === 'cancel') cancel.abort(new Error('cancelled'));
  });
  run(request).catch((e: unknown) => {
    const expected = isUserError(e);
    const err = e instanceof Error ? e : new Error(String(e));
    // Messages name files as the workspace shows them, not by absolute path.
    const message = redact(err.message.split(request.referencePath).join(request.referenceName).split(request.currentPath).join(request.currentName));
    post({ type: 'error', message, expected, stack: expected ? undefined : err.stack });
  });
}
