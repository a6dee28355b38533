// @ts-check
// Starts and stops code-server (a real VS Code 1.139 served to a browser) for the tests: on
// 127.0.0.1 with a free port, a fresh user-data-dir with quiet settings, ready once /healthz
// answers; stopped by PID together with every child it started.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const paths = require('./paths');
const { stopProcessTree, registerProcessTree, unregisterProcessTree } = require('./processes');
const { freePort, httpStatus } = require('../local-server');

/**
 * User settings that keep starts quiet and deterministic: no Welcome tab, no Chat side bar taking
 * the keyboard focus, no Restricted Mode (it silently disables the extension), nothing online.
 */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Environment for code-server: without the variables a surrounding VS Code sets (with
 * VSCODE_IPC_HOOK_CLI, code-server would hand the folder to that VS Code instead of serving it).
 * @returns {NodeJS.ProcessEnv}
 */
function codeServerEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // NODE_PATH too: the installed extension must find sharp and DuckDB in its own package
    // (the linux-x64 .vsix), never in a checkout's node_modules.
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$|npm_|NODE_PATH$)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${path.dirname(paths.nodeBin)}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}

/** @param {string} absPath @returns {string} the path with each segment URI-encoded */
function encodePath(absPath) {
  return absPath.split('/').map(encodeURIComponent).join('/');
}

/**
 * @typedef {object} StartOptions
 * @property {number} [port] listen on this port of 127.0.0.1 (default: a free one)
 * @property {string} [folder] workspace folder to open (positional argument)
 * @property {boolean} [smokeTestDriver] add `--vscode-option enable-smoke-test-driver`, without
 *   which the workbench ignores the development payload (extensionDevelopmentPath/TestsPath)
 * @property {string} [userDataDir] use this user-data-dir (default: a fresh temporary one)
 * @property {string} [extensionsDir] use this extensions-dir (default: a fresh temporary one)
 * @property {Record<string, unknown>} [settings] user settings on top of the quiet ones
 * @property {string[]} [extraArgs] more code-server arguments
 * @property {Record<string, string>} [env] more environment variables for code-server and the
 *   extension host it starts
 * @property {boolean} [workspaceTrust] run with workspace trust on (the folder opens in Restricted
 *   Mode, without the start-up prompt): for the workspace-trust test; off by default
 * @property {boolean} [keepRunDir] keep the temporary folder (logs, user data) after stop
 * @property {number} [timeoutMs] how long to wait for /healthz (default 60 s)
 * @property {(dirs: { userDataDir: string, extensionsDir: string }) => void} [beforeStart] runs
 *   once the folders exist and before code-server starts (it reads the extensions dir at start:
 *   install extensions here)
 */

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {number} pid
 * @property {string} baseUrl `http://127.0.0.1:PORT`
 * @property {string} authority `127.0.0.1:PORT`, the vscode-remote authority
 * @property {string} runDir temporary folder with the log, user data and extensions
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logFile code-server's stdout and stderr
 * @property {(absPath: string) => string} remoteUri `vscode-remote://127.0.0.1:PORT/abs/path`
 * @property {(folder: string, payload?: Array<[string, string]>) => string} workbenchUrl
 * @property {(lines?: number) => string} logTail
 * @property {() => Promise<void>} stop stops code-server and all its children, by PID
 */

/**
 * Starts code-server and resolves once /healthz answers.
 * @param {StartOptions} [options]
 * @returns {Promise<CodeServer>}
 */
async function startCodeServer(options = {}) {
  if (!fs.existsSync(paths.codeServerEntry) || !fs.existsSync(paths.nodeBin)) {
    throw new Error('code-server is not installed: run `node scripts/vscode/install-code-server.js`');
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-vscode-'));
  const userDataDir = options.userDataDir ?? path.join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(runDir, 'extensions');
  const logFile = path.join(runDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  /** @type {Record<string, unknown>} */
  let existing = {};
  if (fs.existsSync(settingsFile)) {
    try {
      existing = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    } catch {
      existing = {};
    }
  }
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  const settings = { ...existing, ...QUIET_SETTINGS, ...trust, ...(options.settings ?? {}) };
  fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  try {
    options.beforeStart?.({ userDataDir, extensionsDir });
  } catch (e) {
    fs.rmSync(runDir, { recursive: true, force: true });
    throw e;
  }

  const port = options.port ?? (await freePort());
  const args = [
    paths.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', path.join(runDir, 'config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(...(options.extraArgs ?? []));
  if (options.folder) args.push(options.folder);

  const out = fs.openSync(logFile, 'a');
  const child = spawn(paths.nodeBin, args, {
    cwd: paths.repoRoot,
    env: { ...codeServerEnv(), ...(options.env ?? {}) },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  registerProcessTree(pid);

  /** @type {number | null} */
  let exitCode = null;
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    exitCode = code ?? (signal ? -1 : null);
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const authority = `127.0.0.1:${port}`;

  /** @param {number} [lines] */
  const logTail = (lines = 40) => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await stopProcessTree(pid);
    } finally {
      unregisterProcessTree(pid);
      if (!options.keepRunDir && !process.env.DRIFT_KEEP_VSCODE_RUN) {
        fs.rmSync(runDir, { recursive: true, force: true });
      } else {
        console.log(`[code-server] kept ${runDir}`);
      }
    }
  };

  /** @param {string} absPath */
  const remoteUri = (absPath) => `vscode-remote://${authority}${encodePath(absPath)}`;

  /** @param {string} folder @param {Array<[string, string]>} [payload] */
  const workbenchUrl = (folder, payload) => {
    const query = new URLSearchParams({ folder });
    if (payload) query.set('payload', JSON.stringify(payload));
    return `${baseUrl}/?${query.toString()}`;
  };

  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  try {
    for (;;) {
      if (exited) throw new Error(`code-server exited with code ${exitCode} before answering /healthz`);
      if ((await httpStatus(`${baseUrl}/healthz`)) === 200) break;
      if (Date.now() - started > timeoutMs) throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
      await sleep(200);
    }
  } catch (e) {
    console.error(`[code-server] log tail:\n${logTail()}`);
    await stop();
    throw e;
  }
  console.log(`[code-server] pid ${pid} ready on ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return { port, pid, baseUrl, authority, runDir, userDataDir, extensionsDir, logFile, remoteUri, workbenchUrl, logTail, stop };
}

module.exports = { startCodeServer, QUIET_SETTINGS, codeServerEnv };

if (require.main === module) {
  // Manual use: `node scripts/vscode/code-server.js [folder]` serves the folder until Ctrl+C.
  const folder = path.resolve(process.argv[2] ?? paths.fixtureWorkspace);
  startCodeServer({ folder })
    .then((cs) => {
      console.log(`[code-server] open ${cs.workbenchUrl(folder)} ; Ctrl+C stops it`);
      const shutdown = () => {
        cs.stop().finally(() => process.exit(0));
      };
      process.removeAllListeners('SIGINT');
      process.once('SIGINT', shutdown);
    })
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
