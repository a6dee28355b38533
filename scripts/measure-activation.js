#!/usr/bin/env node
// @ts-check
// Measures what the extension costs VS Code at start-up: the time to load dist/extension.js
// (`require`, what VS Code reports as "code loading") and to run its activate(). Each run is a
// fresh Node process so nothing is cached between runs; the median of the runs is printed.
// The `vscode` module is a recording stand-in (every member a callable no-op, configuration reads
// return their default), so this measures our code only, not VS Code's. The README's
// "Packaging" numbers come from here:
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
  const t0 = process.hrtime.bigint();
  const ext = require(main);
  const t1 = process.hrtime.bigint();
  const subscriptions = [];
  const context = stub('context');
  /** @type {any} */ (context).subscriptions = subscriptions;
  /** @type {any} */ (context).extension = { packageJSON: { version: 'measure' } };
  ext.activate(context);
  const t2 = process.hrtime.bigint();
  process.stdout.write(`${JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6 })}\n`);
  process.exit(0); // timers the activation scheduled do not matter here
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt === -1 ? 30 : Number(args[runsAt + 1]);
  // Several --dist folders are measured in alternation, so a busy machine slows them alike.
  const dists = args.flatMap((a, i) => (a === '--dist' ? [path.resolve(args[i + 1])] : []));
  if (dists.length === 0) dists.push(path.join(__dirname, '..', 'dist'));
  const results = dists.map(() => ({ loads: /** @type {number[]} */ ([]), activations: /** @type {number[]} */ ([]) }));
  for (let i = 0; i < runs; i++) {
    dists.forEach((distDir, k) => {
      const r = spawnSync(process.execPath, [__filename, '--child', distDir], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.error(r.stderr || r.stdout);
        process.exit(1);
      }
      const { loadMs, activateMs } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
      results[k].loads.push(loadMs);
      results[k].activations.push(activateMs);
    });
  }
  const fs = require('fs');
  dists.forEach((distDir, k) => {
    const { loads, activations } = results[k];
    const size = fs.statSync(path.join(distDir, 'extension.js')).size;
    console.log(
      `${path.relative(process.cwd(), distDir) || '.'}/extension.js ${(size / 1024).toFixed(0)} KB: load ${median(loads).toFixed(1)} ms, ` +
        `activate ${median(activations).toFixed(1)} ms (medians of ${runs} fresh Node ${process.version} processes; ` +
        `fastest load ${Math.min(...loads).toFixed(1)} ms)`,
    );
  });
}

main();
