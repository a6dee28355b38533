import { getHeapStatistics } from 'node:v8';
import type { ResourceLimits } from 'node:worker_threads';
import { ThreadFailure, type Task } from '../core/taskRunner';

/**
 * What a thread may use, and what to say when one ends early (issue 13, fault injection).
 * Without an old-generation limit, a worker thread that runs out of heap takes the whole process
 * with it (V8's fatal "heap out of memory"): the CLI dies with a core dump's worth of text, the
 * extension host with every extension in it. With a limit, Node ends only that thread, with
 * ERR_WORKER_OUT_OF_MEMORY, and the pool (pool.ts) or the comparison runner
 * (src/extension/comparisonRunner.ts) reports it. The default is the starting process's own heap
 * limit, so nothing that fitted before stops fitting.
 */

export const THREAD_HEAP_ENV = 'DRIFT_INSPECT_THREAD_HEAP_MB';

/** The old-generation limit of each thread, in MiB: the environment variable, else this process's heap limit. */
export function threadHeapMb(): number {
  const n = Number(process.env[THREAD_HEAP_ENV]);
  if (Number.isFinite(n) && n > 0) return Math.max(8, Math.floor(n));
  return Math.floor(getHeapStatistics().heap_size_limit / 1048576);
}

export function threadResourceLimits(maxYoungGenerationSizeMb?: number): ResourceLimits {
  return { maxOldGenerationSizeMb: threadHeapMb(), ...(maxYoungGenerationSizeMb ? { maxYoungGenerationSizeMb } : {}) };
}

/** What a pool task was doing, for messages. */
export function taskDescription(task: Task): string {
  if (task.kind === 'csv') return task.source.kind === 'file' ? `reading ${task.source.path}` : 'reading a CSV chunk';
  if (task.kind === 'parquet') return `reading ${task.source}`;
  if (task.kind === 'compare') return `testing column${task.names.length > 1 ? 's' : ''} ${task.names.slice(0, 3).join(', ')}${task.names.length > 3 ? ', ...' : ''}`;
  return 'comparing timeline chunks';
}

/** The ThreadFailure for a thread's 'error' (out of memory) or an unexpected 'exit'. */
export function threadFailure(cause: { error?: unknown; exitCode?: number }, doing: string): ThreadFailure {
  const code = (cause.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ThreadFailure(
      `a worker thread ran out of memory while ${doing} (its heap limit is ${threadHeapMb()} MiB; set ${THREAD_HEAP_ENV} to raise it, or read a sample of the data)`,
      'memory',
    );
  }
  const why = cause.error instanceof Error ? cause.error.message : `exit code ${cause.exitCode ?? 'unknown'}`;
  return new ThreadFailure(`a worker thread stopped unexpectedly while ${doing} (${why}); nothing was written, run it again`, 'stopped');
}
