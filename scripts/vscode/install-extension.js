// @ts-check
// Installs the packaged extension, the .vsix `npm run package` makes, into a code-server
// extensions folder with code-server's own `--install-extension`: what the integration and e2e
// tests and `npm run demo` run is exactly what ships.
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

/** @returns {string} where `npm run package` (vsce) writes the package: `<name>-<version>.vsix` */
function vsixPath() {
  const { name, version } = manifest();
  return path.join(paths.repoRoot, `${name}-${version}.vsix`);
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
 * @param {string} [vsix] default: the package `npm run package` made
 * @returns {string} the installed extension's folder
 */
function installExtension(dirs, vsix = vsixPath()) {
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
  const target = path.join(dirs.extensionsDir, `${extensionId()}-${version}`);
  if (r.status !== 0 || !fs.existsSync(path.join(target, 'package.json'))) {
    throw new Error(`code-server --install-extension ${path.basename(vsix)} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  console.log(`[extension] installed ${path.basename(vsix)} with code-server --install-extension in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

module.exports = { installExtension, vsixPath, extensionId };
