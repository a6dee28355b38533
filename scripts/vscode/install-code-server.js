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

/** Debian packages: what each is for, and whether installing code-server needs it. */
const DEBIAN_PACKAGES = [
  { name: 'build-essential', why: 'compiles code-server native modules', neededToInstall: true },
  { name: 'libkrb5-dev', why: 'the kerberos module always compiles from source', neededToInstall: true },
  { name: 'python3', why: 'node-gyp runs python3', neededToInstall: true },
  { name: 'chromium', why: 'the browser that drives code-server in the tests', neededToInstall: false },
];

/** @param {string} msg */
function log(msg) {
  console.log(`[code-server install] ${msg}`);
}

/** @param {string} name @returns {boolean} */
function isDebianPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/**
 * Reports the Debian packages that are missing.
 * @returns {{ missing: string[], missingForInstall: string[] }}
 */
function checkDebianPackages() {
  const hasDpkg = spawnSync('dpkg-query', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!hasDpkg) {
    log('dpkg-query not found: cannot check Debian packages (need chromium, libkrb5-dev, build-essential, python3).');
    return { missing: [], missingForInstall: [] };
  }
  const missing = [];
  const missingForInstall = [];
  for (const p of DEBIAN_PACKAGES) {
    if (isDebianPackageInstalled(p.name)) continue;
    missing.push(p.name);
    if (p.neededToInstall) missingForInstall.push(p.name);
    log(`MISSING Debian package ${p.name} (${p.why}).`);
  }
  if (missing.length > 0) {
    const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : '';
    log(`Install with: ${sudo}apt-get update && ${sudo}apt-get install -y ${missing.join(' ')}`);
  } else {
    log(`Debian packages present: ${DEBIAN_PACKAGES.map((p) => p.name).join(', ')}.`);
  }
  return { missing, missingForInstall };
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
