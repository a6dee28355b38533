import * as path from 'path';
import { Worker } from 'worker_threads';
import * as vscode from 'vscode';
import type { ColumnReport } from '../../shared/report';
import type { TimelineReport } from '../../shared/timeline';
import type { TimelineCancel, TimelineLoad, TimelineReply, TimelineRequest, TimelineShape, TimelineSpec, TimelineThreadData } from '../../threads/timelineProtocol';
import { ComparisonError } from '../comparisonRunner';
import { threadFailure, threadResourceLimits } from '../../threads/threadLimits';

/** How long a source's thread has to cancel its server query and end before it is terminated. */
const CANCEL_GRACE_MS = 3000;

type Pending = { resolve: (r: TimelineReply) => void; reject: (e: Error) => void };
type Body<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * A timeline panel's worker thread (dist/worker.js, src/threads/timelineWorker.ts): it keeps the pair's columns while
 * the panel is open. Requests are answered in order; disposing terminates the thread.
 */
export class TimelineSession {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private ended: Error | undefined;
  private disposed = false;

  constructor(extensionUri: vscode.Uri, private readonly request: TimelineLoad, private readonly log: vscode.LogOutputChannel) {
    const workerData: TimelineThreadData = { thread: 'timeline', load: request };
    // A heap limit: out of memory ends this thread, not the extension host (threads/threadLimits.ts).
    this.worker = new Worker(path.join(extensionUri.fsPath, 'dist', 'worker.js'), { workerData, resourceLimits: threadResourceLimits() });
    this.worker.on('message', (m: TimelineReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type !== 'error') return p.resolve(m);
      if (!m.expected) log.error(`timeline failed: ${m.stack ?? m.message}`);
      p.reject(m.expected ? new ComparisonError(m.message) : new Error(m.message));
    });
    const fail = (e: Error) => {
      this.ended = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', (e) => {
      log.error(`timeline worker crashed: ${e.stack ?? e.message}`);
      fail(new ComparisonError(threadFailure({ error: e }, 'computing the timeline').message));
    });
    this.worker.on('exit', (code) => fail(new ComparisonError(threadFailure({ exitCode: code }, 'computing the timeline').message)));
  }

  async load(): Promise<TimelineShape> {
    return this.ask<TimelineReply & { type: 'loaded' }>({ type: 'load' }).then((r) => r.shape);
  }

  async timeline(spec: TimelineSpec): Promise<{ report: TimelineReport; reused: number }> {
    return this.ask<TimelineReply & { type: 'timeline' }>({ type: 'timeline', spec });
  }

  /** Reads the files again and recomputes, reusing the closed chunks. */
  async reload(): Promise<{ report: TimelineReport; reused: number }> {
    return this.ask<TimelineReply & { type: 'timeline' }>({ type: 'reload' });
  }

  async detail(chunk: number, column: string): Promise<ColumnReport> {
    return this.ask<TimelineReply & { type: 'detail' }>({ type: 'detail', chunk, column }).then((r) => r.report);
  }

  /**
   * Ends the thread (Cancel, or the panel closed). A source's query runs on its server: the thread
   * is asked to cancel it there first (pg_cancel_backend, KILL QUERY, the DuckDB child killed) and
   * ends itself; it is terminated after 3 s at most, as a comparison's (comparisonRunner.ts).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.request.sources || this.ended) {
      void this.worker.terminate();
      return;
    }
    this.worker.postMessage({ type: 'cancel' } satisfies TimelineCancel);
    const stop = setTimeout(() => void this.worker.terminate(), CANCEL_GRACE_MS);
    this.worker.once('exit', () => clearTimeout(stop));
  }

  private ask<T extends TimelineReply>(body: Body<TimelineRequest>): Promise<T> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: TimelineReply) => void, reject });
      this.worker.postMessage({ ...body, id } as TimelineRequest);
    });
  }
}
