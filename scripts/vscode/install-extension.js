// @ts-check
// Installs a packaged extension, one of the two .vsix files `npm run package` makes, into a
// code-server extensions folder with code-server's own `--install-extension`: what the
// integration and e2e tests and `npm run demo` run is exactly what ships. By default the
// universal package (under 1 MB, no native modules), the one every platform gets; the suites that
// need sharp (image folders) or DuckDB ask for the linux-x64 package, the only one that carries
// them. Nothing is found through the repository's node_modules (code-server starts without
// NODE_PATH, scripts/vscode/code-server.js).
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const paths = require('./paths');
const { codeServerEnv } = require('./code-server');

/** @returns {{ publisher: string, name: string, version: string }} */
function manifest() {
  return JSON.parse(fs.readFileSync(path.join(paths.repoRoot, 'package.json'), 'utf8'));
}

/** The platform this machine runs, the one package with the native modules is built for. */
const TARGET = 'linux-x64';

/**
 * Which of the two packages: `universal` (every platform, no sharp or DuckDB) or the platform
 * package `linux-x64` (everything).
 * @typedef {'universal' | 'linux-x64'} PackageKind
 */

/**
 * @param {PackageKind} [kind] default: the universal package
 * @returns {string} where `npm run package` (vsce) writes it: `<name>[-<target>]-<version>.vsix`
 */
function vsixPath(kind = 'universal') {
  const { name, version } = manifest();
  if (kind !== 'universal' && kind !== TARGET) throw new Error(`no package kind ${JSON.stringify(kind)}: universal or ${TARGET}`);
  return path.join(paths.repoRoot, kind === 'universal' ? `${name}-${version}.vsix` : `${name}-${kind}-${version}.vsix`);
}

/** @returns {string} the extension's id, `publisher.name` */
function extensionId() {
  const { publisher, name } = manifest();
  return `${publisher}.${name}`;
}

/**
 * Installs the .vsix with `code-server --install-extension` (run before code-server starts on
 * these folders: it reads the extensions folder at start).
 * @param {{ extensionsDir: string, userDataDir: string }} dirs
 * @param {string} [vsix] default: the universal package `npm run package` made
 * @returns {string} the installed extension's folder
 */
function installExtension(dirs, vsix = vsixPath('universal')) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} missing: run \`npm run package\` first`);
  if (!fs.existsSync(paths.codeServerEntry)) {
    throw new Error('code-server is not installed: run `node scripts/vscode/install-code-server.js`');
  }
  const started = Date.now();
  const r = spawnSync(
    paths.nodeBin,
    [paths.codeServerEntry, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--install-extension', vsix],
    { cwd: paths.repoRoot, env: codeServerEnv(), encoding: 'utf8', timeout: 120_000 },
  );
  const { version } = manifest();
  // A platform package's folder carries its target: publisher.name-<version>-linux-x64.
  const folders = [`${extensionId()}-${version}-${TARGET}`, `${extensionId()}-${version}`].map((f) => path.join(dirs.extensionsDir, f));
  const target = folders.find((f) => fs.existsSync(path.join(f, 'package.json'))) ?? folders[0];
  if (r.status !== 0 || !fs.existsSync(path.join(target, 'package.json'))) {
    throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  console.log(`[extension] installed ${path.basename(vsix)} with code-server --install-extension in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

module.exports = { installExtension, vsixPath, extensionId, TARGET };
