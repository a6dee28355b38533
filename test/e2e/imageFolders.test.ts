import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clickExplorerMenuItem } from './explorer';
import { findWebviewFrame } from './webview';
import { openWorkbench, reportFailure, type Workbench } from './workbench';

const repoRoot = path.join(__dirname, '..', '..', '..');
const SET = path.join(repoRoot, 'test', 'fixtures', 'images', 'set');

/**
 * A workspace with two image folders: "phone-old" (the PNG fixtures) and "phone-new" (the JPEG
 * fixtures, other sizes and sharpness). Copied so the test never writes into the repository.
 */
function imageWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-images-ws-'));
  for (const [from, to] of [
    ['png', 'phone-old'],
    ['jpeg', 'phone-new'],
  ]) {
    fs.mkdirSync(path.join(dir, to));
    for (const f of fs.readdirSync(path.join(SET, from))) fs.copyFileSync(path.join(SET, from, f), path.join(dir, to, f));
  }
  return dir;
}

describe('Image folders compared from the Explorer, in a real VS Code (e2e)', function () {
  this.timeout(240_000);
  let w: Workbench;
  before(async function () {
    // Image folders need sharp: this suite installs the linux-x64 .vsix, the package that carries
    // it (scripts/vscode/install-extension.js). sharp and libvips load from the extension's own
    // node_modules, and code-server starts without NODE_PATH (scripts/vscode/code-server.js), so
    // nothing comes from this checkout.
    w = await openWorkbench({ folder: imageWorkspace(), package: 'linux-x64' });
  });

  after(async () => {
    await w?.close();
  });

  afterEach(async function () {
    await reportFailure(w, this.currentTest);
  });

  it('two folders selected, "Compare image folders for drift": property rows with verdicts, thumbnails for the selected property', async () => {
    await clickExplorerMenuItem(w, ['phone-old', 'phone-new'], 'Compare image folders for drift');
    // Both folders went to the command, so no QuickPick may open; if one does, say so at once.
    const tab = w.page.locator('.tabs-container .tab', { hasText: 'Drift: phone-old vs phone-new' }).first();
    const quickPick = w.page.locator('.quick-input-widget .quick-input-title');
    const first = await Promise.race([
      tab.waitFor({ timeout: 90_000 }).then(() => 'tab'),
      quickPick.waitFor({ state: 'visible', timeout: 90_000 }).then(async () => `a QuickPick "${await quickPick.innerText()}"`),
    ]);
    assert.equal(first, 'tab', `the command opened ${first} instead of the report`);
    const frame = await findWebviewFrame(w.page, 'tr[data-column="sharpness"]', 60_000);
    for (const property of ['width', 'height', 'brightness', 'contrast', 'sharpness', 'saturation', 'format']) {
      const verdict = await frame.getAttribute(`tr[data-column="${property}"]`, 'data-verdict');
      assert.ok(verdict === 'drift' || verdict === 'no-drift', `${property}: data-verdict ${verdict}`);
    }
    assert.equal(await frame.getAttribute('tr[data-column="format"]', 'data-verdict'), 'drift', 'PNG vs JPEG');
    // An image set's panel has the Comparison | Timeline toggle too (its Timeline: the images by when each was taken).
    assert.equal(await frame.$eval('[role="tablist"]', (e) => (e as unknown as { hidden: boolean }).hidden), false, 'the view toggle is shown');
    await frame.click('tr[data-column="sharpness"]');
    await frame.waitForSelector('.image-gallery[data-property="sharpness"] .image-row-current img', { timeout: 30_000 });
    // Thumbnails load under the page's CSP (img-src: the webview's own resources): each has pixels.
    type Loaded = { complete: boolean; naturalWidth: number };
    const loaded = () => frame.$$eval('.image-gallery img', (imgs) => imgs.map((i) => (i as unknown as Loaded).complete && (i as unknown as Loaded).naturalWidth > 0));
    const until = Date.now() + 30_000;
    for (let states = await loaded(); !(states.length > 0 && states.every(Boolean)); states = await loaded()) {
      if (Date.now() > until) assert.fail(`thumbnails did not load: ${JSON.stringify(states)}`);
      await w.page.waitForTimeout(200);
    }
    const current = await frame.$$('.image-row-current .image-tile');
    const reference = await frame.$$('.image-row-reference .image-tile');
    assert.equal(current.length, 8, 'the 8 phone-new images (all of them)');
    assert.equal(reference.length, 8, '8 typical phone-old images');
    await frame.locator('.image-gallery').scrollIntoViewIfNeeded();
    console.log(`    screenshot: ${await w.screenshot('vscode-image-folders')}`);
    // Clicking a thumbnail opens the image in an editor.
    const name = await current[0].getAttribute('data-path');
    await current[0].click();
    await w.page.locator('.tabs-container .tab', { hasText: name! }).first().waitFor({ timeout: 30_000 });
  });
});
