import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { readDatasetFile } from '../../src/core/read/index';
import { computeTimeline } from '../../src/core/timeline/timeline';
import { fixtureWorkspace, repoRoot } from '../../scripts/vscode/paths';
import { answerQuickPick } from './quickPick';
import { findWebviewFrame } from './webview';
import { openWorkbench, reportFailure, runCommand, type Workbench } from './workbench';

const CELLS = 'td[data-verdict][data-chunk]';
const TAB = (view: string) => `[role="tablist"] [role="tab"][data-view="${view}"]`;
type Cell = { dataset: Record<string, string> };
type Doc = { document: { querySelector(s: string): { textContent: string } | null; activeElement: { getAttribute(n: string): string | null } | null } };

/** The heatmap's verdicts are the engine's for the weather pair by month. */
async function checkCells(frame: Frame): Promise<void> {
  const [ref, cur] = await Promise.all(['weather-reference.csv', 'weather-current.csv'].map((f) => readDatasetFile(path.join(fixtureWorkspace, f))));
  const { report } = computeTimeline(ref, cur, {}, { chunking: { by: 'period', period: '1M' } });
  const expected = report.chunks.flatMap((chunk) => chunk.columns.map((c) => `${chunk.index}|${c.name}|${c.drifted === true ? 'drift' : c.drifted === false ? 'no-drift' : 'not-tested'}`));
  const shown = await frame.$$eval(`${CELLS}[data-column]`, (els) => els.map((e) => `${(e as unknown as Cell).dataset.chunk}|${(e as unknown as Cell).dataset.column}|${(e as unknown as Cell).dataset.verdict}`));
  assert.deepStrictEqual(shown.sort(), expected.filter((x) => !x.includes('|date|')).sort());
  const datasetRow = await frame.$$eval(`${CELLS}[data-row="dataset"]`, (els) => els.map((e) => (e as unknown as Cell).dataset.verdict));
  assert.deepStrictEqual(datasetRow, report.chunks.map((c) => (c.dataset.drifted ? 'drift' : 'no-drift')));
}

describe('Drift over time in a real VS Code (e2e)', function () {
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

  it('a comparison\'s panel: its Timeline tab asks for the chunking and shows the heatmap in the same panel, with the engine\'s verdicts; a click opens the chunk\'s distribution', async () => {
    await runCommand(w.page, 'Drift Inspector: Compare datasets for drift');
    await answerQuickPick(w.page, 'Reference dataset', 'weather-reference');
    await answerQuickPick(w.page, 'Current dataset', 'weather-current');
    await w.page.locator('.tabs-container .tab', { hasText: 'Drift: weather-reference.csv vs weather-current.csv' }).first().waitFor({ timeout: 60_000 });
    const frame = await findWebviewFrame(w.page, '.columns-table tbody tr', 60_000);
    assert.equal(await frame.getAttribute(TAB('comparison'), 'aria-selected'), 'true');
    assert.equal(await frame.getAttribute(TAB('timeline'), 'aria-selected'), 'false');

    await frame.click(TAB('timeline'));
    // The suggested chunking (10-60 chunks) is the first item: by month, 24 chunks.
    await answerQuickPick(w.page, 'Chunking', 'month', 60_000);
    await frame.waitForSelector(CELLS, { timeout: 60_000 });
    assert.equal(await frame.getAttribute(TAB('timeline'), 'aria-selected'), 'true');
    assert.equal(await frame.isHidden('.columns-table'), true, 'the comparison is hidden, not gone');
    assert.equal(await w.page.locator('.tabs-container .tab', { hasText: 'Drift:' }).count(), 1, 'one panel for the pair');
    await checkCells(frame);

    await frame.click(`${CELLS}[data-column="temp_max"][data-chunk="5"]`);
    await frame.waitForSelector('.detail-pane[data-column="temp_max"] canvas.distribution-chart', { timeout: 30_000 });
    assert.match(await frame.$eval('.detail-caption', (e) => (e as unknown as { textContent: string }).textContent), /Chunk 5 \(2014-06-01T00:00:00 to 2014-07-01T00:00:00, 30 rows\) against the reference/);
    // Keyboard: the grid moves with the arrows and opens with Enter.
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('Enter');
    await frame.waitForFunction(() => /Chunk 6 /.test((globalThis as unknown as Doc).document.querySelector('.detail-caption')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await w.page.waitForTimeout(600);
    const shot = await w.screenshot('vscode-timeline-dark');
    console.log(`    screenshot: ${shot}`);
    if (process.env.DRIFT_UPDATE_SCREENSHOTS) fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshots', 'vscode-timeline.png'));

    // The tabs by keyboard: one tab stop, the arrows move between tabs, Enter chooses.
    await frame.focus(TAB('timeline'));
    await w.page.keyboard.press('ArrowLeft');
    assert.equal(await frame.evaluate(() => (globalThis as unknown as Doc).document.activeElement?.getAttribute('data-view')), 'comparison');
    assert.equal(await frame.getAttribute(TAB('timeline'), 'aria-selected'), 'true', 'moving the focus chooses nothing');
    await w.page.keyboard.press('Enter');
    await frame.waitForSelector('.columns-table tbody tr', { state: 'visible', timeout: 30_000 });
    assert.equal(await frame.getAttribute(TAB('comparison'), 'tabindex'), '0');
    assert.equal(await frame.getAttribute(TAB('timeline'), 'tabindex'), '-1');
    assert.equal(await frame.isHidden(CELLS), true);
  });

  it('"Show drift over time" from the palette: pair and chunking QuickPicks, the report panel opens on its Timeline view', async () => {
    await runCommand(w.page, 'View: Close All Editors');
    await w.page.locator('.tabs-container .tab', { hasText: 'Drift:' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    await runCommand(w.page, 'Drift Inspector: Show drift over time');
    await answerQuickPick(w.page, 'Reference dataset', 'weather-reference');
    await answerQuickPick(w.page, 'Current dataset', 'weather-current');
    await answerQuickPick(w.page, 'Chunking', 'month', 60_000);
    await w.page.locator('.tabs-container .tab', { hasText: 'Drift: weather-reference.csv vs weather-current.csv' }).first().waitFor({ timeout: 60_000 });
    const frame = await findWebviewFrame(w.page, CELLS, 60_000);
    await frame.waitForSelector(`${TAB('timeline')}[aria-selected="true"]`, { timeout: 30_000 });
    await checkCells(frame);
  });
});
