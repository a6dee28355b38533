import * as path from 'path';
import { Worker } from 'worker_threads';
import * as vscode from 'vscode';
import type { DriftReport } from '../shared/report';
import type { CompareRequest, CompareThreadData, HostMessage, WorkerMessage } from '../threads/compareProtocol';
import { threadFailure, threadResourceLimits } from '../threads/threadLimits';

/** A comparison that failed on bad input or settings: the message is for the user as is. */
export class ComparisonError extends Error {
  override readonly name = 'ComparisonError';
}

export class ComparisonCancelled extends Error {
  override readonly name = 'ComparisonCancelled';
}

export interface ProgressUpdate {
  readonly message: string;
  /** 0..1 within the whole comparison. */
  readonly fraction: number;
}

/**
 * Each comparison thread as it starts: the integration tests' fault injection (a thread killed
 * mid-run) listens here through src/extension/testHooks.ts; nothing else does.
 */
export const comparisonThreads = new vscode.EventEmitter<Worker>();

/** Share of the progress bar per stage (reading dominates for large files). */
const STAGES = { 'reading reference': [0, 0.4], 'reading current': [0.4, 0.8], 'testing columns': [0.8, 1] } as const;

/**
 * Runs one comparison in a worker thread (dist/worker.js, as a comparison thread) so the extension host's event
 * loop stays free. Cancelling terminates the thread: the work really stops.
 */
export function runComparison(
  extensionUri: vscode.Uri,
  request: CompareRequest,
  onProgress: (p: ProgressUpdate) => void,
  token: vscode.CancellationToken,
  log: vscode.LogOutputChannel,
  /** Called when the worker thread has ended (tests check that cancel really stops it). */
  onWorkerExit?: (code: number) => void,
): Promise<DriftReport> {
  return new Promise((resolve, reject) => {
    const workerData: CompareThreadData = { thread: 'compare', request };
    // With a heap limit, a comparison that runs out of memory ends its thread, not the extension
    // host (src/threads/threadLimits.ts).
    const worker = new Worker(path.join(extensionUri.fsPath, 'dist', 'worker.js'), { workerData, resourceLimits: threadResourceLimits() });
    comparisonThreads.fire(worker);
    let stage = 'starting';
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      cancel.dispose();
      void worker.terminate();
      f();
    };
    const cancel = token.onCancellationRequested(() => {
      log.info(`cancelled: ${request.referenceName} vs ${request.currentName}`);
      if (request.sources) {
        // A source's query runs on a server or in a DuckDB child process: the worker cancels it
        // there (pg_cancel_backend, KILL QUERY, killing the child) before the thread ends.
        worker.postMessage({ type: 'cancel' } satisfies HostMessage);
        const stop = setTimeout(() => void worker.terminate(), 3000);
        worker.once('exit', () => clearTimeout(stop));
        settled = true;
        cancel.dispose();
        reject(new ComparisonCancelled('cancelled'));
        return;
      }
      finish(() => reject(new ComparisonCancelled('cancelled')));
    });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        stage = m.stage;
        const [from, to] = STAGES[m.stage];
        const within = m.total > 0 ? m.done / m.total : 0;
        const detail = m.stage === 'testing columns' && m.total ? ` (${Math.min(m.done + 1, m.total)}/${m.total})` : '';
        onProgress({ message: `${m.stage}${detail}`, fraction: from + (to - from) * within });
      } else if (m.type === 'done') {
        finish(() => resolve(m.report));
      } else {
        if (!m.expected) log.error(`comparison failed: ${m.stack ?? m.message}`);
        finish(() => reject(m.expected ? new ComparisonError(m.message) : new Error(m.message)));
      }
    });
    // The thread out of memory, killed or crashed: the user is told what happened (as a
    // ComparisonError, shown as is); nothing else depends on that thread, so the next comparison
    // starts a new one.
    worker.on('error', (e) => {
      log.error(`comparison worker crashed: ${e.stack ?? e.message}`);
      finish(() => reject(new ComparisonError(threadFailure({ error: e }, stage).message)));
    });
    worker.on('exit', (code) => {
      onWorkerExit?.(code);
      if (!settled) log.error(`comparison worker ended with exit code ${code} while ${stage}`);
      finish(() => reject(new ComparisonError(threadFailure({ exitCode: code }, stage).message)));
    });
  });
}
