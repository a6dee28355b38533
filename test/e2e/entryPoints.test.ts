import * as assert from 'assert';
import { clickMenuItem, explorerContextMenu, explorerRow } from './explorer';
import { answerQuickPick } from './quickPick';
import { findWebviewFrame } from './webview';
import { openWorkbench, reportFailure, runCommand, type Workbench } from './workbench';

const REF = 'penguins-reference.csv';
const CUR = 'penguins-current.csv';

/** Waits for the report tab of a pair and for its rows, then closes the editors. */
async function expectReport(w: Workbench, ref: string, cur: string): Promise<void> {
  await w.page.locator('.tabs-container .tab', { hasText: `Drift: ${ref} vs ${cur}` }).first().waitFor({ timeout: 60_000 });
  const frame = await findWebviewFrame(w.page, 'tr[data-column]', 30_000);
  assert.ok((await frame.$$('tr[data-column]')).length > 0, 'the report lists columns');
}

describe('Entry points besides the palette, in a real VS Code (e2e)', function () {
  this.timeout(180_000);
  let w: Workbench;

  before(async function () {
    w = await openWorkbench();
  });

  after(async () => {
    await w?.close();
  });

  afterEach(async function () {
    await reportFailure(w, this.currentTest);
  });

  it('Explorer: two files selected, right-click, "Compare datasets for drift": the first selected is the reference', async () => {
    // The Explorer lists penguins-current above penguins-reference: selecting the reference first
    // shows that the order of selection decides, not the order of the list.
    const item = await explorerContextMenu(w, [REF, CUR], 'Compare datasets for drift');
    console.log(`    screenshot: ${await w.screenshot('vscode-explorer-menu')}`);
    await clickMenuItem(w, item, 'Compare datasets for drift');
    await expectReport(w, REF, CUR);
    console.log(`    screenshot: ${await w.screenshot('vscode-explorer-compare')}`);
  });

  it('editor title: the open dataset is the reference, a QuickPick asks for the current one', async () => {
    // (VS Code passes this button the editor's group and index as the second argument, not a
    // selection: the command once failed on it.)
    await runCommand(w.page, 'View: Close All Editors');
    await explorerRow(w, REF).dblclick();
    await w.page.locator('.tabs-container .tab', { hasText: REF }).first().waitFor({ timeout: 30_000 });
    const button = w.page.locator('.editor-actions .action-label[aria-label*="Compare datasets for drift"]').first();
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await button.click();
    await answerQuickPick(w.page, 'Current dataset', CUR.replace(/\.csv$/, ''));
    await expectReport(w, REF, CUR);
  });
});
