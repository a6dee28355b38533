import type { Task } from '../core/taskRunner';

/** A pool thread's workerData (worker.ts dispatches on `thread`). */
export interface PoolThreadData {
  readonly thread: 'pool';
}

/** What a pool thread is asked to do: the core's tasks (src/core/taskRunner.ts). */
export type WorkerTask = Task;

export type WorkerReply =
  | { readonly id: number; readonly type: 'progress'; readonly value: number }
  | { readonly id: number; readonly type: 'done'; readonly result: unknown }
  | { readonly id: number; readonly type: 'error'; readonly message: string };
