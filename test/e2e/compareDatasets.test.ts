import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { vsixPath } from '../../scripts/vscode/install-extension';
import { openFile, openWorkbench, reportFailure, runCommand, waitForCommandFeedback, type Workbench } from './workbench';
import { findWebviewFrame, webviewFrameLocator } from './webview';

describe('Drift Inspector in a real VS Code (e2e)', function () {
  this.timeout(120_000);
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(180_000);
    workbench = await openWorkbench();
  });

  afterEach(async function () {
    await reportFailure(workbench, this.currentTest);
  });

  after(async () => {
    await workbench?.close();
  });

  it('drives the universal package: under 1 MB, installed by code-server, no native modules', () => {
    assert.ok(workbench);
    const size = fs.statSync(vsixPath('universal')).size;
    assert.ok(size < 1024 * 1024, `${path.basename(vsixPath('universal'))} is ${size} bytes`);
    assert.ok(fs.existsSync(path.join(workbench.extensionDir, '.vsixmanifest')), `${workbench.extensionDir} was not installed from a .vsix`);
    assert.ok(!fs.existsSync(path.join(workbench.extensionDir, 'node_modules')), 'the universal package carries node_modules');
    assert.ok(!fs.existsSync(path.join(workbench.extensionDir, 'dist', 'duckdbChild.js')), 'the universal package carries the DuckDB child');
  });

  it('runs "Drift Inspector: Compare datasets for drift" from the command palette', async () => {
    assert.ok(workbench);
    await runCommand(workbench.page, 'Drift Inspector: Compare datasets for drift');
    const feedback = await waitForCommandFeedback(workbench.page, /drift inspector/i);
    const file = await workbench.screenshot('compare-datasets-command');
    console.log(`    ${feedback.kind}: ${feedback.text}\n    screenshot: ${file}`);
    assert.ok(feedback.text.length > 0);
  });

  it('finds a webview frame by its content (checked on the built-in Markdown preview)', async () => {
    assert.ok(workbench);
    const { page } = workbench;
    await openFile(page, 'notes.md');
    await runCommand(page, 'Markdown: Open Preview');
    const frame = await findWebviewFrame(page, 'h1');
    assert.match(await frame.locator('h1').first().innerText(), /Drift fixture notes/);
    const viaLocator = webviewFrameLocator(page).locator('h1').first();
    assert.match(await viaLocator.innerText(), /Drift fixture notes/);
  });
});
