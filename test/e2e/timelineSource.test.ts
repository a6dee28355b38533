import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as StartPostgres from '../../scripts/postgres/start-postgres';
import { readDatasetFile } from '../../src/core/read/index';
import { computeTimeline } from '../../src/core/timeline/timeline';
import { fixtureWorkspace, repoRoot } from '../../scripts/vscode/paths';
import { answerQuickPick } from './quickPick';
import { findWebviewFrame } from './webview';
import { openWorkbench, reportFailure, runCommand, type Workbench } from './workbench';

// A real PostgreSQL 15 on loopback (scripts/postgres/start-postgres.js), stopped by PID. Its
// `postgres` role is trusted on 127.0.0.1, so no password is needed anywhere.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPostgres } = require(path.join(repoRoot, 'scripts', 'postgres', 'start-postgres.js')) as typeof StartPostgres;

const CELLS = 'td[data-verdict][data-chunk]';
const TAB = (view: string) => `[role="tablist"] [role="tab"][data-view="${view}"]`;
const CSV = (side: string) => `weather-${side}.csv`;
/** The host's words for the disabled switch (WATCH_SOURCE_REASON in src/extension/sources.ts). */
const WATCH_REASON = 'A database table cannot be watched: VS Code is told when a file changes, not when rows reach a table. Re-run queries it again.';
type Cell = { dataset: Record<string, string> };
type Input = { disabled: boolean; checked: boolean; closest(s: string): { title: string } | null };

describe('Drift over time on a connection\'s tables in a real VS Code (e2e, PostgreSQL on loopback)', function () {
  this.timeout(180_000);
  let pg: StartPostgres.RunningPostgres | undefined;
  let w: Workbench | undefined;
  let folder = '';

  before(async function () {
    pg = await startPostgres();
    // The fixture's weather pair as two tables, read by psql's \copy (empty CSV cells are NULL).
    for (const side of ['reference', 'current']) {
      pg.psql(`CREATE TABLE weather_${side} (date date, precipitation float8, temp_max float8, temp_min float8, wind float8, weather text)`);
      pg.psql(`\\copy weather_${side} FROM '${path.join(fixtureWorkspace, CSV(side))}' WITH (FORMAT csv, HEADER true)`);
    }
    // A workspace of its own: the connection in its settings, as a user would add it.
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-e2e-timeline-source-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), `${JSON.stringify({ 'driftInspector.sources': [{ name: 'pg', url: `postgres://postgres@127.0.0.1:${pg.port}/postgres` }] }, null, 2)}\n`);
    fs.writeFileSync(path.join(folder, 'README.txt'), 'The data is in the PostgreSQL connection "pg".\n');
    w = await openWorkbench({ folder });
  });

  after(async () => {
    try {
      await w?.close();
    } finally {
      await pg?.stop();
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  afterEach(async function () {
    await reportFailure(w, this.currentTest);
  });

  it('"Show drift over time" from the palette: the tables in the QuickPicks, periods only, the heatmap of the CSV files\' timeline, Watch disabled with its reason', async () => {
    const page = w!.page;
    await runCommand(page, 'Drift Inspector: Show drift over time');
    await answerQuickPick(page, 'Reference dataset', 'weather_reference', 60_000);
    await answerQuickPick(page, 'Current dataset', 'weather_current', 60_000);

    // The chunking QuickPick of a table: periods of its date column only, no sizes or counts.
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Chunking' }).waitFor({ state: 'visible', timeout: 60_000 });
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    // A row's text is its label, description and detail (innerText joins label and description).
    const offered = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.ok(offered.length >= 3, `several periods: ${JSON.stringify(offered)}`);
    for (const item of offered) assert.match(item, /^By (hour|day|ISO week|month|quarter|year) ?1[hdwMQy] on date · \d+ chunks?/, `only periods: ${JSON.stringify(offered)}`);
    assert.ok(offered.some((t) => /^By month ?1M on date · 24 chunks Suggested: 24 chunks$/.test(t)), JSON.stringify(offered));
    assert.match((await widget.locator('.quick-input-box input').getAttribute('placeholder')) ?? '', /A table is cut by period of 'date' \(it has no row order for sizes or counts\)/);
    await answerQuickPick(page, 'Chunking', 'month', 30_000);

    // The sides are called by their tables (src/shared/names.ts), not by the database both share.
    await page.locator('.tabs-container .tab', { hasText: 'Drift: weather_reference vs weather_current' }).first().waitFor({ timeout: 90_000 });
    const frame = await findWebviewFrame(page, CELLS, 90_000);
    await frame.waitForSelector(`${TAB('timeline')}[aria-selected="true"]`, { timeout: 30_000 });

    // Independent path: the core's timeline of the same CSV files, by month.
    const [ref, cur] = await Promise.all(['reference', 'current'].map((s) => readDatasetFile(path.join(fixtureWorkspace, CSV(s)))));
    const { report } = computeTimeline(ref, cur, {}, { chunking: { by: 'period', period: '1M' } });
    assert.strictEqual(report.chunks.length, 24);
    const verdict = (d: boolean | null | undefined) => (d === true ? 'drift' : d === false ? 'no-drift' : 'not-tested');
    const expected = report.chunks.flatMap((chunk) => chunk.columns.filter((c) => c.name !== 'date').map((c) => `${chunk.index}|${c.name}|${verdict(c.drifted)}`));
    const shown = await frame.$$eval(`${CELLS}[data-column]`, (els) => els.map((e) => `${(e as unknown as Cell).dataset.chunk}|${(e as unknown as Cell).dataset.column}|${(e as unknown as Cell).dataset.verdict}`));
    assert.deepStrictEqual(shown.sort(), expected.sort());
    const datasetRow = await frame.$$eval(`${CELLS}[data-row="dataset"]`, (els) => els.map((e) => (e as unknown as Cell).dataset.verdict));
    assert.deepStrictEqual(datasetRow, report.chunks.map((c) => verdict(c.dataset.drifted)));
    assert.ok(new Set(shown.map((s) => s.split('|')[2])).size >= 2, 'both verdicts occur');

    // The header names each side by its table and says the server profiled it (src/shared/names.ts).
    const sides = await frame.innerText('#view-panel-timeline .side-info');
    assert.match(sides, /Reference weather_reference \(731 rows, profiled in PostgreSQL \(\d+ quer(y|ies)\)\) · current weather_current \(730 rows, profiled in PostgreSQL/, sides);

    // Watch: off and disabled, its label saying why, in both views' switches (each view has its own
    // toolbar; src/webview/main.ts tells both, including one made later).
    const watch = await frame.$eval('[data-action="watch"]', (e) => {
      const input = e as unknown as Input;
      return { disabled: input.disabled, checked: input.checked, why: input.closest('label')?.title ?? '' };
    });
    assert.deepStrictEqual(watch, { disabled: true, checked: false, why: WATCH_REASON });

    await page.waitForTimeout(600);
    console.log(`    screenshot: ${await w!.screenshot('vscode-timeline-source')}`);
  });
});
