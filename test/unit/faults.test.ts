import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProfileCache } from '../../src/core/read/cache';
import { readDatasetFile } from '../../src/core/read/index';
import { ThreadFailure } from '../../src/core/taskRunner';
import { WorkerPool } from '../../src/threads/pool';
import { THREAD_HEAP_ENV } from '../../src/threads/threadLimits';

// Issue 13, "make the classes impossible": fault injection. A disk that fills up or turns
// read-only, a thread that dies or runs out of memory, a file that changes while it is read, a
// signal at each stage of a run: each ends with a clear message (exit 2) or a warning, never a
// partial file under a final name, a stray temp file or a lost previous report.
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const [REF, CUR] = ['reference', 'current'].map((s) => path.join(ROOT, 'test/fixtures/pairs', `penguins-halves-${s}.csv`));

function cli(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  // The timeout is a watchdog: a hang fails the test instead of stopping the suite.
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 120_000, env: { ...process.env, ...env } });
  assert.equal(r.signal, null, `stopped by ${String(r.signal)}: it hung`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectClearError(r: { code: number | null; err: string }, message: RegExp) {
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, message);
  assert.doesNotMatch(r.err, /internal error|\n\s+at /);
}

/**
 * A small tmpfs at `dir` (the machine's own file system cannot be filled safely). Root is needed;
 * without it the test FAILS: skipping would let a broken fault path pass unnoticed.
 */
function mountTmpfs(dir: string, size = '64k'): void {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mount -t tmpfs failed (the fault tests run as root): ${r.stderr}`);
}

function remountReadOnly(dir: string): void {
  const r = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `remount read-only failed: ${r.stderr}`);
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

/** Fills the file system under `dir` to the last byte. */
function fill(dir: string): void {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096, 1));
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
}

const temps = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('faults: disk full and read-only folders (issue 13, fault injection)', () => {
  let dir: string;
  let disk: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-faults-'));
    disk = path.join(dir, 'disk');
    fs.mkdirSync(disk);
    mountTmpfs(disk);
  });
  afterEach(() => {
    unmount(disk);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--out on a full disk: exit 2 naming the file and ENOSPC; the previous report whole, no temp file', () => {
    const out = path.join(disk, 'report.html');
    fs.writeFileSync(out, 'previous report');
    fill(disk);
    const r = cli(dir, {}, 'compare', REF, CUR, '--format', 'html', '--out', out);
    expectClearError(r, /report\.html: cannot be written: the disk is full \(ENOSPC\); the previous file, if any, is unchanged/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'previous report');
    assert.deepEqual(fs.readdirSync(disk).sort(), ['filler', 'report.html']);
  });

  it('--out in a read-only folder: refused before any work (a corrupt input is not reached)', () => {
    fs.writeFileSync(path.join(disk, 'report.json'), 'previous report');
    remountReadOnly(disk);
    fs.writeFileSync(path.join(dir, 'bad.parquet'), 'not parquet');
    const r = cli(dir, {}, 'compare', 'bad.parquet', CUR, '--out', path.join(disk, 'report.json'));
    assert.equal(r.code, 2);
    assert.match(r.err, /--out .*report\.json: the folder .*disk is not writable/);
    assert.equal(fs.readFileSync(path.join(disk, 'report.json'), 'utf8'), 'previous report');
  });

  it('the cache on a full disk or a read-only folder: one warning, the comparison goes on, no temp file', async () => {
    const cacheDir = path.join(disk, 'cache');
    fs.mkdirSync(cacheDir);
    fill(disk);
    const full = cli(dir, {}, 'compare', REF, CUR, '--cache', cacheDir);
    assert.equal(full.code, 0, full.err);
    assert.match(full.out, /profile cache: the folder .*cache cannot be written \(ENOSPC\); profiles are not cached/);
    assert.deepEqual(fs.readdirSync(cacheDir), []);
    fs.rmSync(path.join(disk, 'filler'));
    remountReadOnly(disk);
    const warnings: string[] = [];
    const cache = new ProfileCache({ dir: cacheDir, onWarning: (m) => warnings.push(m) });
    const { profile } = await cache.read(REF, {}, readDatasetFile);
    assert.ok(profile.rows > 0);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /cannot be written \(EROFS\)/);
    assert.deepEqual(fs.readdirSync(cacheDir), []);
  });
});

describe('faults: a signal at each stage of a run (issue 13, fault injection)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-signals-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const stage of ['reading', 'computing', 'writing'] as const) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${signal} while ${stage}: the previous report whole, no temp file in --out's folder or the cache`, async () => {
        const out = path.join(dir, 'report.html');
        const cacheDir = path.join(dir, 'cache');
        fs.writeFileSync(out, 'previous report');
        // src/cli/stageHold.ts: the run waits at the stage (writing: with part of the report in
        // the temp file) so the signal lands there, not by timing.
        const child = spawn(process.execPath, [CLI, 'compare', REF, CUR, '--format', 'html', '--out', out, '--cache', cacheDir], {
          env: { ...process.env, DRIFT_INSPECT_HOLD_AT: stage },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        await new Promise<void>((resolve, reject) => {
          child.stderr.on('data', (d: Buffer) => {
            err += d.toString();
            if (err.includes(`holding at ${stage}`)) resolve();
          });
          child.on('exit', () => reject(new Error(`ended before ${stage}: ${err}`)));
        });
        if (stage === 'writing') assert.equal(temps(dir).length, 1, 'the report goes to a temp file first');
        child.kill(signal);
        const [code, by] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
        // Killed by the signal (no handler while nothing is written) or 128 + its number (the temp file removed first).
        assert.ok(by === signal || code === (signal === 'SIGINT' ? 130 : 143), `exit ${code} ${by}`);
        assert.equal(fs.readFileSync(out, 'utf8'), 'previous report');
        assert.deepEqual(temps(dir), []);
        if (fs.existsSync(cacheDir)) assert.deepEqual(temps(cacheDir), []);
      });
    }
  }
});

describe('faults: threads that die or run out of memory (issue 13, fault injection)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-threads-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a pool thread out of memory: the CLI says so and exits 2 (the process is not taken down)', () => {
    // Over 8 MiB, so the CSV is parsed by the pool's threads (read/csv/plan.ts), with many distinct strings.
    const lines = ['id,name,x'];
    for (let i = 0; i < 170_000; i++) lines.push(`${i},${(i * 2654435761).toString(16).padStart(30, 'a')},${(i % 977) / 7}`);
    fs.writeFileSync(path.join(dir, 'big.csv'), lines.join('\n') + '\n');
    fs.copyFileSync(path.join(dir, 'big.csv'), path.join(dir, 'big2.csv'));
    const r = cli(dir, { [THREAD_HEAP_ENV]: '8' }, 'compare', 'big.csv', 'big2.csv');
    expectClearError(r, /a worker thread ran out of memory while reading .*big2?\.csv \(its heap limit is 8 MiB; set DRIFT_INSPECT_THREAD_HEAP_MB to raise it/);
  });

  it('a pool thread that stops mid-task: its task fails with a clear error, the pool goes on with a new thread', async () => {
    // A thread script that ends itself on one task (as a crash in native code would) and answers the others.
    const script = path.join(dir, 'dies.js');
    fs.writeFileSync(
      script,
      `const { parentPort } = require('worker_threads');
       parentPort.on('message', ({ id, task }) => {
         if (task.names[0] === 'die') process.exit(3);
         parentPort.postMessage({ id, type: 'done', result: task.names });
       });`,
    );
    const pool = new WorkerPool(script, 2);
    const task = (name: string) => ({ kind: 'compare' as const, names: [name], reference: [], current: [], settings: {} });
    await assert.rejects(pool.run(task('die')), (e: unknown) => e instanceof ThreadFailure && e.kind === 'stopped' && /stopped unexpectedly while testing column die \(exit code 3\)/.test(e.message));
    assert.deepEqual(await pool.run(task('next')), ['next']);
    pool.destroy(new Error('done'));
  });
});

describe('faults: a file that changes or vanishes while it is read (issue 13, fault injection)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-changing-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [ext, fixture] of [
    ['csv', 'test/fixtures/pairs/flights20k-febmar.csv'],
    ['jsonl', undefined],
  ] as const) {
    it(`.${ext}: appended to while read -> an error saying so; removed while read -> an error saying so`, async () => {
      const file = path.join(dir, `data.${ext}`);
      const write = () =>
        fixture
          ? fs.copyFileSync(path.join(ROOT, fixture), file)
          : fs.writeFileSync(file, Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ a: i, b: `v${i % 13}` })).join('\n') + '\n');
      write();
      let touched = false;
      // The read's own progress callback is the moment "while read": the change lands mid-read.
      const appending = readDatasetFile(file, {
        onProgress: () => {
          if (touched) return;
          touched = true;
          fs.appendFileSync(file, fixture ? fs.readFileSync(path.join(ROOT, fixture), 'utf8').split('\n')[1] + '\n' : '{"a": 1, "b": "x"}\n');
        },
      });
      await assert.rejects(appending, /the file changed while it was read; read it again once it is complete/);
      write();
      touched = false;
      const removing = readDatasetFile(file, {
        onProgress: () => {
          if (touched) return;
          touched = true;
          fs.rmSync(file);
        },
      });
      await assert.rejects(removing, /the file was removed while it was read/);
    });
  }
});

describe('limits: a .json of records one per line, and CSV rows (issue 13, findings 5 and 6)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-rowlimits-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a .json starting with `{` is streamed as JSON Lines: the line limit applies, the JSON size limit does not', () => {
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ a: i, b: `v${i % 7}` }));
    fs.writeFileSync(path.join(dir, 'records.json'), lines.join('\n') + '\n');
    // 0.001 MiB: the file is over the JSON size limit, yet read, as a .jsonl would be.
    const ok = cli(dir, { DRIFT_INSPECT_MAX_JSON_MB: '0.001' }, 'compare', 'records.json', 'records.json', '--format', 'json');
    assert.equal(ok.code, 0, ok.err);
    assert.equal(JSON.parse(ok.out).reference.rows, 200);
    fs.writeFileSync(path.join(dir, 'long.json'), `{"a": 1}\n{"a": "${'x'.repeat(3000)}"}\n`);
    expectClearError(cli(dir, { DRIFT_INSPECT_MAX_LINE_MB: '0.001' }, 'compare', 'long.json', CUR), /long\.json, line 2: this line is more than the limit of 0\.001 MiB for a line or field \(set DRIFT_INSPECT_MAX_LINE_MB to raise it\)/);
  });

  it('a CSV row of many short fields over the line limit stops with its line (the fast path too)', () => {
    // 200 columns: a header under 1 KiB, each field 6 bytes, a data row of 1.4 KB.
    const names = Array.from({ length: 200 }, (_, i) => `c${i}`);
    const row = (k: number) => names.map((_, j) => `v${String((j + k) % 10000).padStart(4, '0')}`).join(',');
    fs.writeFileSync(path.join(dir, 'wide.csv'), `${names.join(',')}\n${row(0)}\n${row(1)}\n`);
    assert.ok(names.join(',').length < 1048);
    expectClearError(cli(dir, { DRIFT_INSPECT_MAX_LINE_MB: '0.001' }, 'compare', 'wide.csv', 'wide.csv'), /wide\.csv, line 2: this row is more than the limit of 0\.001 MiB for a line or field \(set DRIFT_INSPECT_MAX_LINE_MB to raise it\)/);
  });
});
