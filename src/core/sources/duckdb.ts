import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetReadError, MISSING_TOKENS } from '../read/dataset';
import type { DuckDbRelation, DuckDbReply, DuckDbRequest } from './duckdbProtocol';
import type { PeriodUnit } from '../../shared/timeline';
import type { SourceTimeline } from './grouped';
import type { SourceProfile } from './sourceProfile';

export interface DuckDbOptions {
  /** DuckDB's memory_limit; past it, DuckDB spills to the temp folder. */
  readonly memoryLimitMB?: number;
  /** Give up (and end the child process) after this long. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Parent folder of the spill folder (default: the system's temp folder). */
  readonly tempDir?: string;
  readonly threads?: number;
  readonly onProgress?: (column: string) => void;
  readonly sample?: { readonly rows: number; readonly seed: number };
}

export const DEFAULT_DUCKDB_MEMORY_MB = 512;

/**
 * The child's script, next to this file's bundle (dist/) or compiled module (out/). The universal
 * .vsix leaves it out with DuckDB's native binding; only the platform package
 * (scripts/package-platform.js) carries both.
 */
function childScript(display: string): string {
  const here = join(__dirname, 'duckdbChild.js');
  if (existsSync(here)) return here;
  throw new DatasetReadError(
    display,
    `DuckDB is not part of this installation (${here} is missing): globs, duckdb: sources and files past the memory budget need the platform package ` +
      'of the extension, drift-inspector-linux-x64-<version>.vsix (the universal drift-inspector-<version>.vsix does not carry DuckDB), or the drift-inspect CLI from npm',
  );
}

/**
 * Profiles a relation with DuckDB in a child process. Its memory_limit bounds DuckDB's own
 * buffers (GROUP BY spills to a private temp folder past it); a crash, an out-of-memory kill, a
 * timeout or a cancel ends the child and becomes a DatasetReadError naming the source.
 */
export function profileWithDuckDb(relation: DuckDbRelation, display: string, options: DuckDbOptions = {}): Promise<SourceProfile> {
  return runDuckDbChild(relation, display, options).then((r) => r as SourceProfile);
}

/** The relation's rows cut into period buckets by DuckDB (one GROUP BY), each bucket profiled. */
export function timelineWithDuckDb(relation: DuckDbRelation, display: string, options: DuckDbOptions, timeColumn: string | undefined, unit: PeriodUnit): Promise<SourceTimeline> {
  return runDuckDbChild(relation, display, options, { column: timeColumn, unit }).then((r) => r as SourceTimeline);
}

/** The tables of a DuckDB database file (run in the child process too). */
export function listDuckDbTables(database: string, display: string, options: DuckDbOptions = {}): Promise<string[]> {
  return runDuckDbChild({ kind: 'list-tables', database }, display, options).then((r) => r as string[]);
}

type ChildResult = SourceProfile | SourceTimeline | string[];

function runDuckDbChild(relation: DuckDbRelation, display: string, options: DuckDbOptions, bucket?: DuckDbRequest['bucket']): Promise<ChildResult> {
  const memoryLimitMB = options.memoryLimitMB ?? DEFAULT_DUCKDB_MEMORY_MB;
  const script = childScript(display);
  const spill = mkdtempSync(join(options.tempDir ?? tmpdir(), 'drift-inspector-duckdb-'));
  const request: DuckDbRequest = {
    relation,
    display,
    memoryLimitMB,
    tempDirectory: spill,
    nullTokens: [...MISSING_TOKENS],
    ...(options.threads ? { threads: options.threads } : {}),
    ...(bucket ? { bucket } : {}),
    ...(options.sample ? { sample: options.sample } : {}),
  };
  return new Promise<ChildResult>((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = fork(script, [], {
      serialization: 'advanced',
      // The child's own JavaScript holds only result rows; DuckDB's memory is outside this heap.
      execArgv: [`--max-old-space-size=${Math.max(256, memoryLimitMB)}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr = (stderr + s).slice(-2000);
    });
    let settled = false;
    let why: string | undefined;
    const finish = (error: Error | undefined, profile?: ChildResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(spill, { recursive: true, force: true });
      if (error) reject(error);
      else resolve(profile!);
    };
    const stop = (reason: string) => {
      why = reason;
      child.kill('SIGKILL');
    };
    const onAbort = () => {
      why = 'cancelled';
      child.kill('SIGKILL');
      finish(options.signal!.reason instanceof Error ? options.signal!.reason : new Error('cancelled'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = options.timeoutMs
      ? setTimeout(() => stop(`DuckDB did not finish within ${options.timeoutMs! / 1000} s (the timeout setting); stopped`), options.timeoutMs)
      : undefined;
    child.on('message', (reply: DuckDbReply) => {
      if (reply.type === 'progress') options.onProgress?.(reply.column);
      else if (reply.type === 'profile') finish(undefined, reply.profile);
      else if (reply.type === 'timeline') finish(undefined, reply.timeline);
      else if (reply.type === 'tables') finish(undefined, [...reply.tables]);
      else finish(new DatasetReadError(display, `DuckDB: ${duckDbMessage(reply.message, memoryLimitMB)}`));
    });
    child.on('error', (e) => finish(new DatasetReadError(display, `the DuckDB process could not start (${e.message})`)));
    child.on('exit', (code, signal) => {
      if (why) return finish(new DatasetReadError(display, why));
      const oom = /out of memory|bad_alloc|heap out of memory/i.test(stderr);
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const hint = oom || signal === 'SIGKILL' ? `: out of memory? DuckDB's memory_limit is ${memoryLimitMB} MB (raise it with --duckdb-memory)` : '';
      // Node prints the error, a stack, then its version: the error line is what helps.
      const lines = stderr.trim().split('\n').map((l) => l.trim()).filter(Boolean);
      const last = (lines.find((l) => /error/i.test(l) && !/^at /.test(l)) ?? lines[lines.length - 1] ?? '').slice(0, 300);
      finish(new DatasetReadError(display, `the DuckDB process ${how} before it finished${hint}${last ? ` (${last})` : ''}`));
    });
    child.send(request);
  });
}

/**
 * DuckDB's message without its advice paragraphs (they name SQL settings our users do not type);
 * for out-of-memory, ours instead.
 */
export function duckDbMessage(message: string, memoryLimitMB: number): string {
  const first = message.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  if (/Out of Memory/i.test(first)) {
    return `${first} (DuckDB's memory_limit is ${memoryLimitMB} MB: raise it with --duckdb-memory or the driftInspector.duckdbMemoryMB setting)`;
  }
  return first;
}
