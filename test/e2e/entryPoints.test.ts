import * as assert from 'assert';
import { answerQuickPick } from './quickPick';
import { findWebviewFrame } from './webview';
import { openWorkbench, runCommand, type Workbench } from './workbench';

const REF = 'penguins-reference.csv';
const CUR = 'penguins-current.csv';

/** The Explorer's row for a file of the workspace. */
function explorerRow(w: Workbench, name: string) {
  return w.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
}

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
    if (w && this.currentTest?.state === 'failed') console.log(`    screenshot: ${await w.screenshot(`failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-')}`)}`);
  });

  it('Explorer: two files selected, right-click, "Compare datasets for drift": the first selected is the reference', async () => {
    // The Explorer lists penguins-current above penguins-reference: selecting the reference first
    // shows that the order of selection decides, not the order of the list.
    // Extension menu entries can arrive a few seconds after the workbench shows (as in
    // runCommand): select again and reopen the menu until ours is in it.
    const item = w.page.locator('.monaco-menu .action-item', { hasText: 'Compare datasets for drift' }).first();
    const deadline = Date.now() + 40_000;
    for (;;) {
      await explorerRow(w, REF).click();
      await explorerRow(w, CUR).click({ modifiers: ['Control'] });
      await explorerRow(w, CUR).click({ button: 'right' });
      if (await item.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) break;
      await w.page.keyboard.press('Escape');
      if (Date.now() > deadline) assert.fail('the Explorer context menu never offered "Compare datasets for drift"');
    }
    console.log(`    screenshot: ${await w.screenshot('vscode-explorer-menu')}`);
    await item.click();
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
