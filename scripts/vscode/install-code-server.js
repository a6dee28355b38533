#!/usr/bin/env node
// @ts-check
// Installs the offline VS Code used by the integration and e2e tests: code-server (VS Code
// 1.139 served to a browser) and the Node 24 it requires, both from npm, into the gitignored
// cache folder `.vscode-test/code-server/`. Idempotent: a working install is left as it is.
//
//   node scripts/vscode/install-code-server.js           install if needed
//   node scripts/vscode/install-code-server.js --force   reinstall from scratch
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const paths = require('./paths');
const { PACKAGES, installedPackages, installLine } = require('../preflight');

/** @param {string} msg */
function log(msg) {
  console.log(`[code-server install] ${msg}`);
}

/**
 * Reports the Debian packages code-server needs that are missing: the rows of the preflight's
 * table (scripts/preflight.js, the one list) marked for code-server.
 * @returns {{ missing: string[], missingForInstall: string[] }}
 */
function checkDebianPackages() {
  const rows = PACKAGES.filter((p) => p.codeServer !== undefined);
  const installed = installedPackages(rows);
  if (!installed) {
    log(`dpkg-query not found: cannot check Debian packages (need ${rows.map((p) => p.name).join(', ')}).`);
    return { missing: [], missingForInstall: [] };
  }
  const missingRows = rows.filter((p) => !installed.has(p.name));
  for (const p of missingRows) log(`MISSING Debian package ${p.name} (${p.why}).`);
  if (missingRows.length > 0) log(`Install with: ${installLine(missingRows)}`);
  else log(`Debian packages present: ${rows.map((p) => p.name).join(', ')}.`);
  return { missing: missingRows.map((p) => p.name), missingForInstall: missingRows.filter((p) => p.codeServer === 'build').map((p) => p.name) };
}

/**
 * Environment for the nested npm: no npm_* variables inherited from an `npm run` parent (a
 * `npm_config_prefix` or `npm_config_local_prefix` would point the install at the project), Node
 * 24 first on PATH, and node-gyp pointed at the shipped headers so it downloads nothing.
 * @param {boolean} withNode24
 * @returns {NodeJS.ProcessEnv}
 */
function npmEnv(withNode24) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k)) env[k] = v;
  }
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  if (withNode24) {
    env.PATH = `${path.dirname(paths.nodeBin)}${path.delimiter}${env.PATH ?? ''}`;
    env.npm_config_nodedir = paths.nodeDir;
  }
  return env;
}

/**
 * Runs npm in the cache folder, streaming its output.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function runNpm(args, env) {
  const full = ['--prefix', paths.cacheDir, ...args];
  log(`npm ${full.join(' ')}`);
  const r = spawnSync('npm', full, { cwd: paths.cacheDir, env, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed with exit code ${r.status}`);
}

/** @returns {string | undefined} the `--version` line of the installed code-server, if it runs */
function installedVersion() {
  if (!fs.existsSync(paths.nodeBin) || !fs.existsSync(paths.codeServerEntry)) return undefined;
  const nodeV = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' });
  if (nodeV.status !== 0 || !nodeV.stdout.startsWith('v24.')) return undefined;
  const r = spawnSync(paths.nodeBin, [paths.codeServerEntry, '--version'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) return undefined;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return line.startsWith(paths.CODE_SERVER_VERSION) ? line : undefined;
}

/**
 * Installs code-server into the cache unless a working install is there.
 * @param {{ force?: boolean }} [options]
 * @returns {{ nodeBin: string, entry: string, version: string, installed: boolean }}
 */
function ensureCodeServer(options = {}) {
  const started = Date.now();
  if (!options.force) {
    const version = installedVersion();
    if (version) {
      log(`code-server already installed in ${path.relative(process.cwd(), paths.cacheDir) || '.'} (${version}).`);
      return { nodeBin: paths.nodeBin, entry: paths.codeServerEntry, version, installed: false };
    }
  }

  const { missingForInstall } = checkDebianPackages();
  if (missingForInstall.length > 0) {
    throw new Error(`cannot build code-server without the Debian packages: ${missingForInstall.join(', ')}`);
  }

  if (options.force && fs.existsSync(paths.cacheDir)) {
    log(`removing ${paths.cacheDir}`);
    fs.rmSync(paths.cacheDir, { recursive: true, force: true });
  }
  fs.mkdirSync(paths.cacheDir, { recursive: true });

  // npm blocks dependency install scripts unless approved here. code-server's postinstall runs
  // nested installs whose package.json files carry their own approvals. (Not in .npmrc: that is
  // passed to the nested npm and fails with EALLOWSCRIPTS.)
  const manifest = {
    name: 'drift-inspector-code-server',
    private: true,
    description: 'Offline VS Code (code-server) for the Drift Inspector tests. Generated; do not commit.',
    dependencies: { [paths.NODE_PACKAGE]: paths.NODE_VERSION },
    allowScripts: { 'code-server': true, argon2: true },
  };
  fs.writeFileSync(path.join(paths.cacheDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  log(`installing ${paths.NODE_PACKAGE}@${paths.NODE_VERSION} (Node 24 for code-server)`);
  runNpm(['install', '--no-audit', '--no-fund'], npmEnv(false));
  if (!fs.existsSync(paths.nodeBin)) throw new Error(`${paths.nodeBin} missing after install`);

  log(`installing code-server@${paths.CODE_SERVER_VERSION} with Node 24 first on PATH and npm_config_nodedir=${paths.nodeDir}`);
  runNpm(['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${paths.CODE_SERVER_VERSION}`], npmEnv(true));

  const version = installedVersion();
  if (!version) throw new Error('code-server was installed but `entry.js --version` does not run');
  log(`installed ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { nodeBin: paths.nodeBin, entry: paths.codeServerEntry, version, installed: true };
}

module.exports = { ensureCodeServer, checkDebianPackages };

if (require.main === module) {
  try {
    const force = process.argv.includes('--force');
    const result = ensureCodeServer({ force });
    if (!result.installed) checkDebianPackages();
  } catch (e) {
    console.error(`[code-server install] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
