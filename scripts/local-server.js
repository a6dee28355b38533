'use strict';
// What the test servers' starters share (scripts/clickhouse/start-clickhouse.js,
// scripts/postgres/start-postgres.js, scripts/prometheus/start-prometheus.js): a free port on
// 127.0.0.1, the server spawned with its output in a log file, a wait until it answers (or
// exits, or the deadline passes, each said with the log's tail), and a stop by PID.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');

const HOST = '127.0.0.1';

/** A port that was free a moment ago (the server binds it itself; a lost race shows as an exit). */
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

/** The HTTP status of a GET, or 0 when nothing answers (within 2 s). */
function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Whether a TCP connection to the port is accepted. */
function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** The last lines of a log file, for an error message ('' when it cannot be read). */
function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Spawns a server with stdout and stderr appended to `logFile`.
 * @returns {{ child: import('node:child_process').ChildProcess, exited: Promise<string | number | null>, exitedWith: () => string | number | null | undefined }}
 *   `exited` resolves with the signal or exit code; `exitedWith()` is undefined while it runs
 */
function spawnLogged(binary, args, { logFile, cwd, uid, gid }) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', log, log], cwd, ...(uid === undefined ? {} : { uid, gid }) });
  fs.closeSync(log);
  let how;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  exited.then((h) => (how = h));
  child.once('error', () => undefined); // reported through 'exit' and the log
  return { child, exited, exitedWith: () => how };
}

/**
 * Polls `ready()` every `intervalMs` until it is true. Throws, naming `what` and the logs' tails,
 * when the server exits first or the deadline passes (the caller stops it). `deadline` (epoch ms)
 * lets servers started together share one; default now + `timeoutMs`.
 */
async function waitUntilReady(server, { what, ready, timeoutMs, deadline = Date.now() + timeoutMs, logFiles, intervalMs = 200 }) {
  const logs = () => logFiles.map((f) => tail(f)).join('\n');
  for (;;) {
    if (server.exitedWith() !== undefined) throw new Error(`${what} exited (${server.exitedWith()}):\n${logs()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms:\n${logs()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Stops the server by its PID: `signal`, then SIGKILL if it is still running after `graceMs`. */
async function stopServer(server, { signal = 'SIGTERM', graceMs = 10000 } = {}) {
  const { child, exited } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, signal);
  const force = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(force);
}

module.exports = { HOST, freePort, httpStatus, canConnect, tail, spawnLogged, waitUntilReady, stopServer };
