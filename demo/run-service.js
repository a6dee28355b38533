'use strict';
// Starts demo/service.js as a child process (its own pid, as a real service) for tests and scripts.

const { spawn } = require('node:child_process');
const path = require('node:path');

const SERVICE = path.join(__dirname, 'service.js');

/**
 * Resolves with `{ url, pid, stop() }` once the service prints its address.
 * `stop()` sends SIGTERM to that pid, then SIGKILL if it has not exited after 5 s.
 */
function startDemoService({ port = 0, loadRps = 0, startTimeoutMs = 15000 } = {}) {
  const child = spawn(process.execPath, [SERVICE, '--port', String(port), '--load', String(loadRps)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';

  function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const force = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
      }, 5000);
      return exited.then(() => clearTimeout(force));
    }
    return exited.then(() => undefined);
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`demo service did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    child.stderr.on('data', (d) => (output += d));
    child.stdout.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], pid: child.pid, stop });
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`demo service exited (${signal ?? code}) before listening:\n${output}`));
    });
  });
}

module.exports = { startDemoService };
