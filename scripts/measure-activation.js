#!/usr/bin/env node
// @ts-check
// Measures what the extension costs VS Code at start-up: the time to load dist/extension.js
// (`require`, what VS Code reports as "code loading") and to run its activate(). Each run is a
// fresh Node process so nothing is cached between runs; the median of the runs is printed.
// The `vscode` module is a recording stand-in (every member a callable no-op, configuration reads
// return their default), so this measures our code only, not VS Code's. The README's
// "Packaging" numbers come from here. On a busy machine the wall times wander; the CPU time spent
// loading (process.cpuUsage) much less.
//   node scripts/measure-activation.js [--runs 30] [--dist dist] [--dist other-build ...]
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

/** Runs in the child: stub `vscode`, time require + activate, print one JSON line. */
function child(distDir) {
  const fs = require('fs');
  const Module = require('module');
  /** A function-backed proxy: callable, constructible, every property another stub. */
  const stub = (name) => {
    const cache = new Map();
    const target = function () {};
    return new Proxy(target, {
      get(_t, prop) {
        if (prop === 'then') return undefined; // not a promise
        if (prop === Symbol.iterator) return function* () {};
        if (prop === Symbol.toPrimitive) return () => '';
        if (prop === 'get') return (_key, dflt) => dflt; // WorkspaceConfiguration.get: the default
        if (!cache.has(prop)) cache.set(prop, stub(`${name}.${String(prop)}`));
        return cache.get(prop);
      },
      set(_t, prop, value) {
        cache.set(prop, value);
        return true;
      },
      apply: () => stub(`${name}()`),
      construct: () => stub(`new ${name}`),
    });
  };
  // esbuild copies the module's own property names (`import * as vscode`): list the API's.
  const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const vscode = Object.create(null);
  for (const m of dts.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|function) (\w+)/gm)) vscode[m[1]] = stub(m[1]);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === 'vscode') return 'vscode';
    return resolve.call(this, request, ...rest);
  };
  require.cache.vscode = /** @type {any} */ ({ id: 'vscode', filename: 'vscode', loaded: true, exports: vscode });
  const main = path.resolve(distDir, 'extension.js');
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const ext = require(main);
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  const subscriptions = [];
  const context = stub('context');
  /** @type {any} */ (context).subscriptions = subscriptions;
  /** @type {any} */ (context).extension = { packageJSON: { version: 'measure' } };
  ext.activate(context);
  const t2 = process.hrtime.bigint();
  const cpuLoadMs = (c1.user + c1.system) / 1000;
  process.stdout.write(`${JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, cpuLoadMs })}\n`);
  process.exit(0); // timers the activation scheduled do not matter here
}

/**
 * Runs in the child too: the time a worker thread takes to load its bundle (what starting the
 * comparison thread or a pool thread costs before any work), for the thread bundles in distDir.
 */
async function threadChild(distDir, kind) {
  const fs = require('fs');
  const { Worker } = require('worker_threads');
  // Before the merge: compareWorker.js and poolWorker.js; after: worker.js for both.
  const names = kind === 'compare' ? ['compareWorker.js', 'worker.js'] : ['poolWorker.js', 'worker.js'];
  const bundle = names.map((n) => path.join(distDir, n)).find((f) => fs.existsSync(f));
  // The comparison thread gets files that do not exist: it fails after loading, which is not timed.
  const request = { referencePath: '/nonexistent/a.csv', currentPath: '/nonexistent/b.csv', referenceName: 'a', currentName: 'b', settings: {}, generatedBy: 'measure' };
  const workerData = kind === 'compare' ? (bundle.endsWith('compareWorker.js') ? request : { thread: 'compare', request }) : { thread: 'pool' };
  const code = `const { parentPort } = require('worker_threads'); const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint();
    require(${JSON.stringify(bundle)}); const c = process.cpuUsage(c0);
    parentPort.postMessage({ measure: true, ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000 });`;
  const w = new Worker(code, { eval: true, workerData });
  const result = await new Promise((resolve, reject) => {
    w.on('message', (m) => m && m.measure && resolve(m));
    w.on('error', reject);
  });
  process.stdout.write(`${JSON.stringify({ bytes: fs.statSync(bundle).size, ...result })}\n`);
  process.exit(0);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]);
  if (args[0] === '--thread-child') return threadChild(args[1], args[2]);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt === -1 ? 30 : Number(args[runsAt + 1]);
  // Several --dist folders are measured in alternation, so a busy machine slows them alike.
  const dists = args.flatMap((a, i) => (a === '--dist' ? [path.resolve(args[i + 1])] : []));
  if (dists.length === 0) dists.push(path.join(__dirname, '..', 'dist'));
  const results = dists.map(() => ({ loads: /** @type {number[]} */ ([]), activations: /** @type {number[]} */ ([]), cpu: /** @type {number[]} */ ([]) }));
  for (let i = 0; i < runs; i++) {
    dists.forEach((distDir, k) => {
      const r = spawnSync(process.execPath, [__filename, '--child', distDir], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.error(r.stderr || r.stdout);
        process.exit(1);
      }
      const { loadMs, activateMs, cpuLoadMs } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      results[k].cpu.push(cpuLoadMs);
      results[k].loads.push(loadMs);
      results[k].activations.push(activateMs);
    });
  }
  const fs = require('fs');
  dists.forEach((distDir, k) => {
    const { loads, activations, cpu } = results[k];
    const size = fs.statSync(path.join(distDir, 'extension.js')).size;
    console.log(
      `${path.relative(process.cwd(), distDir) || '.'}/extension.js ${(size / 1024).toFixed(0)} KB: load ${median(loads).toFixed(1)} ms, ` +
        `activate ${median(activations).toFixed(1)} ms, CPU time to load ${median(cpu).toFixed(1)} ms ` +
        `(medians of ${runs} fresh Node ${process.version} processes; ` +
        `fastest load ${Math.min(...loads).toFixed(1)} ms)`,
    );
  });
  for (const kind of ['compare', 'pool']) {
    const per = dists.map(() => ({ ms: /** @type {number[]} */ ([]), cpu: /** @type {number[]} */ ([]), bytes: 0 }));
    for (let i = 0; i < runs; i++) {
      dists.forEach((distDir, k) => {
        const r = spawnSync(process.execPath, [__filename, '--thread-child', distDir, kind], { encoding: 'utf8' });
        if (r.status !== 0) {
          console.error(r.stderr || r.stdout);
          process.exit(1);
        }
        const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
        per[k].ms.push(m.ms);
        per[k].cpu.push(m.cpuMs);
        per[k].bytes = m.bytes;
      });
    }
    dists.forEach((distDir, k) => {
      console.log(
        `${path.relative(process.cwd(), distDir) || '.'}: a ${kind} thread loads its bundle (${(per[k].bytes / 1024).toFixed(0)} KB) in ` +
          `${median(per[k].ms).toFixed(1)} ms, CPU ${median(per[k].cpu).toFixed(1)} ms (medians of ${runs})`,
      );
    });
  }
}

main();
