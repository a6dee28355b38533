import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { TaskRunner } from '../../taskRunner';
import { throwIfAborted } from '../abort';
import type { Column, Dataset, ReadOptions } from '../dataset';
import { parquetColumnSizes, fileBuffer, readParquet } from './reader';

/**
 * Reads a Parquet file from disk with its columns split between the worker threads (each decodes
 * whole columns, reading only their chunks from the file), so the reference and the current file
 * decode on all cores at once. Anything unusual (a damaged file, a thread that fails) falls back
 * to reading the whole file on this thread, which also words every error.
 */

/** Smaller files are read on this thread (starting threads would cost more). */
const PARALLEL_FROM = 2 << 20;

/** `parallelFrom`: the size from which threads are used (tests lower it). */
export async function readParquetFile(
  path: string,
  source: string,
  size: number,
  options: ReadOptions & { readonly parallelFrom?: number } = {},
): Promise<Dataset> {
  const pool = size >= (options.parallelFrom ?? PARALLEL_FROM) ? options.runner : undefined;
  if (pool) {
    try {
      const read = await readSplit(pool, path, source, size, options);
      if (read) return read;
    } catch (e) {
      if (options.signal?.aborted) throw e;
      // fall back below
    }
  }
  return readParquet(await readFile(path, { signal: options.signal }), source, options);
}

async function readSplit(pool: TaskRunner, path: string, source: string, size: number, options: ReadOptions): Promise<Dataset | undefined> {
  throwIfAborted(options.signal);
  let sizes: { name: string; bytes: number }[];
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(4);
    const tail = new Uint8Array(4);
    readSync(fd, head, 0, 4, 0);
    readSync(fd, tail, 0, 4, size - 4);
    const magic = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;
    if (!magic(head) || !magic(tail)) return undefined;
    sizes = await parquetColumnSizes(fileBuffer(fd, size));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  if (new Set(sizes.map((s) => s.name)).size !== sizes.length) return undefined;
  // One task per column (a wide file: groups of about equal work); the pool starts the costliest
  // first, across both files of a comparison.
  const count = Math.min(sizes.length, Math.max(pool.size * 4, 16));
  const groups = Array.from({ length: count }, () => ({ names: [] as string[], bytes: 0 }));
  for (const s of [...sizes].sort((a, b) => b.bytes - a.bytes)) {
    const g = groups.reduce((best, x) => (x.bytes < best.bytes ? x : best));
    g.names.push(s.name);
    g.bytes += s.bytes;
  }
  const onAbort = () => pool.destroy(options.signal?.reason ?? new DOMException('The read was aborted', 'AbortError'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const total = groups.reduce((s, g) => s + g.bytes, 0) || 1;
    let done = 0;
    const parts = await Promise.all(
      groups.map((g) =>
        pool.run<{ rows: number; columns: Column[] }>({ kind: 'parquet', path, source, size, columns: g.names }, [], undefined, g.bytes).then((r) => {
          done += g.bytes;
          options.onProgress?.(Math.round((done / total) * size), size);
          return r;
        }),
      ),
    );
    const byName = new Map(parts.flatMap((p) => p.columns.map((c) => [c.name, c] as const)));
    const columns = sizes.map((s) => byName.get(s.name)!);
    return { source, format: 'parquet', rows: parts[0].rows, columns, warnings: [] };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
