'use strict';
// Starts a private two-shard ClickHouse cluster (Debian's clickhouse-server 18.16) on 127.0.0.1 for
// tests and the bench: two server processes, each with its own config file, ports and data in a
// temp dir, both naming the cluster `drift` (one shard each) in `remote_servers`, so a Distributed
// table on either runs every query on both and merges. Started, awaited and stopped by PID with
// scripts/local-server.js, like the PostgreSQL and Prometheus of the tests.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { HOST, freePort, httpStatus, spawnLogged, stopServer, waitUntilReady } = require('../local-server');

const SERVER = '/usr/sbin/clickhouse-server';
const CLUSTER = 'drift';
/** A user with a password, for the refused-login tests (`default` has none, as shards talk as it). */
const TEST_USER = { name: 'drift', password: 'drift-secret' };

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function configXml({ dir, httpPort, tcpPort, shards }) {
  const shardXml = shards
    .map((p) => `      <shard><replica><host>${HOST}</host><port>${p}</port></replica></shard>`)
    .join('\n');
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${xmlEscape(path.join(dir, 'server.log'))}</log>
    <errorlog>${xmlEscape(path.join(dir, 'server.err.log'))}</errorlog>
    <console>0</console>
  </logger>
  <listen_host>${HOST}</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${xmlEscape(path.join(dir, 'data'))}/</path>
  <tmp_path>${xmlEscape(path.join(dir, 'tmp'))}/</tmp_path>
  <user_files_path>${xmlEscape(path.join(dir, 'user_files'))}/</user_files_path>
  <format_schema_path>${xmlEscape(path.join(dir, 'format_schemas'))}/</format_schema_path>
  <users_config>${xmlEscape(path.join(dir, 'users.xml'))}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <${CLUSTER}>
${shardXml}
    </${CLUSTER}>
  </remote_servers>
</yandex>
`;
}

function usersXml() {
  const user = (name, password) => `    <${name}>
      <password>${xmlEscape(password)}</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </${name}>`;
  return `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default><readonly><readonly>1</readonly></readonly></profiles>
  <users>
${user('default', '')}
${user(TEST_USER.name, TEST_USER.password)}
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

function startServer(dir, binary) {
  return spawnLogged(binary, [`--config-file=${path.join(dir, 'config.xml')}`], { logFile: path.join(dir, 'stdout.log'), cwd: dir });
}

/**
 * Starts the two shards and resolves once both answer /ping with
 * `{ shards: [{ httpPort, tcpPort, pid }], cluster, user, stop() }`. `stop()` sends SIGTERM to each
 * PID (SIGKILL after 10 s) and deletes the temp dirs.
 */
async function startClickHouseCluster({ binary = SERVER, startTimeoutMs = 60000 } = {}) {
  if (!fs.existsSync(binary)) {
    throw new Error(
      `startClickHouseCluster: ${binary} not found; install Debian's server: apt-get install -y --no-install-recommends clickhouse-server clickhouse-client`,
    );
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-inspector-clickhouse-'));
  const ports = [];
  for (let i = 0; i < 2; i++) ports.push({ httpPort: await freePort(), tcpPort: await freePort() });
  const tcpPorts = ports.map((p) => p.tcpPort);
  const servers = [];
  const stopAll = async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [i, p] of ports.entries()) {
      const dir = path.join(root, `shard${i + 1}`);
      for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
      fs.writeFileSync(path.join(dir, 'config.xml'), configXml({ dir, ...p, shards: tcpPorts }));
      fs.writeFileSync(path.join(dir, 'users.xml'), usersXml());
      servers.push({ dir, ...p, ...startServer(dir, binary) });
    }
    const deadline = Date.now() + startTimeoutMs;
    for (const s of servers) {
      await waitUntilReady(s, {
        what: 'clickhouse-server',
        ready: async () => (await httpStatus(`http://${HOST}:${s.httpPort}/ping`)) === 200,
        timeoutMs: startTimeoutMs,
        deadline,
        logFiles: [path.join(s.dir, 'server.err.log'), path.join(s.dir, 'stdout.log')],
      });
    }
  } catch (e) {
    await stopAll();
    throw e;
  }
  let stopping;
  return {
    cluster: CLUSTER,
    user: TEST_USER,
    shards: servers.map((s) => ({ httpPort: s.httpPort, tcpPort: s.tcpPort, pid: s.child.pid })),
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}

/** True when Debian's ClickHouse server is installed. */
function clickHouseInstalled(binary = SERVER) {
  return fs.existsSync(binary);
}

module.exports = { startClickHouseCluster, clickHouseInstalled, CLUSTER, TEST_USER };

if (require.main === module) {
  startClickHouseCluster().then(
    (c) => {
      process.stdout.write(JSON.stringify({ shards: c.shards, cluster: c.cluster }) + '\n');
      const stop = () => c.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    },
  );
}
