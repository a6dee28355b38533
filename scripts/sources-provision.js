'use strict';
// Installs the Debian packages the source tests start servers from, when missing (as root; the
// preflight, scripts/preflight.js where present, does the same before `npm test`). Says what it
// installs and why; without root, throws with the one command to run.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const PACKAGES = [
  { name: 'postgresql-15', check: '/usr/lib/postgresql/15/bin/postgres', why: 'the PostgreSQL source tests start their own server' },
  { name: 'clickhouse-server', check: '/usr/sbin/clickhouse-server', why: 'the ClickHouse source tests start a two-shard cluster' },
  { name: 'clickhouse-client', check: '/usr/bin/clickhouse-client', why: 'comes with the server (its tools)' },
];

function provisionSourceServers(log = (m) => process.stderr.write(`${m}\n`)) {
  const missing = PACKAGES.filter((p) => !fs.existsSync(p.check));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const line = `apt-get install -y --no-install-recommends ${names.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new Error(`missing Debian packages for the source tests; run: sudo ${line}`);
  for (const p of missing) log(`[sources] installing ${p.name}: ${p.why}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...names], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`could not install ${names.join(', ')} (${line} failed)`);
}

module.exports = { provisionSourceServers };
