import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { sharedPool, WorkerPool } from '../../src/threads/pool';

let ownPool: WorkerPool | undefined;

/**
 * The pool the tests of "threads change how fast, never what" use: the process-wide one, or on a
 * one-core machine (where sharedPool() declines, src/threads/pool.ts) two threads of our own, so
 * those tests run everywhere instead of skipping. Idle threads are unref'd: mocha still exits.
 */
export function testPool(): WorkerPool {
  const shared = sharedPool();
  if (shared) return shared;
  if (ownPool && !ownPool.destroyed) return ownPool;
  // out/test/unit/ -> out/src/threads/worker.js (compiled by `npm run compile-tests`).
  const script = path.join(__dirname, '..', '..', 'src', 'threads', 'worker.js');
  assert.ok(fs.existsSync(script), `${script} is missing: \`npm run compile-tests\` builds it`);
  ownPool = new WorkerPool(script, 2);
  return ownPool;
}
