'use strict';
// Starts a private PostgreSQL 15 (Debian's postgresql-15) on 127.0.0.1 for tests and the bench:
// initdb into a temp dir (as the postgres user: the server refuses to run as root), a free port,
// the unix socket in the temp dir too; started, awaited and stopped by PID with
// scripts/local-server.js, like the ClickHouse and Prometheus of the tests.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { HOST, canConnect, freePort, spawnLogged, stopServer, waitUntilReady } = require('../local-server');

const BIN = '/usr/lib/postgresql/15/bin';
/** A password-protected role for the refused-login tests; `postgres` itself trusts loopback. */
const TEST_USER = { name: 'drift', password: 'drift-secret' };

function asPostgres(cmd, args) {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

function postgresIds() {
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts the server and resolves once it accepts connections and answers a query with
 * `{ host, port, pid, user: 'postgres', testUser, dir, psql(sql), stop() }`. `stop()` sends SIGINT
 * (fast shutdown) to the PID (SIGKILL after 10 s) and deletes the temp dir.
 */
async function startPostgres({ bin = BIN, startTimeoutMs = 60000 } = {}) {
  if (!fs.existsSync(path.join(bin, 'postgres'))) {
    throw new Error(`startPostgres: ${bin}/postgres not found; install Debian's server: apt-get install -y --no-install-recommends postgresql-15`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-inspector-postgres-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  fs.mkdirSync(socketDir);
  spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  try {
    // trust on loopback for postgres; scram for the test role (pg_hba below).
    asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  fs.writeFileSync(
    path.join(data, 'pg_hba.conf'),
    ['local all postgres trust', `host all ${TEST_USER.name} 127.0.0.1/32 scram-sha-256`, 'host all postgres 127.0.0.1/32 trust', ''].join('\n'),
  );
  spawnSync('chown', ['postgres:postgres', path.join(data, 'pg_hba.conf')]);
  const port = await freePort();
  const logFile = path.join(dir, 'postgres.log');
  fs.closeSync(fs.openSync(logFile, 'a'));
  spawnSync('chown', ['postgres:postgres', logFile]);
  // Started as the postgres user directly (not through runuser), so the PID is the server's own.
  const { uid, gid } = postgresIds();
  const server = spawnLogged(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', `listen_addresses=${HOST}`, '-c', `unix_socket_directories=${socketDir}`, '-c', 'fsync=off', '-c', 'shared_buffers=64MB'],
    { logFile, cwd: dir, uid, gid },
  );
  const { child } = server;
  const psql = (sql, db = 'postgres') => asPostgres(path.join(bin, 'psql'), ['-h', socketDir, '-p', String(port), '-d', db, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-A', '-t', '-c', sql]);
  const stop = async () => {
    // SIGINT: fast shutdown (SIGTERM waits for clients to leave).
    await stopServer(server, { signal: 'SIGINT' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const answers = () => {
    try {
      psql('SELECT 1');
      return true;
    } catch {
      return false; // still starting
    }
  };
  try {
    await waitUntilReady(server, { what: 'postgres', ready: async () => (await canConnect(port)) && answers(), timeoutMs: startTimeoutMs, logFiles: [logFile] });
  } catch (e) {
    await stop();
    throw e;
  }
  psql(`CREATE ROLE ${TEST_USER.name} LOGIN PASSWORD '${TEST_USER.password}'`);
  let stopping;
  return {
    host: HOST,
    port,
    pid: child.pid,
    user: 'postgres',
    testUser: TEST_USER,
    dir,
    psql,
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}

module.exports = { startPostgres, TEST_USER, BIN };

if (require.main === module) {
  startPostgres().then(
    (s) => {
      process.stdout.write(JSON.stringify({ port: s.port, pid: s.pid, dir: s.dir }) + '\n');
      const stop = () => s.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    },
  );
}
