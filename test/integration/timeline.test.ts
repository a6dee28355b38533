import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import type { TimelineReport } from '../../src/shared/timeline';
import { until } from './until';
import { testHooks } from './hooks';

const root = () => vscode.workspace.workspaceFolders![0].uri;
const file = (name: string) => vscode.Uri.joinPath(root(), name);
const byMonth = { chunking: { by: 'period', period: '1M' } } as const;

const api = testHooks;

/** "Show drift over time" from the palette, with the chunking given instead of the QuickPicks. */
async function timeline(ref: vscode.Uri, cur: vscode.Uri): Promise<DriftReportPanel> {
  const panel = (await vscode.commands.executeCommand('driftInspector.showTimeline', ref, cur, byMonth)) as DriftReportPanel | undefined;
  assert.ok(panel, 'no report panel opened');
  return panel;
}

describe('drift over time (in the extension host)', function () {
  this.timeout(90_000);
  afterEach(async () => (await api()).openReportPanels().forEach((p) => p.dispose()));

  it('"Show drift over time" opens the report panel on its Timeline view, computed in its worker; saves JSON and HTML', async () => {
    const panel = await timeline(file('weather-reference.csv'), file('weather-current.csv'));
    assert.strictEqual(panel.panel.viewType, 'driftInspector.report', 'the report panel, not a panel of its own');
    assert.strictEqual(panel.panel.title, 'Drift: weather-reference.csv vs weather-current.csv');
    assert.strictEqual(panel.currentView, 'timeline');
    assert.strictEqual(panel.hasReport, false, 'the comparison is computed when its view is first chosen');
    const t = panel.currentTimeline!;
    assert.strictEqual(t.kind, 'timeline');
    assert.strictEqual(t.timeColumn, 'date');
    assert.strictEqual(t.chunks.length, 24);
    assert.strictEqual(t.chunks[0].start, '2014-01-01T00:00:00');
    assert.deepStrictEqual(t.chunks.map((c) => c.rows).reduce((a, b) => a + b, 0), 730);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-timeline-'));
    try {
      const json = vscode.Uri.file(path.join(dir, 't.json'));
      const html = vscode.Uri.file(path.join(dir, 't.html'));
      await panel.writeReport(json, 'json', 'timeline');
      await panel.writeReport(html, 'html', 'timeline');
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(json.fsPath, 'utf8')) as TimelineReport, JSON.parse(JSON.stringify(t)));
      assert.match(fs.readFileSync(html.fsPath, 'utf8'), /"kind":"timeline"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // The toggle's Comparison: the same panel compares the pair.
    assert.strictEqual(await panel.openView('comparison'), true);
    assert.strictEqual(panel.currentView, 'comparison');
    assert.strictEqual(panel.currentReport.reference.source, 'weather-reference.csv');
    assert.strictEqual((await api()).openReportPanels().length, 1);
  });

  it('a comparison\'s panel: its Timeline view is computed in the same panel, and the palette command reuses it', async () => {
    const ref = file('weather-reference.csv');
    const cur = file('weather-current.csv');
    const panel = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel;
    assert.ok(panel, 'no panel');
    assert.strictEqual(panel.currentTimeline, undefined);
    // What choosing the Timeline tab asks the host (the chunking given instead of the QuickPicks).
    assert.strictEqual(await panel.openView('timeline', byMonth), true);
    assert.strictEqual(panel.currentView, 'timeline');
    assert.strictEqual(panel.currentTimeline!.chunks.length, 24);
    assert.strictEqual(panel.currentReport.current.source, 'weather-current.csv', 'the comparison stays');
    const again = await timeline(ref, cur);
    assert.strictEqual(again, panel, 'the palette command shows the open panel\'s Timeline');
    assert.strictEqual((await api()).openReportPanels().length, 1);
  });

  it('watching: appended rows extend the timeline; closed chunks are reused, not recomputed', async () => {
    const cur = file('watched-timeline.csv');
    const lines = fs.readFileSync(file('weather-current.csv').fsPath, 'utf8').trim().split('\n');
    // 2014-01-01 to 2015-08-23: 20 months, the last one open.
    fs.writeFileSync(cur.fsPath, lines.slice(0, 601).join('\n') + '\n');
    try {
      const panel = await timeline(file('weather-reference.csv'), cur);
      assert.strictEqual(panel.currentTimeline!.chunks.length, 20);
      panel.setWatch(true);
      fs.appendFileSync(cur.fsPath, lines.slice(601).join('\n') + '\n');
      const chunks = await until('the timeline to grow', () => (panel.currentTimeline!.chunks.length === 24 ? 24 : undefined));
      assert.strictEqual(chunks, 24);
      assert.strictEqual(panel.lastReused, 19, 'the 19 closed months were reused');
      assert.strictEqual(panel.currentTimeline!.chunks[19].rows, 31, 'August 2015 complete now');
      assert.strictEqual(panel.hasReport, false, 'a view never chosen is not computed by watch');
      panel.setWatch(false);
    } finally {
      fs.rmSync(cur.fsPath, { force: true });
    }
  });
});
