// A real VS Code (code-server, normal mode: no smoke-test driver) with the extension installed,
// opened by Debian's chromium through playwright-core. Helpers to drive it like a person would.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from '../../scripts/vscode/browser';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server';
import { installExtension, vsixPath, type PackageKind } from '../../scripts/vscode/install-extension';
import { fixtureWorkspace, repoRoot } from '../../scripts/vscode/paths';

/** Where screenshots go (gitignored; the README's pictures are copied to media/screenshots/). */
export const artifactsDir = path.join(repoRoot, 'test', 'e2e', 'artifacts');

export { installExtension } from '../../scripts/vscode/install-extension';

export interface Workbench {
  readonly page: Page;
  readonly browser: Browser;
  readonly codeServer: CodeServer;
  /** The folder code-server installed the package into. */
  readonly extensionDir: string;
  /** Saves a PNG of the whole window into test/e2e/artifacts/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser and stops code-server and every child, by PID. */
  close(): Promise<void>;
  /**
   * What a person would look at when a step did not happen: the notifications on screen, whether
   * a context menu is open, and the tails of the extension host's log and of the extension's own
   * output channel (code-server writes both under the user-data-dir's logs/). Printed on failure.
   */
  diagnostics(): Promise<string>;
}

export interface WorkbenchOptions {
  folder?: string;
  settings?: Record<string, unknown>;
  /**
   * The package to install (default: the universal one, under 1 MB, what every platform gets);
   * `linux-x64` only for what needs its native modules (image folders: sharp).
   */
  package?: PackageKind;
  /** Workspace trust on: the folder opens in Restricted Mode (the workspace-trust test). */
  workspaceTrust?: boolean;
}

/**
 * Starts code-server on the fixture workspace with the extension installed, opens it in
 * chromium and waits until the workbench shows the workspace's files.
 */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const folder = options.folder ?? fixtureWorkspace;
  let extensionDir = '';
  const codeServer = await startCodeServer({
    folder,
    settings: options.settings,
    workspaceTrust: options.workspaceTrust,
    beforeStart: (dirs) => {
      extensionDir = installExtension(dirs, vsixPath(options.package ?? 'universal'));
    },
  });
  let launched: LaunchedBrowser | undefined;
  const close = async (): Promise<void> => {
    try {
      if (launched) await launched.close();
    } finally {
      await codeServer.stop();
    }
  };
  try {
    launched = await launchChromium();
    const page = await launched.browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(codeServer.workbenchUrl(folder));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The Explorer lists the fixture files once the remote file system is connected.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const browser = launched.browser;
    const screenshot = async (name: string): Promise<string> => {
      fs.mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, name.endsWith('.png') ? name : `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    const diagnostics = () => collectDiagnostics(page, codeServer);
    return { page, browser, codeServer, extensionDir, screenshot, close, diagnostics };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The newest files under dir whose name matches, deepest logs first (code-server's log layout). */
function logFiles(dir: string, match: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (match(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch (e) {
    return `(unreadable: ${(e as Error).message})`;
  }
}

async function collectDiagnostics(page: Page, codeServer: CodeServer): Promise<string> {
  const parts: string[] = [];
  const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
  parts.push(`notifications on screen: ${toasts.length ? toasts.map((t) => JSON.stringify(t.replace(/\s+/g, ' '))).join(' | ') : 'none'}`);
  const menus = await page.locator('.monaco-menu').count().catch(() => -1);
  parts.push(`context menus in the page: ${menus}`);
  const logs = path.join(codeServer.userDataDir, 'logs');
  for (const file of logFiles(logs, (n) => n === 'exthost.log' || /Drift Inspector\.log$/.test(n) || n === 'remoteexthost.log')) {
    parts.push(`--- ${path.relative(logs, file)} (last 30 lines)\n${tail(file, 30)}`);
  }
  return parts.join('\n');
}

/** For each suite's afterEach: when the test failed, a screenshot named after it and the diagnostics. */
export async function reportFailure(w: Workbench | undefined, test: Mocha.Test | undefined): Promise<void> {
  if (!w || test?.state !== 'failed') return;
  console.log(`    screenshot: ${await w.screenshot(`failed-${test.title.replace(/[^a-z0-9]+/gi, '-')}`)}`);
  console.log((await w.diagnostics()).replace(/^/gm, '    | '));
}

/**
 * Runs a command from the command palette by its title ("Category: Title"), as a person would.
 * The palette lists the commands known when it opens, and extension contributions arrive a few
 * seconds after the workbench shows: reopen it until the row appears.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    // Focus the workbench; a webview covering the editor takes the click, and forwards F1.
    await page.locator('.part.editor').click({ timeout: 1_000 }).catch(() => page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } }));
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw e;
    }
  }
  await input.press('Enter');
}

/** Opens a workspace file through Quick Open. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  await page.locator('.part.editor').click();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await input.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: fileName }).first().waitFor({ timeout: 20_000 });
}

/** Texts of the notification toasts currently shown. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
}

/**
 * Waits until the CSS animations and transitions under `selector` have finished (a toast fades
 * and slides in), so screenshots show the final picture. Gives up quietly after `timeoutMs`.
 */
export async function waitForAnimations(page: Page, selector: string, timeoutMs = 3_000): Promise<void> {
  // A string expression: it runs in the page, and this tsconfig has no DOM types.
  const expression = `[...document.querySelectorAll(${JSON.stringify(selector)})].every((el) =>
    el.getAnimations({ subtree: true }).every((a) => a.playState !== 'running'))`;
  await page.waitForFunction(expression, undefined, { timeout: timeoutMs }).catch(() => undefined);
}

export type CommandFeedback =
  | { kind: 'notification'; text: string }
  | { kind: 'quickPick'; text: string };

/**
 * Waits for what a command shows first: a notification whose text matches, or a Quick Pick / input
 * box (the palette itself excluded: its value starts with '>').
 */
export async function waitForCommandFeedback(page: Page, notification: RegExp, timeoutMs = 20_000): Promise<CommandFeedback> {
  const deadline = Date.now() + timeoutMs;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  while (Date.now() < deadline) {
    const toast = (await notificationTexts(page)).find((t) => notification.test(t));
    if (toast !== undefined) {
      await waitForAnimations(page, '.notifications-toasts');
      return { kind: 'notification', text: toast };
    }
    if (await widget.isVisible()) {
      const value = await input.inputValue().catch(() => '>');
      if (!value.startsWith('>')) {
        await waitForAnimations(page, '.quick-input-widget');
        const title = await widget.locator('.quick-input-title').innerText().catch(() => '');
        const placeholder = (await input.getAttribute('placeholder').catch(() => null)) ?? '';
        return { kind: 'quickPick', text: [title, placeholder].filter((s) => s.length > 0).join(' | ') };
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`neither a notification matching ${notification} nor a Quick Pick appeared within ${timeoutMs} ms`);
}
