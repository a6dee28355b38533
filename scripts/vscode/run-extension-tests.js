// @ts-check
// Runs an extension's mocha suite inside the extension host of a real VS Code (code-server),
// the way @vscode/test-electron does with a desktop VS Code:
//   code-server --vscode-option enable-smoke-test-driver   (else the payload below is ignored)
//   chromium -> /?folder=WS&payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..]]
// With `vsix`, the package is installed first with code-server's --install-extension and that is
// the extension under test; the development path is then an empty extension (test/integration/host),
// because VS Code runs extensionTestsPath only when an extensionDevelopmentPath is given.
// The extension host require()s the tests module and awaits its run(); the workbench then calls
// window.codeAutomationExit(code, logs) and forwards each extension-host console line to
// window.codeAutomationLog(level, args). Both are exposed to the page before it loads.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const paths = require('./paths');
const { startCodeServer } = require('./code-server');
const { launchChromium } = require('./browser');
const { installExtension } = require('./install-extension');

/** Extension-host lines that are expected offline and say nothing about the tests. */
const NOISE = [
  /open-vsx\.org/i,
  /ENOTFOUND/,
  /vsda/,
  // The workbench cancels pending requests while it stops the extension host after the tests.
  /^Canceled: Canceled[\s\S]*_doStopExtensionHosts/,
  // The workbench's own start-up chatter, which arrives on the same channel as the tests' output.
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\]/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution '.*' took \d+ms/,
  // Offline, nothing registers a GitHub sign-in in time; the workbench reports it once.
  /^Timed out waiting for authentication provider 'github' to register/,
  // Tests close report panels right after opening them; the workbench logs the race once.
  /^OverlayWebview has been disposed/,
];

/**
 * @typedef {object} ExtensionTestOptions
 * @property {string} extensionDevelopmentPath folder with the extension's package.json (with
 *   `vsix`: the empty host extension)
 * @property {string} [vsix] install this package into the extensions folder before start
 * @property {Record<string, string>} [env] more environment variables for the extension host
 * @property {string} extensionTestsPath module exporting `run(): Promise<void>`
 * @property {string} [folder] workspace folder to open (default: test/fixtures/workspace)
 * @property {string} [extensionsDir] code-server --extensions-dir (default: a fresh one)
 * @property {string[]} [codeServerArgs] more code-server arguments
 * @property {number} [timeoutMs] give up after this long (default 300 s or DRIFT_VSCODE_TIMEOUT_MS)
 * @property {boolean} [showNoise] also print the expected offline noise and the workbench's
 *   start-up chatter (also with DRIFT_VSCODE_DEBUG=1)
 * @property {string} [logsDir] where to save VS Code's logs when the run fails
 */

/** @param {unknown} level @param {unknown} args @returns {{ text: string, isError: boolean }} */
function formatLog(level, args) {
  const list = Array.isArray(args) ? args : [args];
  const text = list.length > 0 && typeof list[0] === 'string' ? util.format(...list) : list.map((a) => util.inspect(a)).join(' ');
  const isError = typeof level === 'string' ? /error|warn/i.test(level) : false;
  return { text, isError };
}

/**
 * Saves the logs that the workbench hands to codeAutomationExit.
 * @param {unknown} logs @param {string} dir
 */
function saveLogs(logs, dir) {
  if (!Array.isArray(logs)) return;
  for (const entry of logs) {
    if (!entry || typeof entry !== 'object') continue;
    const { relativePath, contents } = /** @type {{ relativePath?: unknown, contents?: unknown }} */ (entry);
    if (typeof relativePath !== 'string' || typeof contents !== 'string') continue;
    const target = path.resolve(dir, relativePath);
    if (!target.startsWith(`${path.resolve(dir)}${path.sep}`)) continue; // stays inside dir
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, contents);
  }
}

/**
 * @param {ExtensionTestOptions} options
 * @returns {Promise<number>} the exit code the extension host reported (0 = all tests passed)
 */
async function runExtensionTests(options) {
  const started = Date.now();
  const folder = path.resolve(options.folder ?? paths.fixtureWorkspace);
  const extensionDevelopmentPath = path.resolve(options.extensionDevelopmentPath);
  const extensionTestsPath = path.resolve(options.extensionTestsPath);
  if (!fs.existsSync(extensionTestsPath) && !fs.existsSync(`${extensionTestsPath}.js`)) {
    throw new Error(`extensionTestsPath ${extensionTestsPath} does not exist (compile the tests first)`);
  }
  const timeoutMs = options.timeoutMs ?? Number(process.env.DRIFT_VSCODE_TIMEOUT_MS ?? 300_000);
  const showNoise = options.showNoise ?? Boolean(process.env.DRIFT_VSCODE_DEBUG);

  const codeServer = await startCodeServer({
    folder,
    smokeTestDriver: true,
    extensionsDir: options.extensionsDir,
    extraArgs: options.codeServerArgs,
    env: options.env,
    beforeStart: options.vsix ? (dirs) => installExtension(dirs, /** @type {string} */ (options.vsix)) : undefined,
  });
  /** @type {import('./browser').LaunchedBrowser | undefined} */
  let launched;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  try {
    launched = await launchChromium();
    const page = await launched.browser.newPage();

    /** @type {(value: { code: number, logs: unknown }) => void} */
    let onExit = () => undefined;
    const exited = new Promise((resolve) => {
      onExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (/** @type {unknown} */ code, /** @type {unknown} */ logs) => {
      onExit({ code: typeof code === 'number' ? code : 1, logs });
    });
    await page.exposeFunction('codeAutomationLog', (/** @type {unknown} */ level, /** @type {unknown} */ args) => {
      const { text, isError } = formatLog(level, args);
      if (!showNoise && NOISE.some((re) => re.test(text))) return;
      (isError ? process.stderr : process.stdout).write(`${text}\n`);
    });
    page.on('pageerror', (err) => {
      if (process.env.DRIFT_VSCODE_DEBUG) console.error(`[page error] ${err.message}`);
    });

    const payload = /** @type {Array<[string, string]>} */ ([
      ['extensionDevelopmentPath', codeServer.remoteUri(extensionDevelopmentPath)],
      ['extensionTestsPath', codeServer.remoteUri(extensionTestsPath)],
    ]);
    await page.goto(codeServer.workbenchUrl(folder, payload));

    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const result = /** @type {{ code: number, logs: unknown } | undefined} */ (await Promise.race([exited, timedOut]));
    if (!result) {
      console.error(`[vscode-tests] no result from the extension host after ${timeoutMs} ms`);
      console.error(`[vscode-tests] code-server log tail:\n${codeServer.logTail()}`);
      return 1;
    }
    if (result.code !== 0) {
      const logsDir = options.logsDir ?? path.join(paths.repoRoot, '.vscode-test', 'logs', `run-${Date.now()}`);
      saveLogs(result.logs, logsDir);
      console.error(`[vscode-tests] extension host exited with ${result.code}; VS Code logs in ${logsDir}`);
    }
    return result.code;
  } finally {
    if (timer) clearTimeout(timer);
    if (launched) await launched.close();
    await codeServer.stop();
    console.log(`[vscode-tests] finished in ${((Date.now() - started) / 1000).toFixed(1)} s (code-server and chromium stopped)`);
  }
}

module.exports = { runExtensionTests };
