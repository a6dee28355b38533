#!/usr/bin/env node
// @ts-check
// The node_modules files the platform package (drift-inspector-linux-x64-<version>.vsix) carries:
// the runtime of the two packages esbuild.js leaves external, `sharp` (image folders,
// src/core/images/decode.ts) and `@duckdb/node-api` (the DuckDB engine's child process,
// src/core/sources/duckdbChild.ts). Found, not listed by hand, so a version bump cannot leave a
// file behind: from each entry point, every `require('…')` / `require.resolve('…')` with a literal
// name is resolved the way Node resolves it at run time (from the repository root, `exports` and
// the `require` condition included), and followed. Names that do not resolve here are the other
// platforms' optional packages (not installed on linux-x64) and are left out, as they should be.
// Each package's package.json (Node reads it to resolve the package) and its licence files (the
// packages are redistributed: Apache-2.0, MIT, ISC, LGPL-3.0 for libvips) go too; nothing else:
// no README, no .d.ts, no .mjs (the bundles are CommonJS), no C++ sources, no headers.
//   node scripts/native-files.js     prints the list
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** What the bundles require (esbuild.js's externals, pg-native aside: not installed, not used). */
const ENTRY_POINTS = ['sharp', '@duckdb/node-api'];

/**
 * Files loaded by a name built at run time (a template literal), which no literal require shows:
 * - sharp's dist/utility.cjs reads `@img/sharp-libvips-${platform}/versions` for its version list;
 * - duckdb.node links libduckdb.so next to it (ELF NEEDED, RUNPATH $ORIGIN).
 * (sharp-linux-x64's .node finds libvips-cpp.so through its RPATH, and its index.cjs names it with
 * a literal `require.resolve('@img/sharp-libvips-linux-x64/binary')`, so the trace finds it.)
 */
const LOADED_BY_COMPUTED_NAME = ['@img/sharp-libvips-linux-x64/versions', '@duckdb/node-bindings-linux-x64/libduckdb.so'];

const LICENCE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** @param {string} file @returns {string} the folder of the package that holds `file` */
function packageDir(file) {
  let dir = path.dirname(file);
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${file}`);
    dir = parent;
  }
  return dir;
}

/**
 * @param {string} request
 * @param {string} from folder the require happens in
 * @returns {string | undefined}
 */
function resolve(request, from) {
  try {
    return require.resolve(request, { paths: [from] });
  } catch {
    return undefined;
  }
}

/** @returns {string[]} paths relative to the repository root, `node_modules/…`, sorted */
function nativeRuntimeFiles() {
  /** @type {Set<string>} */
  const files = new Set();
  /** @type {Set<string>} */
  const packages = new Set();
  /** @type {string[]} */
  const queue = [];
  const add = (/** @type {string} */ file) => {
    if (files.has(file)) return;
    files.add(file);
    packages.add(packageDir(file));
    if (/\.(c?js)$/.test(file)) queue.push(file);
  };
  for (const entry of [...ENTRY_POINTS, ...LOADED_BY_COMPUTED_NAME]) {
    const file = resolve(entry, root);
    if (!file) throw new Error(`${entry} does not resolve from ${root}: run \`npm install\` (on linux-x64)`);
    add(file);
  }
  while (queue.length) {
    const file = /** @type {string} */ (queue.pop());
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\brequire(?:\.resolve)?\(\s*(['"])([^'"`]+)\1\s*\)/g)) {
      const name = m[2];
      if (name.startsWith('node:') || require('module').isBuiltin(name)) continue;
      const target = resolve(name, path.dirname(file));
      if (target) add(target);
    }
  }
  for (const dir of packages) {
    files.add(path.join(dir, 'package.json'));
    for (const name of fs.readdirSync(dir)) if (LICENCE.test(name)) files.add(path.join(dir, name));
  }
  const modules = path.join(root, 'node_modules') + path.sep;
  return [...files]
    .map((f) => {
      if (!f.startsWith(modules)) throw new Error(`${f} is outside ${modules}`);
      return path.relative(root, f).split(path.sep).join('/');
    })
    .sort();
}

module.exports = { nativeRuntimeFiles, ENTRY_POINTS };

if (require.main === module) console.log(nativeRuntimeFiles().join('\n'));
