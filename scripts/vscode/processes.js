// @ts-check
// Stopping what the harness starts, by PID only. code-server starts children (file watcher,
// extension host, agent host, ...) that outlive their parent if only the parent is killed, so we
// walk the parent-pid table in /proc and signal the whole tree. Never by process name.
'use strict';

const fs = require('fs');
const os = require('os');

/**
 * Reads `/proc/<pid>/stat`: parent pid and start time (to tell a reused pid apart).
 * @param {number} pid
 * @returns {{ ppid: number, start: string } | undefined}
 */
function readStat(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), fields[1] field 4 (ppid), fields[19] field 22 (starttime).
  const state = fields[0];
  if (state === 'Z' || state === 'X') return undefined; // a zombie is already dead
  return { ppid: Number(fields[1]), start: fields[19] ?? '' };
}

/** @returns {Map<number, number[]>} parent pid -> child pids */
function childrenTable() {
  /** @type {Map<number, number[]>} */
  const table = new Map();
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = readStat(pid);
    if (!stat) continue;
    const list = table.get(stat.ppid);
    if (list) list.push(pid);
    else table.set(stat.ppid, [pid]);
  }
  return table;
}

/**
 * A process tree being stopped: it remembers every pid it has seen (with its start time), so
 * that children re-parented to init after their parent died are still stopped.
 */
class ProcessTree {
  /** @param {number} rootPid */
  constructor(rootPid) {
    this.rootPid = rootPid;
    /** @type {Map<number, string>} pid -> start time */
    this.known = new Map();
    this.refresh();
  }

  /** Adds the current descendants of the root and of every known live pid. */
  refresh() {
    const table = childrenTable();
    const queue = [this.rootPid, ...this.known.keys()];
    const seen = new Set();
    while (queue.length > 0) {
      const pid = /** @type {number} */ (queue.shift());
      if (seen.has(pid)) continue;
      seen.add(pid);
      const stat = readStat(pid);
      if (!stat) continue;
      const knownStart = this.known.get(pid);
      if (knownStart !== undefined && knownStart !== stat.start) continue; // pid was reused
      this.known.set(pid, stat.start);
      queue.push(...(table.get(pid) ?? []));
    }
  }

  /** @returns {number[]} known pids that are still the same running process */
  alive() {
    const out = [];
    for (const [pid, start] of this.known) {
      const stat = readStat(pid);
      if (stat && stat.start === start) out.push(pid);
    }
    return out;
  }

  /** @param {NodeJS.Signals} signal */
  signal(signal) {
    this.refresh();
    for (const pid of this.alive()) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Stops a process and all its descendants: SIGTERM, then SIGKILL what is left after the grace
 * period. Resolves once none of them runs.
 * @param {number} pid
 * @param {{ graceMs?: number }} [options]
 * @returns {Promise<void>}
 */
async function stopProcessTree(pid, options = {}) {
  const graceMs = options.graceMs ?? 5000;
  const tree = new ProcessTree(pid);
  tree.signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    tree.refresh();
    if (tree.alive().length === 0) return;
  }
  tree.signal('SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (Date.now() < killDeadline) {
    await sleep(100);
    if (tree.alive().length === 0) return;
  }
  throw new Error(`processes still running after SIGKILL: ${tree.alive().join(', ')}`);
}

/**
 * Synchronous last resort for `process.on('exit')`: SIGKILL the whole tree now.
 * @param {number} pid
 */
function killProcessTreeSync(pid) {
  new ProcessTree(pid).signal('SIGKILL');
}

/** @type {Set<number>} */
const registered = new Set();
let handlersInstalled = false;

/**
 * Makes sure a process tree is killed however this Node process ends: normal exit, uncaught
 * error, or SIGINT/SIGTERM/SIGHUP. Call `unregisterProcessTree` once it has been stopped cleanly.
 * @param {number} pid
 */
function registerProcessTree(pid) {
  registered.add(pid);
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const p of registered) killProcessTreeSync(p);
  });
  for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(sig, () => {
      console.error(`[vscode-harness] ${sig}: stopping ${registered.size} process tree(s)`);
      for (const p of registered) killProcessTreeSync(p);
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
}

/** @param {number} pid */
function unregisterProcessTree(pid) {
  registered.delete(pid);
}

module.exports = {
  stopProcessTree,
  killProcessTreeSync,
  registerProcessTree,
  unregisterProcessTree,
  ProcessTree,
};
