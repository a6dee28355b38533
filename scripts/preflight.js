#!/usr/bin/env node
// @ts-check
// Preflight for `npm test` and `npm run demo` (their pre-scripts; .ci/run calls it too): makes sure
// the Debian packages the tests need are installed, so a fresh machine needs nothing but the
// README's commands. All present: one line, done. Something missing:
//  - as root: `apt-get update` once, `apt-get install -y` what is missing (saying what and why),
//    then each package's after-install step;
//  - otherwise: stops at once (exit 1) with the one `sudo ...` line to run. Nothing is skipped.
// Plain Node, no dependencies: it runs before anything else is known to work.
//   node scripts/preflight.js            check, and install as root
//   node scripts/preflight.js --list     print the table
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

/**
 * What the tests need from Debian, and why. Add a row when a test starts to need a package.
 *  - noRecommends: install with --no-install-recommends (recommended packages would start
 *    services listening on 0.0.0.0, such as prometheus-node-exporter).
 *  - after: a script (relative to the repository) to run once the package has been installed.
 *  - codeServer: what scripts/vscode/install-code-server.js needs it for: `build` (installing
 *    code-server compiles native modules) or `run` (driving it in the tests).
 * @typedef {{ name: string, why: string, noRecommends?: boolean, after?: string, codeServer?: 'build' | 'run' }} DebianPackage
 * @type {ReadonlyArray<DebianPackage>}
 */
const PACKAGES = [
  { name: 'chromium', why: 'the browser that drives code-server (a real VS Code) in the browser, integration and e2e tests', codeServer: 'run' },
  { name: 'libkrb5-dev', why: "code-server's kerberos module compiles from source when code-server is installed", codeServer: 'build' },
  { name: 'build-essential', why: "compiles code-server's native modules", codeServer: 'build' },
  { name: 'python3', why: "node-gyp (code-server's native modules) and the scipy reference scripts", codeServer: 'build' },
  { name: 'python3-scipy', why: 'independent reference values the statistics tests compare against (scripts/scipy)' },
  { name: 'python3-pandas', why: "Evidently's pipeline redone with pandas for the engine's reference cases" },
  { name: 'python3-numpy', why: 'numpy sums and random streams the numerical helpers are checked against' },
  { name: 'python3-pil', why: "reference pixels for the image-set tests (Pillow)" },
  {
    name: 'prometheus',
    why: "the real server the Health view's server mode is tested against (tests run their own on 127.0.0.1)",
    noRecommends: true,
    after: 'scripts/prometheus/install.sh',
  },
  { name: 'postgresql-15', why: 'the PostgreSQL source tests start their own server (PostgreSQL 15; scripts/postgres)' },
  { name: 'clickhouse-server', why: 'the ClickHouse source tests start their own two-shard cluster (18.16)', noRecommends: true },
  { name: 'clickhouse-client', why: "the ClickHouse tools the source tests use (clickhouse-server's recommends, not installed with it)", noRecommends: true },
];

const repoRoot = path.resolve(__dirname, '..');
const tag = '[preflight]';

/**
 * @param {ReadonlyArray<{ name: string }>} [rows] default: the whole table
 * @returns {Set<string> | undefined} the packages of `rows` dpkg says are installed; undefined without dpkg
 */
function installedPackages(rows = PACKAGES) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package}\t${Status}\n', ...rows.map((p) => p.name)], { encoding: 'utf8' });
  if (r.error) return undefined; // no dpkg: not Debian
  const installed = new Set();
  for (const line of r.stdout.split('\n')) {
    const [name, status] = line.split('\t');
    if (status === 'install ok installed') installed.add(name.replace(/:.*$/, ''));
  }
  return installed;
}

/** @param {ReadonlyArray<{ name: string, noRecommends?: boolean }>} missing @returns {string[][]} apt-get install argument lists */
function installCommands(missing) {
  const plain = missing.filter((p) => !p.noRecommends).map((p) => p.name);
  const lean = missing.filter((p) => p.noRecommends).map((p) => p.name);
  const out = [];
  if (plain.length > 0) out.push(['install', '-y', ...plain]);
  if (lean.length > 0) out.push(['install', '-y', '--no-install-recommends', ...lean]);
  return out;
}

/**
 * The one shell line that installs `missing` (with sudo), after-install steps included.
 * @param {ReadonlyArray<DebianPackage>} missing
 */
function installLine(missing) {
  const afters = [...new Set(missing.flatMap((p) => (p.after ? [p.after] : [])))];
  return ['sudo apt-get update', ...installCommands(missing).map((c) => `sudo apt-get ${c.join(' ')}`), ...afters.map((a) => `bash ${a}`)].join(' && ');
}

/** @param {string[]} args */
function apt(args) {
  // Wait for the dpkg lock rather than fail when another apt-get is running.
  const full = ['-o', 'DPkg::Lock::Timeout=300', ...args];
  console.log(`${tag} apt-get ${args.join(' ')}`);
  const r = spawnSync('apt-get', full, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

function main() {
  if (process.argv.includes('--list')) {
    for (const p of PACKAGES) console.log(`${p.name.padEnd(18)} ${p.why}`);
    return 0;
  }
  const installed = installedPackages();
  if (!installed) {
    console.log(`${tag} dpkg-query not found (not Debian?): cannot check ${PACKAGES.map((p) => p.name).join(', ')}; the tests need them.`);
    return 0;
  }
  const missing = PACKAGES.filter((p) => !installed.has(p.name));
  if (missing.length === 0) {
    console.log(`${tag} Debian packages present: ${PACKAGES.map((p) => p.name).join(', ')}.`);
    return 0;
  }

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  console.log(`${tag} missing Debian packages:`);
  for (const p of missing) console.log(`${tag}   ${p.name}: ${p.why}`);
  const commands = installCommands(missing);
  const afters = [...new Set(missing.flatMap((p) => (p.after ? [p.after] : [])))];

  if (!isRoot) {
    console.error(`${tag} not root: install them, then run again:\n\n  ${installLine(missing)}\n`);
    return 1;
  }

  console.log(`${tag} installing them (running as root)`);
  if (!apt(['update'])) console.log(`${tag} apt-get update failed; trying the install with the package lists as they are`);
  for (const c of commands) {
    if (!apt(c)) {
      console.error(`${tag} apt-get ${c.join(' ')} failed`);
      return 1;
    }
  }
  for (const a of afters) {
    console.log(`${tag} bash ${a}`);
    const r = spawnSync('bash', [path.join(repoRoot, a)], { stdio: 'inherit', cwd: repoRoot });
    if (r.status !== 0) {
      console.error(`${tag} ${a} failed`);
      return 1;
    }
  }
  const still = installedPackages();
  const notYet = missing.filter((p) => !still?.has(p.name)).map((p) => p.name);
  if (notYet.length > 0) {
    console.error(`${tag} still missing after apt-get: ${notYet.join(', ')}`);
    return 1;
  }
  console.log(`${tag} installed ${missing.map((p) => p.name).join(', ')}.`);
  return 0;
}

module.exports = { PACKAGES, installedPackages, installLine };

if (require.main === module) process.exitCode = main();
