/**
 * Worker-thread entry: reads both files and runs the engine off the extension host's thread.
 * Pure Node (no vscode); the host terminates the thread to cancel.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { compareDatasets, DriftInputError } from '../core/drift/engine';
import { DriftSettingsError } from '../core/drift/settings';
import { DatasetReadError } from '../core/read/dataset';
import { readDataset } from '../core/read/index';
import type { CompareRequest, WorkerMessage } from '../shared/workerProtocol';

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
  const read = async (path: string, name: string, stage: 'reading reference' | 'reading current') => {
    progress({ type: 'progress', stage, done: 0, total: 1 });
    const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
      throw new DatasetReadError(name, e.code === 'ENOENT' ? 'no such file' : e.message);
    });
    return readDataset(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, {
      onProgress: (done, total) => progress({ type: 'progress', stage, done, total }),
    });
  };
  const reference = await read(req.referencePath, req.referenceName, 'reading reference');
  const current = await read(req.currentPath, req.currentName, 'reading current');
  const report = compareDatasets(reference, current, req.settings, {
    generatedBy: req.generatedBy,
    onProgress: (done, total, column) => progress({ type: 'progress', stage: 'testing columns', done, total, detail: column }),
  });
  post({ type: 'done', report });
}

run(workerData as CompareRequest).catch((e: unknown) => {
  const expected = e instanceof DatasetReadError || e instanceof DriftInputError || e instanceof DriftSettingsError;
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', message: err.message, expected, stack: expected ? undefined : err.stack });
});
