// @ts-check
// Debian's chromium driven by playwright-core (never `npx playwright install`: it downloads a
// browser, which fails offline). The browser's process tree is registered so that it is killed
// by PID even if the harness dies before `browser.close()`.
'use strict';

const fs = require('fs');
const { chromium } = require('playwright-core');
const paths = require('./paths');
const { stopProcessTree, registerProcessTree, unregisterProcessTree } = require('./processes');

/**
 * @typedef {object} LaunchedBrowser
 * @property {import('playwright-core').Browser} browser
 * @property {() => Promise<void>} close closes the browser and stops its process tree by PID
 */

/**
 * @param {{ headless?: boolean }} [options]
 * @returns {Promise<LaunchedBrowser>}
 */
async function launchChromium(options = {}) {
  const executablePath = process.env.DRIFT_CHROMIUM_PATH ?? paths.chromiumPath;
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  const browserServer = await chromium.launchServer({
    executablePath,
    args: paths.chromiumArgs,
    headless: options.headless ?? true,
    host: '127.0.0.1', // the control socket stays on loopback
  });
  const pid = browserServer.process().pid;
  if (pid !== undefined) registerProcessTree(pid);
  let browser;
  try {
    browser = await chromium.connect(browserServer.wsEndpoint());
  } catch (e) {
    await browserServer.close();
    if (pid !== undefined) unregisterProcessTree(pid);
    throw e;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await browser.close().catch(() => undefined);
      await browserServer.close().catch(() => undefined);
    } finally {
      if (pid !== undefined) {
        await stopProcessTree(pid, { graceMs: 2000 });
        unregisterProcessTree(pid);
      }
    }
  };
  return { browser, close };
}

module.exports = { launchChromium };
