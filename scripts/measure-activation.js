#!/usr/bin/env node
// @ts-check
// Measures what the extension costs VS Code at start-up: the time to load dist/extension.js
// (`require`, what VS Code reports as "code loading") and to run its activate(). Each run is a
// fresh Node process so nothing is cached between runs; the median of the runs is printed.
// The `vscode` module is a recording stand-in (every member a callable no-op, configuration reads
// return their default), so this measures our code only, not VS Code's. The README's
// "Packaging" numbers come from here:
//   node scripts/measure-activation.js [--runs 15] [--dist dist]
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
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : args[i + 1];
  };
  if (args[0] === '--child') return child(args[1]);
  const runs = Number(opt('--runs', '30'));
  const distDir = path.resolve(opt('--dist', path.join(__dirname, '..', 'dist')));
  const loads = [];
  const activations = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [__filename, '--child', distDir], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(r.stderr || r.stdout);
      process.exit(1);
    }
    const { loadMs, activateMs } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    loads.push(loadMs);
    activations.push(activateMs);
  }
  const fs = require('fs');
  const size = fs.statSync(path.join(distDir, 'extension.js')).size;
  console.log(
    `dist/extension.js ${(size / 1024).toFixed(0)} KB: load ${median(loads).toFixed(1)} ms, activate ${median(activations).toFixed(1)} ms ` +
      `(median of ${runs} fresh Node ${process.version} processes; min load ${Math.min(...loads).toFixed(1)} ms)`,
  );
}

main();
