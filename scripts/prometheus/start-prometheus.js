'use strict';
// Starts a private Prometheus (Debian's /usr/bin/prometheus) on 127.0.0.1 for tests and the demo:
// its own config, TSDB and log in a temp dir, a free port, stopped by pid. Recipe: docs/prometheus.md section 9.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const PROMETHEUS = '/usr/bin/prometheus';
const HOST = '127.0.0.1';

/** A port that was free a moment ago (Prometheus binds it itself; a lost race is retried). */
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

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

async function startOnce(options, dir, port) {
  const logFile = path.join(dir, 'prometheus.log');
  const args = [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    // Loopback only: the default is 0.0.0.0:9090.
    `--web.listen-address=${HOST}:${port}`,
  ];
  const log = fs.openSync(logFile, 'a');
  const child = spawn(options.binary, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  child.once('error', () => undefined); // reported through 'exit' / the log

  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + options.startTimeoutMs;
  let exitedWith;
  exited.then((how) => (exitedWith = how));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) return { ok: false, why: `prometheus exited (${exitedWith}):\n${tail(logFile)}` };
    if ((await get(`${url}/-/ready`)) === 200) return { ok: true, child, exited, url };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  await exited;
  return { ok: false, why: `prometheus not ready within ${options.startTimeoutMs} ms:\n${tail(logFile)}` };
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
    const { child, exited, url } = started;
    let stopping;
    return {
      url,
      pid: child.pid,
      job,
      dir,
      stop() {
        stopping ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            process.kill(child.pid, 'SIGTERM');
            const force = setTimeout(() => {
              if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
            }, 10000);
            await exited;
            clearTimeout(force);
          }
          fs.rmSync(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`startPrometheus: ${why}`);
}

module.exports = { startPrometheus, configYaml, PROMETHEUS };
