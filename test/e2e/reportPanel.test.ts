import * as assert from 'assert';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { compareDatasets } from '../../src/core/drift/engine';
import { readDatasetFile } from '../../src/core/read/index';
import { fixtureWorkspace } from '../../scripts/vscode/paths';
import { answerQuickPick } from './quickPick';
import { findWebviewFrame } from './webview';
import { openWorkbench, reportFailure, runCommand, type Workbench } from './workbench';

const ROWS = 'tr[data-column]';

async function expectedVerdicts(ref: string, cur: string): Promise<Array<[string, string]>> {
  const [r, c] = await Promise.all([readDatasetFile(path.join(fixtureWorkspace, ref)), readDatasetFile(path.join(fixtureWorkspace, cur))]);
  const report = compareDatasets({ ...r, source: ref }, { ...c, source: cur });
  return report.columns.map((col) => [col.name, col.drifted === true ? 'drift' : col.drifted === false ? 'no-drift' : 'not-tested']);
}

async function compareFromPalette(w: Workbench, ref: string, cur: string): Promise<Frame> {
  await runCommand(w.page, 'Drift Inspector: Compare datasets for drift');
  await answerQuickPick(w.page, 'Reference dataset', ref.replace(/\.csv$/, ''));
  await answerQuickPick(w.page, 'Current dataset', cur.replace(/\.csv$/, ''));
  await w.page.locator('.tabs-container .tab', { hasText: `Drift: ${ref} vs ${cur}` }).first().waitFor({ timeout: 60_000 });
  return findWebviewFrame(w.page, `${ROWS}`, 30_000);
}

/** True when the canvas has pixels that are not fully transparent. */
async function canvasDrawn(frame: Frame, selector: string): Promise<boolean> {
  return frame.$eval(selector, (el) => {
    const canvas = el as unknown as { width: number; height: number; getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted > 500;
  });
}

describe('Report panel in a real VS Code (e2e)', function () {
  this.timeout(180_000);
  let w: Workbench;
  const dialogs: string[] = [];

  before(async function () {
    w = await openWorkbench();
    w.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  after(async () => {
    await w?.close();
  });

  afterEach(async function () {
    await reportFailure(w, this.currentTest);
  });

  it('palette command, both QuickPicks, rows with the engine\'s verdicts, a row opens a drawn chart; dark and light', async () => {
    const frame = await compareFromPalette(w, 'penguins-reference.csv', 'penguins-current.csv');
    const rows = await frame.$$eval(ROWS, (els) => els.map((e) => [(e as unknown as { dataset: Record<string, string> }).dataset.column, (e as unknown as { dataset: Record<string, string> }).dataset.verdict]));
    assert.deepStrictEqual(rows, await expectedVerdicts('penguins-reference.csv', 'penguins-current.csv'));

    await frame.click(`${ROWS}[data-column="Body Mass (g)"]`);
    await frame.waitForSelector('.detail-pane[data-column="Body Mass (g)"] canvas.distribution-chart');
    await w.page.waitForTimeout(500); // Chart.js animates its first draw
    assert.ok(await canvasDrawn(frame, '.detail-pane canvas.distribution-chart'), 'the chart is drawn');
    type Doc = { document: { body: { className: string } } };
    const themeOf = async () => ((await frame.evaluate(() => (globalThis as unknown as Doc).document.body.className)).match(/vscode-(light|dark|high-contrast)/) ?? [])[1];
    const first = await themeOf();
    assert.ok(first === 'light' || first === 'dark', `theme class: ${first}`);
    console.log(`    screenshot: ${await w.screenshot(`vscode-report-${first}`)}`);
    const second = first === 'light' ? 'dark' : 'light';
    await runCommand(w.page, 'Preferences: Toggle between Light/Dark Themes');
    await frame.waitForFunction((t) => new RegExp(`vscode-${t}`).test((globalThis as unknown as Doc).document.body.className), second, { timeout: 20_000 });
    await w.page.waitForTimeout(800);
    assert.ok(await canvasDrawn(frame, '.detail-pane canvas.distribution-chart'), `the chart is redrawn in the ${second} theme`);
    console.log(`    screenshot: ${await w.screenshot(`vscode-report-${second}`)}`);
    await runCommand(w.page, 'Preferences: Toggle between Light/Dark Themes');
  });

  it('a column named <img src=x onerror=alert(1)> shows literally and runs nothing', async () => {
    const frame = await compareFromPalette(w, 'xss-reference.csv', 'xss-current.csv');
    const name = '<img src=x onerror=alert(1)>';
    const row = await frame.waitForSelector(`${ROWS}[data-column="${name}"]`);
    assert.match(await row.innerText(), /<img src=x onerror=alert\(1\)>/);
    await row.click();
    await frame.waitForSelector('.detail-pane h2.detail-title');
    assert.strictEqual(await frame.$eval('.detail-pane h2.detail-title', (e) => (e as unknown as { textContent: string }).textContent), name);
    const segmentRow = await frame.waitForSelector(`${ROWS}[data-column="segment"]`);
    await segmentRow.click();
    await w.page.waitForTimeout(500);
    assert.strictEqual(await frame.$$eval('img', (els) => els.length), 0, 'no <img> element was created');
    const injected = await frame.$$eval('script', (els) => els.filter((e) => /alert\(1\)/.test((e as unknown as { textContent: string }).textContent)).length);
    assert.strictEqual(injected, 0, 'no script element was made from file text');
    const segmentDetail = await frame.$eval('.detail-pane', (e) => (e as unknown as { textContent: string }).textContent);
    assert.match(segmentDetail, /<\/script><script>alert\(1\)<\/script>/, 'the category value shows literally');
    assert.deepStrictEqual(dialogs, []);
  });
});
