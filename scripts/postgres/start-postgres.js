'use strict';
// Starts a private PostgreSQL 15 (Debian's postgresql-15) on 127.0.0.1 for tests and the bench:
// initdb into a temp dir (as the postgres user: the server refuses to run as root), a free port,
// the unix socket in the temp dir too, stopped by PID like scripts/prometheus/start-prometheus.js.

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const BIN = '/usr/lib/postgresql/15/bin';
const HOST = '127.0.0.1';
/** A password-protected role for the refused-login tests; `postgres` itself trusts loopback. */
const TEST_USER = { name: 'drift', password: 'drift-secret' };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

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
 * `{ host, port, pid, user: 'postgres', testUser, dir, psql(sql), stop() }`. `stop()` sends SIGTERM
 * to the PID (SIGKILL after 10 s) and deletes the temp dir.
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
  const log = fs.openSync(logFile, 'a');
  spawnSync('chown', ['postgres:postgres', logFile]);
  // Started as the postgres user directly (not through runuser), so the PID is the server's own.
  const { uid, gid } = postgresIds();
  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-c', `listen_addresses=${HOST}`, '-c', `unix_socket_directories=${socketDir}`, '-c', 'fsync=off', '-c', 'shared_buffers=64MB'],
    { stdio: ['ignore', log, log], uid, gid, cwd: dir },
  );
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  child.once('error', () => undefined);
  let exitedWith;
  exited.then((how) => (exitedWith = how));
  const psql = (sql, db = 'postgres') => asPostgres(path.join(bin, 'psql'), ['-h', socketDir, '-p', String(port), '-d', db, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-A', '-t', '-c', sql]);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGINT: fast shutdown (SIGTERM waits for clients to leave).
      process.kill(child.pid, 'SIGINT');
      const force = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
      }, 10000);
      await exited;
      clearTimeout(force);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitedWith !== undefined) {
      await stop();
      throw new Error(`postgres exited (${exitedWith}):\n${tail(logFile)}`);
    }
    if (await canConnect(port)) {
      try {
        psql('SELECT 1');
        break;
      } catch {
        /* still starting */
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`postgres not ready within ${startTimeoutMs} ms:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
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
