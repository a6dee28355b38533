/**
 * What the pool's worker threads do (started by worker.ts, the one thread entry, bundled as
 * dist/worker.js): parse CSV chunks, read Parquet columns and compare columns for the main thread.
 * Typed arrays in results are transferred, not copied.
 */
import type { MessagePort } from 'node:worker_threads';
import { compareColumn } from '../core/drift/engine';
import type { ColumnReport } from '../shared/report';
import { closeSync, openSync } from 'node:fs';
import { parseRange } from '../core/read/csv/range';
import type { Column } from '../core/read/dataset';
import { fileBuffer, readParquetColumns } from '../core/read/parquet/reader';
import type { WorkerReply, WorkerTask } from './poolProtocol';
import { compareClaimedChunks } from '../core/timeline/timeline';

/** Buffers a column's storage uses, to transfer them instead of copying (shared ones need neither). */
function buffersOf(columns: readonly Column[]): ArrayBuffer[] {
  const buffers = columns.map((c) => (c.storage === 'numeric' ? c.values.buffer : c.codes.buffer));
  return buffers.filter((b): b is ArrayBuffer => !(b instanceof SharedArrayBuffer));
}

async function parquet(task: Extract<WorkerTask, { kind: 'parquet' }>): Promise<{ rows: number; columns: Column[] }> {
  const fd = openSync(task.path, 'r');
  try {
    return await readParquetColumns(fileBuffer(fd, task.size), task.source, {}, new Set(task.columns), true);
  } finally {
    closeSync(fd);
  }
}

/** Serves the pool's tasks on this thread's port until the pool terminates the thread. */
export function servePool(port: MessagePort): void {
  port.on('message', ({ id, task }: { id: number; task: WorkerTask }) => {
    if (task.kind === 'parquet') {
      parquet(task).then(
        (result) => port.postMessage({ id, type: 'done', result } satisfies WorkerReply, buffersOf(result.columns)),
        (e: unknown) => port.postMessage({ id, type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply),
      );
      return;
    }
    try {
      if (task.kind === 'csv') {
        const outcome = parseRange(task.source, task.job, (value) => port.postMessage({ id, type: 'progress', value } satisfies WorkerReply));
        const transfer: ArrayBuffer[] = [];
        if (outcome.ok) {
          const r = outcome.result;
          for (const c of r.columns) {
            if (c.kind === 'numeric') {
              transfer.push(c.values.buffer as ArrayBuffer);
              if (c.nonInteger) transfer.push(c.nonInteger.buffer as ArrayBuffer);
            } else if (c.kind === 'text') {
              transfer.push(c.codes.buffer as ArrayBuffer);
              transfer.push(c.hashes.buffer as ArrayBuffer);
            } else if (c.kind === 'numeric-counts') {
              transfer.push(c.values.buffer as ArrayBuffer, c.counts.buffer as ArrayBuffer);
            } else {
              transfer.push(c.hashes.buffer as ArrayBuffer, c.counts.buffer as ArrayBuffer);
            }
          }
          if (r.keys) transfer.push(r.keys.buffer as ArrayBuffer);
          if (r.rowIndex) transfer.push(r.rowIndex.buffer as ArrayBuffer);
        }
        port.postMessage({ id, type: 'done', result: outcome } satisfies WorkerReply, transfer);
        return;
      }
      if (task.kind === 'timeline-chunks') {
        const chunks = compareClaimedChunks(task.reference, task.current, task.plans, task.claim, task.selected, new Map(task.types), task.settings, task.minRows);
        port.postMessage({ id, type: 'done', result: chunks } satisfies WorkerReply);
        return;
      }
      const reports: (ColumnReport | null)[] = task.names.map((name, i) => {
        try {
          return compareColumn(name, task.reference[i], task.current[i], task.settings);
        } catch {
          return null; // the main thread computes it again and reports the error there
        }
      });
      port.postMessage({ id, type: 'done', result: reports } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ id, type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    }
  });
}
