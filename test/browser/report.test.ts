// The report UI in a real browser: the standalone HTML file (what the CLI and "Save report"
// write) and the webview page with a stand-in for the VS Code webview API.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { loadReportBundle } from '../../src/core/report/bundle';
import { createNonce, reportPageHtml, standaloneReportHtml, type ReportBundle } from '../../src/core/report/html';
import { MessageType, type FromWebviewMessage, type ToWebviewMessage, type WebviewState } from '../../src/shared/protocol';
import type { ColumnReport, DriftReport } from '../../src/shared/report';
import type { TimelineReport } from '../../src/shared/timeline';
import { readTimelinePair } from '../../src/core/read/pair';
import { computeTimeline } from '../../src/core/timeline/timeline';
import { canvasPixels, cspViolations, launchChromium, openPage, type Problems } from './chromium';
import { carsReport, hostileReport, ROOT, wideReport, XSS_COLUMN, XSS_SOURCE, XSS_VALUE } from './reports';

const DIST = path.join(ROOT, 'dist');
const SCREENSHOTS = path.join(ROOT, 'media', 'screenshots');
const CHART = '.detail-pane canvas.distribution-chart';

function expectedVerdict(c: ColumnReport): string {
  return c.drifted === true ? 'drift' : c.drifted === false ? 'no-drift' : 'not-tested';
}

async function rowNames(page: Page, visibleOnly = true): Promise<string[]> {
  return page.$$eval(
    '.columns-table tbody tr',
    (rows, visibleOnly) => rows.filter((r) => !visibleOnly || !(r as HTMLElement).hidden).map((r) => (r as HTMLElement).dataset.column ?? ''),
    visibleOnly,
  );
}

async function waitForChart(page: Page): Promise<number> {
  await page.waitForFunction((sel) => {
    const c = document.querySelector(sel);
    return c instanceof HTMLCanvasElement && c.width > 0 && c.height > 0;
  }, CHART);
  const { drawn } = await canvasPixels(page, CHART);
  return drawn;
}

function assertClean(problems: Problems, violations: string[]): void {
  assert.deepEqual(problems.dialogs, [], 'dialogs');
  assert.deepEqual(problems.pageErrors, [], 'page errors');
  assert.deepEqual(problems.consoleErrors, [], 'console errors/warnings');
  assert.deepEqual(violations, [], 'CSP violations');
}

describe('report UI in Chromium', function () {
  let browser: Browser;
  let bundle: ReportBundle;
  let cars: DriftReport;
  let tmp: string;

  before(async function () {
    this.timeout(120_000);
    bundle = await loadReportBundle(DIST); // fails clearly when `npm run build` has not run
    cars = await carsReport();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-report-ui-'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Writes the standalone file, opens it from file:// and waits for the table. */
  async function openStandalone(report: DriftReport, name: string, colorScheme: 'dark' | 'light' = 'dark') {
    const file = path.join(tmp, `${name}.html`);
    fs.writeFileSync(file, standaloneReportHtml(report, bundle));
    const { page, problems } = await openPage(browser, { colorScheme });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.columns-table tbody tr');
    return { page, problems, file };
  }

  describe('standalone HTML (cars samples)', () => {
    let page: Page;
    let problems: Problems;

    before(async () => {
      ({ page, problems } = await openStandalone(cars, 'cars'));
    });

    after(async () => {
      await page?.context().close();
    });

    it('shows the dataset verdict, drift share and both files in the header', async () => {
      const title = await page.textContent('.dataset-verdict-title');
      assert.equal(title, cars.dataset.drifted ? 'Dataset drift detected' : 'No dataset drift');
      assert.equal(await page.getAttribute('.dataset-verdict', 'data-verdict'), cars.dataset.drifted ? 'drift' : 'no-drift');
      assert.equal(
        await page.textContent('.dataset-verdict-sub'),
        `${cars.dataset.driftedColumns} of ${cars.dataset.testedColumns} tested columns drifted`,
      );
      assert.equal(await page.textContent('.share-value'), `${Math.round(cars.dataset.share * 100)}%`);
      assert.match((await page.textContent('.share-label')) ?? '', /threshold 50%/);
      const files = await page.$$eval('.files dd', (dds) => dds.map((d) => d.textContent ?? ''));
      assert.match(files[0], new RegExp(`^cars-reference\\.csv${cars.reference.rows} rows`));
      assert.match(files[1], new RegExp(`^cars-current\\.csv${cars.current.rows} rows`));
      assert.equal(await page.title(), 'Drift: cars-reference.csv vs cars-current.csv');
    });

    it('has one row per column, in severity order, with each verdict as data-verdict, icon and word', async () => {
      const rows = await page.$$eval('.columns-table tbody tr', (trs) =>
        trs.map((tr) => ({
          column: tr.getAttribute('data-column'),
          verdict: tr.getAttribute('data-verdict'),
          word: tr.querySelector('.col-verdict')?.textContent,
          icon: tr.querySelector('.col-verdict svg.icon') !== null,
        })),
      );
      assert.deepEqual(
        rows.map((r) => [r.column, r.verdict]),
        cars.columns.map((c) => [c.name, expectedVerdict(c)]),
      );
      const words: Record<string, string> = { drift: 'Drift', 'no-drift': 'No drift', 'not-tested': 'Not tested' };
      for (const r of rows) {
        assert.equal(r.word, words[r.verdict ?? '']);
        assert.ok(r.icon, `${r.column} has a verdict icon`);
      }
      assert.equal(await page.locator('.columns-table tbody tr svg.sparkline').count(), cars.columns.filter((c) => c.distribution).length);
    });

    it('selects the most severe column first and draws its chart', async () => {
      assert.equal(await page.textContent('.detail-title'), cars.columns[0].name);
      assert.ok((await waitForChart(page)) > 500, 'chart drawn');
    });

    it('clicking a row shows that column: overlaid histogram, reason, notes, summaries', async () => {
      const numeric = cars.columns.find((c) => c.distribution?.kind === 'histogram' && c.type === 'numerical');
      assert.ok(numeric);
      await page.click(`.columns-table tbody tr[data-column="${numeric.name}"]`);
      assert.equal(await page.textContent('.detail-title'), numeric.name);
      assert.equal(await page.getAttribute(`tr[data-column="${numeric.name}"]`, 'aria-selected'), 'true');
      assert.ok((await waitForChart(page)) > 500, 'histogram drawn');
      assert.equal(await page.textContent('.detail-pane .reason'), numeric.reason);
      assert.match((await page.textContent('.detail-pane h3 >> nth=0')) ?? '', /shared bins/);
      const summary = await page.$$eval('table.summary tbody th', (ths) => ths.map((t) => t.textContent));
      assert.deepEqual(summary.slice(0, 4), ['Values', 'Missing', 'Min', '5%']);

      // Counts / percent toggle redraws the same chart with another y scale.
      const before = await page.$eval(CHART, (c) => (c as HTMLCanvasElement).toDataURL());
      await page.click('.segmented button[data-percent="true"]');
      assert.equal(await page.getAttribute('.segmented button[data-percent="true"]', 'aria-pressed'), 'true');
      const after = await page.$eval(CHART, (c) => (c as HTMLCanvasElement).toDataURL());
      assert.notEqual(after, before, 'percent view differs');
      await page.click('.segmented button[data-percent="false"]');

      const categorical = cars.columns.find((c) => c.distribution?.kind === 'categories');
      assert.ok(categorical);
      await page.click(`.columns-table tbody tr[data-column="${categorical.name}"]`);
      assert.equal(await page.textContent('.detail-title'), categorical.name);
      assert.match((await page.textContent('.detail-pane h3 >> nth=0')) ?? '', /Top categories/);
      assert.ok((await waitForChart(page)) > 500, 'category bars drawn');

      const withNotes = cars.columns.find((c) => c.notes.length > 0);
      if (withNotes) {
        await page.click(`.columns-table tbody tr[data-column="${withNotes.name}"]`);
        assert.deepEqual(await page.$$eval('.notes li', (lis) => lis.map((l) => l.textContent)), withNotes.notes);
      }
      const untested = cars.columns.find((c) => c.drifted === null);
      if (untested) {
        await page.click(`.columns-table tbody tr[data-column="${untested.name}"]`);
        assert.equal(await page.textContent('.detail-pane .test-line'), 'Not drift-tested.');
        assert.equal(await page.locator(CHART).count(), untested.distribution ? 1 : 0);
      }
    });

    it('moves the selection with the arrow keys', async () => {
      await page.click(`.columns-table tbody tr[data-column="${cars.columns[0].name}"]`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.textContent('.detail-title'), cars.columns[1].name);
      await page.keyboard.press('End');
      assert.equal(await page.textContent('.detail-title'), cars.columns[cars.columns.length - 1].name);
    });

    it('sorts by a header click (ascending, descending, back to severity)', async () => {
      const names = cars.columns.map((c) => c.name);
      const byName = [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
      const nameHeader = '.columns-table th button[data-sort="name"]';
      await page.click(nameHeader);
      assert.deepEqual(await rowNames(page), byName);
      assert.equal(await page.getAttribute('.columns-table th:has(button[data-sort="name"])', 'aria-sort'), 'ascending');
      await page.click(nameHeader);
      assert.deepEqual(await rowNames(page), [...byName].reverse());
      await page.click(nameHeader);
      assert.deepEqual(await rowNames(page), names);

      // Scores ascending; untested (no score) last.
      await page.click('.columns-table th button[data-sort="score"]');
      const byScore = cars.columns
        .map((c, i) => ({ c, i }))
        .sort((a, b) => (a.c.score === null ? 1 : b.c.score === null ? -1 : a.c.score - b.c.score || a.i - b.i))
        .map(({ c }) => c.name);
      assert.deepEqual(await rowNames(page), byScore);
      await page.click('.columns-table th button[data-sort="score"]');
      await page.click('.columns-table th button[data-sort="score"]');
      assert.deepEqual(await rowNames(page), names);
    });

    it('filters by text and by verdict', async () => {
      const target = cars.columns[2].name;
      await page.fill('input.filter', target.slice(0, 5).toUpperCase());
      const expected = cars.columns.filter((c) => [c.name, c.type, c.testName ?? '', c.test ?? ''].some((s) => s.toLowerCase().includes(target.slice(0, 5).toLowerCase())));
      assert.deepEqual(await rowNames(page), expected.map((c) => c.name));
      assert.equal(await page.textContent('.row-count'), `${expected.length} of ${cars.columns.length} columns`);

      await page.fill('input.filter', 'no column is called this');
      assert.deepEqual(await rowNames(page), []);
      assert.equal(await page.isVisible('.table-empty'), true);

      await page.fill('input.filter', '');
      await page.selectOption('select.verdict-filter', 'not-tested');
      assert.deepEqual(await rowNames(page), cars.columns.filter((c) => c.drifted === null).map((c) => c.name));
      await page.selectOption('select.verdict-filter', 'drift');
      assert.deepEqual(await rowNames(page), cars.columns.filter((c) => c.drifted === true).map((c) => c.name));
      await page.selectOption('select.verdict-filter', 'all');
      assert.equal((await rowNames(page)).length, cars.columns.length);
    });

    it('hides the host-only buttons and embeds the report as script-safe JSON', async () => {
      assert.equal(await page.locator('[data-action]').count(), 0);
      assert.equal(await page.locator('.toolbar').count(), 0);
      const html = fs.readFileSync(path.join(tmp, 'cars.html'), 'utf8');
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'; img-src data:">/);
      assert.doesNotMatch(html, /<(script|link)[^>]+src=/, 'nothing fetched');
    });

    it('has no CSP violation, console error or dialog', async () => {
      assertClean(problems, await cspViolations(page));
    });
  });

  it('marks a score from an approximate profile: ~ in its row, the bound as tooltip and in the notes', async () => {
    const words = 'approximate: the reference had more than 1,000,000 distinct values, so each value was truncated toward zero to 19 mantissa bits (relative error below 2^-19 = 1.9e-6)';
    const tested = cars.columns.findIndex((c) => c.score !== null);
    const report: DriftReport = { ...cars, columns: cars.columns.map((c, i) => (i === tested ? { ...c, approximate: words } : c)) };
    const { page, problems } = await openStandalone(report, 'approximate');
    const name = report.columns[tested].name;
    const cell = page.locator(`.columns-table tbody tr[data-column="${name}"] td.col-num.approximate`);
    assert.match((await cell.textContent()) ?? '', /^~/);
    assert.match((await cell.getAttribute('title')) ?? '', /truncated toward zero to 19 mantissa bits/);
    const others = await page.locator('.columns-table tbody td.approximate').count();
    assert.equal(others, 1, 'only that row');
    await page.click(`.columns-table tbody tr[data-column="${name}"]`);
    assert.equal(await page.locator('.notes li', { hasText: 'approximate: the reference had more than' }).count(), 1);
    assertClean(problems, await cspViolations(page));
    await page.context().close();
  });

  it('shows hostile column names, values and file names as text, and runs nothing', async () => {
    const report = hostileReport();
    const { page, problems, file } = await openStandalone(report, 'hostile');
    try {
      const html = fs.readFileSync(file, 'utf8');
      assert.equal(html.split('</script>').length - 1, 2, 'only the two real </script> tags');
      assert.ok(!html.includes(XSS_COLUMN), 'column name is escaped in the embedded JSON');

      const row = page.locator('.columns-table tbody tr').filter({ has: page.locator('.name-text', { hasText: XSS_COLUMN }) });
      assert.equal(await row.count(), 1);
      assert.equal(await row.getAttribute('data-column'), XSS_COLUMN);
      assert.equal(await row.locator('.name-text').textContent(), XSS_COLUMN);
      await row.click();
      assert.equal(await page.textContent('.detail-title'), XSS_COLUMN);
      const topValues = await page.$$eval('.top-value', (els) => els.map((e) => e.textContent));
      assert.ok(topValues.includes(XSS_VALUE), `top values show ${XSS_VALUE} literally`);
      assert.ok(topValues.includes('&amp; "quoted"'));
      assert.ok((await waitForChart(page)) > 500);
      assert.equal(await page.locator('.columns-table tbody tr[data-column="a&b <i>x</i>"] .name-text').textContent(), 'a&b <i>x</i>');

      assert.equal(await page.getAttribute('.files .file-name >> nth=0', 'title'), XSS_SOURCE);
      assert.equal(await page.textContent('.files .file-name >> nth=0'), XSS_SOURCE);
      assert.equal(await page.locator('img, i, b, #drift-report script').count(), 0, 'no element came from data');
      assert.equal(await page.locator('script').count(), 2);
      await page.hover('.columns-table tbody tr >> nth=0');
      await page.waitForTimeout(100);
      assertClean(problems, await cspViolations(page));
    } finally {
      await page.context().close();
    }
  });

  it('renders readable light, dark and high-contrast standalone pages', async () => {
    const seen = new Map<string, string>();
    for (const [scheme, extra] of [
      ['dark', undefined],
      ['light', undefined],
      ['dark', 'more'],
    ] as const) {
      const { page, problems } = await openStandalone(cars, `theme-${scheme}-${extra ?? ''}`, scheme);
      try {
        if (extra) {
          await page.emulateMedia({ contrast: extra });
          await page.waitForFunction(() => document.body.classList.contains('vscode-high-contrast'));
        }
        const look = await page.evaluate(() => {
          const s = getComputedStyle(document.body);
          return { cls: document.body.className, bg: s.backgroundColor, fg: s.color };
        });
        assert.notEqual(look.bg, look.fg);
        seen.set(look.cls, look.bg);
        assert.ok((await waitForChart(page)) > 500);
        assertClean(problems, await cspViolations(page));
      } finally {
        await page.context().close();
      }
    }
    assert.deepEqual(
      [...seen.keys()].sort(),
      ['standalone vscode-dark', 'standalone vscode-high-contrast', 'standalone vscode-light'],
    );
    assert.equal(new Set(seen.values()).size, 3, 'three different backgrounds');
  });

  it('saves screenshots of the standalone report in dark and light', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const histogram = cars.columns.find((c) => c.type === 'numerical' && c.distribution?.kind === 'histogram');
    for (const scheme of ['dark', 'light'] as const) {
      const { page, problems } = await openStandalone(cars, `shot-${scheme}`, scheme);
      try {
        if (histogram) await page.click(`.columns-table tbody tr[data-column="${histogram.name}"]`);
        await waitForChart(page);
        await page.mouse.move(0, 0);
        const out = path.join(SCREENSHOTS, `report-${scheme}.png`);
        await page.screenshot({ path: out });
        console.log(`      screenshot: ${path.relative(ROOT, out)}`);
        assertClean(problems, await cspViolations(page));
      } finally {
        await page.context().close();
      }
    }
  });

  it('paints a 200-column report', async () => {
    const report = wideReport(200);
    assert.equal(report.columns.length, 200);
    const file = path.join(tmp, 'wide.html');
    fs.writeFileSync(file, standaloneReportHtml(report, bundle));
    const { page, problems } = await openPage(browser);
    try {
      const started = Date.now();
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.querySelectorAll('.columns-table tbody tr').length === 200);
      // One frame later the rows have been laid out and painted.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const wall = Date.now() - started;
      const render = await page.evaluate(() => performance.getEntriesByName('drift:render')[0]?.duration ?? NaN);
      const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
      console.log(
        `      200 columns: render ${render.toFixed(1)} ms (build + chart), first contentful paint ${paint.toFixed(0)} ms, ` +
          `navigation to painted rows ${wall} ms`,
      );
      const verdicts = await page.$$eval('.columns-table tbody tr', (trs) => trs.map((t) => t.getAttribute('data-verdict')));
      assert.deepEqual(verdicts, report.columns.map(expectedVerdict));

      const t0 = Date.now();
      await page.click('.columns-table th button[data-sort="name"]');
      await page.fill('input.filter', 'feature_1');
      const interact = Date.now() - t0;
      assert.equal((await rowNames(page)).length, 100);
      console.log(`      200 columns: sort + filter round trip ${interact} ms`);
      assertClean(problems, await cspViolations(page));
    } finally {
      await page.context().close();
    }
  });

  describe('webview page (VS Code API stand-in)', () => {
    let server: http.Server;
    let origin: string;

    before(async () => {
      server = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname === '/') {
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(
            reportPageHtml({
              cspSource: origin,
              nonce: createNonce(),
              scriptUri: `${origin}/dist/webview.js`,
              styleUri: `${origin}/dist/report.css`,
            }),
          );
          return;
        }
        if (url.pathname === '/favicon.ico') {
          res.statusCode = 204;
          res.end();
          return;
        }
        const name = url.pathname.replace(/^\/dist\//, '');
        const allowed: Record<string, string> = { 'webview.js': 'text/javascript', 'report.css': 'text/css' };
        if (!allowed[name]) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('content-type', allowed[name]);
        res.end(fs.readFileSync(path.join(DIST, name)));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    interface StubWindow {
      __posted: unknown[];
      acquireVsCodeApi?: () => unknown;
    }

    /** A page whose acquireVsCodeApi records posts, keeps state in sessionStorage, and answers ready. */
    async function openWebview(report: DriftReport) {
      const { page, problems } = await openPage(browser);
      await page.addInitScript((report: DriftReport) => {
        const PAIR = { reference: 'file:///data/cars-reference.csv', current: 'file:///other-root/cars-current.csv' };
        const w = window as unknown as StubWindow;
        w.__posted = [];
        w.acquireVsCodeApi = () => ({
          postMessage: (m: { type: string }) => {
            w.__posted.push(m);
            if (m.type === 'ready' && sessionStorage.getItem('reply') !== 'off') {
              setTimeout(() => window.postMessage({ type: 'showReport', report, pair: PAIR, watching: false }, '*'), 0);
            }
          },
          getState: () => {
            const s = sessionStorage.getItem('state');
            return s ? JSON.parse(s) : undefined;
          },
          setState: (s: unknown) => {
            sessionStorage.setItem('state', JSON.stringify(s));
            return s;
          },
        });
      }, report);
      await page.goto(origin + '/');
      await page.waitForSelector('.columns-table tbody tr');
      return { page, problems };
    }

    const posted = (page: Page) => page.evaluate(() => (window as unknown as StubWindow).__posted as FromWebviewMessage[]);
    const send = (page: Page, m: ToWebviewMessage) => page.evaluate((m) => window.postMessage(m, '*'), m);

    it('says ready first, renders the report the host sends, and posts typed messages from the buttons', async () => {
      const { page, problems } = await openWebview(cars);
      try {
        assert.deepEqual((await posted(page))[0], { type: 'ready' });
        assert.equal((await rowNames(page)).length, cars.columns.length);
        await page.click('[data-action="save-json"]');
        await page.click('[data-action="save-html"]');
        await page.check('[data-action="watch"]');
        await page.click('[data-action="rerun"]');
        assert.deepEqual((await posted(page)).slice(1), [
          { type: 'saveReport', view: 'comparison', format: 'json' },
          { type: 'saveReport', view: 'comparison', format: 'html' },
          { type: 'setWatch', watching: true },
          { type: 'rerun', view: 'comparison' },
        ]);

        await send(page, { type: MessageType.Busy, view: 'comparison', stage: 'Reading cars-current.csv' });
        await page.waitForSelector('.status.busy'); // postMessage delivers asynchronously
        assert.match((await page.textContent('.status')) ?? '', /Reading cars-current\.csv/);
        assert.equal(await page.isDisabled('[data-action="rerun"]'), true);
        await send(page, { type: MessageType.Failed, view: 'comparison', message: 'cars-current.csv: no such file' });
        await page.waitForSelector('.status.failed');
        assert.match((await page.textContent('.status.failed')) ?? '', /^Comparison failed: cars-current\.csv: no such file$/);
        assert.equal((await rowNames(page)).length, cars.columns.length, 'last report stays');
        await send(page, { type: MessageType.ShowReport, report: cars, pair: { reference: 'file:///a.csv', current: 'file:///b.csv' }, watching: true });
        await page.waitForSelector('.status', { state: 'hidden' });
        assert.equal(await page.isChecked('[data-action="watch"]'), true);
        assert.equal(await page.isDisabled('[data-action="watch"]'), false);
        // A database table: the switch is off and disabled, its tooltip says why (the host's words).
        const why = 'A database table cannot be watched: test';
        await send(page, { type: MessageType.ShowReport, report: cars, pair: { reference: 'postgres://u@h:5432/db?table=a', current: 'postgres://u@h:5432/db?table=b' }, watching: false, watchUnavailable: why });
        await page.waitForFunction(() => (document.querySelector('[data-action="watch"]') as HTMLInputElement).disabled);
        assert.equal(await page.isChecked('[data-action="watch"]'), false);
        assert.equal(await page.evaluate(() => (document.querySelector('[data-action="watch"]') as HTMLInputElement).closest('label')?.title), why);
        // The other view's switch, made after the host said it (the Timeline tab chosen later), says it too.
        await page.click('[role="tablist"] [role="tab"][data-view="timeline"]');
        const timelineWatch = '#view-panel-timeline [data-action="watch"]';
        await page.waitForSelector(timelineWatch, { state: 'visible' });
        assert.equal(await page.isDisabled(timelineWatch), true, 'the Timeline view\'s switch is disabled too');
        assert.equal(await page.evaluate((sel) => (document.querySelector(sel) as HTMLInputElement).closest('label')?.title, timelineWatch), why);
        assertClean(problems, await cspViolations(page));
      } finally {
        await page.context().close();
      }
    });

    it('Comparison | Timeline toggle: a tablist with one tab stop, arrows move the focus, choosing a view without data asks the host; image sets have it too', async () => {
      const { page, problems } = await openWebview(cars);
      try {
        const tab = (v: string) => `[role="tablist"] [role="tab"][data-view="${v}"]`;
        assert.equal(await page.isVisible('[role="tablist"]'), true);
        assert.equal(await page.getAttribute(tab('comparison'), 'aria-selected'), 'true');
        assert.equal(await page.getAttribute(tab('comparison'), 'tabindex'), '0');
        assert.equal(await page.getAttribute(tab('timeline'), 'tabindex'), '-1');
        assert.equal(await page.getAttribute(tab('timeline'), 'aria-controls'), 'view-panel-timeline');
        assert.equal(await page.getAttribute('#view-panel-timeline', 'aria-labelledby'), 'view-tab-timeline');
        await page.focus(tab('comparison'));
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-view')), 'timeline');
        assert.equal((await posted(page)).length, 1, 'moving the focus asks nothing');
        await page.keyboard.press('Enter');
        assert.deepEqual((await posted(page)).slice(1), [{ type: 'openView', view: 'timeline' }]);
        assert.equal(await page.getAttribute(tab('timeline'), 'aria-selected'), 'true');
        assert.equal(await page.isHidden('.columns-table'), true);
        assert.match((await page.textContent('[role="tabpanel"]:not([hidden]) .status')) ?? '', /Choose the chunking/);
        // The host's chunking QuickPick was cancelled: it shows the comparison again.
        await send(page, { type: MessageType.SelectView, view: 'comparison' });
        await page.waitForSelector('.columns-table', { state: 'visible' });
        assert.equal(await page.getAttribute(tab('comparison'), 'aria-selected'), 'true');
        // Choosing the view that has data asks nothing.
        await page.click(tab('comparison'));
        assert.equal((await posted(page)).length, 2);

        // An image set's panel has both views; its Timeline's header says where the images' times came from.
        const images = { ...cars, reference: { ...cars.reference, format: 'images' }, current: { ...cars.current, format: 'images' } };
        const pair = { reference: 'file:///a', current: 'file:///b' };
        await send(page, { type: MessageType.ShowReport, report: images, pair, watching: false });
        const timeline = await imageTimeline();
        await send(page, { type: MessageType.ShowTimeline, timeline, pair, watching: false });
        await send(page, { type: MessageType.SelectView, view: 'timeline' });
        await page.waitForSelector('.timeline-header .side-info', { state: 'visible' });
        assert.equal(await page.isVisible('[role="tablist"]'), true);
        assert.equal(
          await page.textContent('.timeline-header .side-info'),
          'Reference ref (12 images; time from EXIF DateTimeOriginal for 12 images) · current cur (36 images; time from EXIF DateTimeOriginal for 28 images, EXIF DateTime for 5 images, file modification time for 3 images)',
        );
        assertClean(problems, await cspViolations(page));
      } finally {
        await page.context().close();
      }
    });

    it('keeps selection, sort, filter, percent toggle and the report across a reload', async () => {
      const { page, problems } = await openWebview(cars);
      try {
        const target = cars.columns.find((c) => c.distribution?.kind === 'histogram');
        assert.ok(target);
        await page.click(`.columns-table tbody tr[data-column="${target.name}"]`);
        await page.click('.columns-table th button[data-sort="name"]');
        await page.click('.columns-table th button[data-sort="name"]');
        await page.fill('input.filter', target.name.slice(0, 3));
        await page.click('.segmented button[data-percent="true"]');
        const visible = await rowNames(page);

        // The host does not answer this time: what shows comes from getState alone.
        await page.evaluate(() => sessionStorage.setItem('reply', 'off'));
        await page.reload();
        await page.waitForSelector('.columns-table tbody tr', { state: 'attached' });
        const state = await page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? '{}') as WebviewState);
        assert.equal(state.selectedColumn, target.name);
        assert.deepEqual(state.sort, { key: 'name', descending: true });
        assert.equal(state.percent, true);
        assert.equal(state.report?.columns.length, cars.columns.length);
        // The host restores the panel from these URIs, not from the report's display names.
        assert.deepEqual(state.pair, { reference: 'file:///data/cars-reference.csv', current: 'file:///other-root/cars-current.csv' });

        assert.equal(await page.textContent('.detail-title'), target.name);
        assert.equal(await page.inputValue('input.filter'), target.name.slice(0, 3));
        assert.deepEqual(await rowNames(page), visible);
        assert.equal(await page.getAttribute('.columns-table th:has(button[data-sort="name"])', 'aria-sort'), 'descending');
        assert.equal(await page.getAttribute('.segmented button[data-percent="true"]', 'aria-pressed'), 'true');
        assert.ok((await waitForChart(page)) > 500);
        assertClean(problems, await cspViolations(page));
      } finally {
        await page.context().close();
      }
    });

    it('follows a live theme change (body class + --vscode-* variables), canvas included', async () => {
      const { page, problems } = await openWebview(cars);
      try {
        const themes = {
          dark: { cls: 'vscode-dark', bg: '#1e1e1e', fg: '#cccccc', blue: [255, 0, 255] },
          light: { cls: 'vscode-light', bg: '#ffffff', fg: '#333333', blue: [0, 160, 0] },
          hc: { cls: 'vscode-high-contrast', bg: '#000000', fg: '#ffffff', blue: [0, 255, 255] },
        } as const;
        const hex = (rgb: readonly number[]) => '#' + rgb.map((x) => x.toString(16).padStart(2, '0')).join('');
        const histogram = cars.columns.find((c) => c.distribution?.kind === 'histogram');
        assert.ok(histogram);
        await page.click(`.columns-table tbody tr[data-column="${histogram.name}"]`);
        for (const t of [themes.dark, themes.light, themes.hc]) {
          // What VS Code does on a theme switch: new variables on <html>, new class on <body>.
          await page.evaluate(
            ({ cls, bg, fg, blue }) => {
              const root = document.documentElement.style;
              root.setProperty('--vscode-editor-background', bg);
              root.setProperty('--vscode-foreground', fg);
              root.setProperty('--vscode-charts-foreground', fg);
              root.setProperty('--vscode-charts-blue', blue);
              if (cls === 'vscode-high-contrast') root.setProperty('--vscode-contrastBorder', '#6fc3df');
              else root.removeProperty('--vscode-contrastBorder');
              document.body.className = cls;
            },
            { cls: t.cls, bg: t.bg, fg: t.fg, blue: hex(t.blue) },
          );
          await page.waitForFunction(
            ([sel, rgb]) => {
              const c = document.querySelector(sel as string) as HTMLCanvasElement | null;
              const ctx = c?.getContext('2d');
              if (!c || !ctx) return false;
              const d = ctx.getImageData(0, 0, c.width, c.height).data;
              const [r, g, b] = rgb as readonly number[];
              for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 200 && Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40) return true;
              }
              return false;
            },
            [CHART, t.blue] as const,
            { timeout: 5000 },
          );
          const { matching } = await canvasPixels(page, CHART, [...t.blue]);
          assert.ok(matching > 20, `${t.cls}: chart uses --vscode-charts-blue (${matching} px)`);
          const look = await page.evaluate(() => ({
            bg: getComputedStyle(document.body).backgroundColor,
            fg: getComputedStyle(document.body).color,
            spark: getComputedStyle(document.querySelector('.spark-reference') as Element).fill,
          }));
          const rgb = (h: string) => `rgb(${[1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).join(', ')})`;
          assert.equal(look.bg, rgb(t.bg));
          assert.equal(look.fg, rgb(t.fg));
          assert.equal(look.spark, rgb(hex(t.blue)));
        }
        assertClean(problems, await cspViolations(page));
      } finally {
        await page.context().close();
      }
    });
  });
});

/** The timeline of the image-time fixtures (scripts/images/make_timed.py) by day, as the panel's worker computes it. */
async function imageTimeline(): Promise<TimelineReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-timed-ui-'));
  try {
    fs.cpSync(path.join(ROOT, 'test/fixtures/images/timed'), dir, { recursive: true });
    const [reference, current] = await readTimelinePair(path.join(dir, 'ref'), path.join(dir, 'cur'), { settings: {} });
    return computeTimeline({ ...reference, source: 'ref' }, { ...current, source: 'cur' }, {}, { chunking: { by: 'period', period: '1d' } }).report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
