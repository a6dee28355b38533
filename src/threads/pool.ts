import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TaskRunner } from '../core/taskRunner';
import type { PoolThreadData, WorkerReply, WorkerTask } from './poolProtocol';
import { taskDescription, threadFailure, threadResourceLimits } from './threadLimits';

/**
 * A small pool of worker threads (worker.ts, the one thread entry, bundled as dist/worker.js next
 * to the bundles that use it: the CLI and the comparison thread; out/src/threads/ in tests). Threads start on first
 * use, are unref'd while idle so they never keep a process alive, and are shared by everything:
 * reading the reference and the current file at once, then testing columns, keeps all cores busy.
 */

interface Pending {
  readonly id: number;
  /** Larger first: long tasks start early so the threads finish together. */
  readonly priority: number;
  readonly task: WorkerTask;
  readonly transfer: ArrayBuffer[];
  readonly onProgress?: (value: number) => void;
  readonly resolve: (result: unknown) => void;
  readonly reject: (e: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  pending: Pending | undefined;
}

const SCRIPT_NAMES = ['worker.js'];

function findScript(): string | undefined {
  for (const name of SCRIPT_NAMES) {
    const path = join(__dirname, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Threads to use: the cores, at most 8. */
export function poolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** The TaskRunner that core code is given by the CLI and the comparison thread. */
export class WorkerPool implements TaskRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private broken: unknown;

  constructor(
    private readonly script: string,
    readonly size: number,
  ) {}

  get destroyed(): boolean {
    return this.broken !== undefined;
  }

  /**
   * Runs one task; `onProgress` receives the task's progress reports. Queued tasks start by
   * `priority` (an estimate of their cost; larger first), then in order.
   */
  run<T>(task: WorkerTask, transfer: ArrayBuffer[] = [], onProgress?: (value: number) => void, priority = 0): Promise<T> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return new Promise<T>((resolve, reject) => {
      const pending = { id: this.nextId++, priority, task, transfer, onProgress, resolve: resolve as (r: unknown) => void, reject };
      let at = this.queue.length;
      while (at > 0 && this.queue[at - 1].priority < priority) at--;
      this.queue.splice(at, 0, pending);
      // Let the other file's reader queue its tasks too before the threads pick, so the
      // priorities order both files' work together.
      setImmediate(() => this.dispatch());
    });
  }

  /** Starts every thread now, so they load their code while this thread does other work. */
  warm(): void {
    while (this.slots.length < this.size) this.spawn();
  }

  /** Stops every thread (after an abort); queued and running tasks are rejected with `reason`. */
  destroy(reason: unknown): void {
    this.broken = reason;
    for (const p of this.queue.splice(0)) p.reject(reason);
    for (const slot of this.slots.splice(0)) {
      slot.pending?.reject(reason);
      void slot.worker.terminate();
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.pending === undefined);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.pending = pending;
      slot.worker.ref();
      slot.worker.postMessage({ id: pending.id, task: pending.task }, pending.transfer);
    }
  }

  private spawn(): Slot {
    // A bounded young generation: the threads hold typed arrays, and every megabyte of heap counts
    // in the peak memory; 32 MB rather than 8 because reading Parquet text and timestamps makes
    // many short-lived strings (measured: bench/results.md, "Measurements behind tuning choices").
    const workerData: PoolThreadData = { thread: 'pool' };
    // An old-generation limit too, so a thread out of memory ends alone (threadLimits.ts).
    const worker = new Worker(this.script, { workerData, resourceLimits: threadResourceLimits(32) });
    const slot: Slot = { worker, pending: undefined };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.pending;
      if (!pending || pending.id !== reply.id) return;
      if (reply.type === 'progress') {
        pending.onProgress?.(reply.value);
        return;
      }
      slot.pending = undefined;
      worker.unref();
      if (reply.type === 'done') pending.resolve(reply.result);
      else pending.reject(new Error(reply.message));
      this.dispatch();
    });
    // The thread is gone (out of memory, killed, crashed): its task fails with a message that
    // says so; the other threads go on and a new thread takes the next task.
    const fail = (cause: { error?: unknown; exitCode?: number }) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.pending?.reject(threadFailure(cause, taskDescription(slot.pending.task)));
      slot.pending = undefined;
      this.dispatch();
    };
    worker.on('error', (error) => fail({ error }));
    worker.on('exit', (exitCode) => {
      if (slot.pending) fail({ exitCode });
      else {
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots.splice(i, 1);
      }
    });
    // Idle until given a task (after the listeners: adding one refs the thread again).
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

let shared: WorkerPool | undefined;

/**
 * The process-wide pool, or undefined when threads would not help (one core) or the worker
 * script is missing (an unusual bundle): callers then do the work on their own thread.
 */
export function sharedPool(): WorkerPool | undefined {
  if (shared && !shared.destroyed) return shared;
  const script = findScript();
  const size = poolSize();
  if (!script || size < 2) return undefined;
  shared = new WorkerPool(script, size);
  return shared;
}
