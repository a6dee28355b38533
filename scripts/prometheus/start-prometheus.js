'use strict';
// Starts a private Prometheus (Debian's /usr/bin/prometheus) on 127.0.0.1 for tests and the demo:
// its own config, TSDB and log in a temp dir, a free port; started, awaited and stopped by PID with
// scripts/local-server.js. Recipe: docs/prometheus.md section 9.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { HOST, freePort, httpStatus, spawnLogged, stopServer, waitUntilReady } = require('../local-server');

const PROMETHEUS = '/usr/bin/prometheus';

/** `127.0.0.1:8000` or `http://127.0.0.1:8000/metrics` -> a static_configs entry. */
function staticConfig(target) {
  const url = new URL(/^[a-z]+:\/\//i.test(target) ? target : `http://${target}`);
  // Per-target scheme and path via the reserved labels, so one job can mix them.
  return {
    targets: [url.host],
    labels: { __scheme__: url.protocol.replace(':', ''), __metrics_path__: url.pathname === '/' ? '/metrics' : url.pathname },
  };
}

/** A Prometheus duration: whole seconds as `1s`, anything else in ms (`0.5s` is not valid). */
function duration(seconds) {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** YAML whose scalars are JSON strings, so no value needs YAML escaping rules. */
function configYaml({ targets, scrapeIntervalSeconds, job }) {
  const q = JSON.stringify;
  const lines = [
    'global:',
    `  scrape_interval: ${duration(scrapeIntervalSeconds)}`,
    // Must not exceed the interval; Prometheus' default is 10 s.
    `  scrape_timeout: ${duration(Math.min(scrapeIntervalSeconds, 10))}`,
    `  evaluation_interval: ${duration(scrapeIntervalSeconds)}`,
    'scrape_configs:',
    `  - job_name: ${q(job)}`,
    '    static_configs:',
  ];
  for (const t of targets.map(staticConfig)) {
    lines.push(`      - targets: [${t.targets.map(q).join(', ')}]`);
    lines.push('        labels:');
    for (const [k, v] of Object.entries(t.labels)) lines.push(`          ${k}: ${q(v)}`);
  }
  return lines.join('\n') + '\n';
}

/** One try on `port`: the running server, or why not (a lost race for the port shows in the log). */
async function startOnce(options, dir, port) {
  const logFile = path.join(dir, 'prometheus.log');
  const args = [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    // Loopback only: the default is 0.0.0.0:9090.
    `--web.listen-address=${HOST}:${port}`,
  ];
  const server = spawnLogged(options.binary, args, { logFile });
  const url = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(server, {
      what: 'prometheus',
      ready: async () => (await httpStatus(`${url}/-/ready`)) === 200,
      timeoutMs: options.startTimeoutMs,
      logFiles: [logFile],
      intervalMs: 250,
    });
  } catch (e) {
    await stopServer(server, { signal: 'SIGKILL' });
    return { ok: false, why: e.message };
  }
  return { ok: true, server, url };
}

/**
 * Starts Prometheus scraping `targets` (host:port or URLs) as one job, and resolves once `/-/ready`
 * answers 200 with `{ url, pid, job, dir, stop() }`. `stop()` sends SIGTERM to the pid (SIGKILL after
 * 10 s) and deletes the temp dir.
 */
async function startPrometheus({
  targets,
  scrapeIntervalSeconds = 1,
  job = 'demo',
  binary = PROMETHEUS,
  startTimeoutMs = 30000,
} = {}) {
  if (!Array.isArray(targets) || targets.length === 0) throw new Error('startPrometheus: no targets');
  if (!fs.existsSync(binary)) throw new Error(`startPrometheus: ${binary} not found (run scripts/prometheus/install.sh)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-inspector-prometheus-'));
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), configYaml({ targets, scrapeIntervalSeconds, job }));

  let why = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = await startOnce({ binary, startTimeoutMs }, dir, await freePort());
    if (!started.ok) {
      why = started.why;
      if (/address already in use/.test(why)) continue;
      break;
    }
    const { server, url } = started;
    let stopping;
    return {
      url,
      pid: server.child.pid,
      job,
      dir,
      stop() {
        stopping ??= stopServer(server).then(() => fs.rmSync(dir, { recursive: true, force: true }));
        return stopping;
      },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`startPrometheus: ${why}`);
}

module.exports = { startPrometheus, configYaml, PROMETHEUS };
