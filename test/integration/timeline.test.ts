import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TimelinePanel } from '../../src/extension/timeline/timelinePanel';
import type { TimelineReport } from '../../src/shared/timeline';
import { until } from './until';
import { testHooks } from './hooks';

const root = () => vscode.workspace.workspaceFolders![0].uri;
const file = (name: string) => vscode.Uri.joinPath(root(), name);

const api = testHooks;

async function timeline(ref: vscode.Uri, cur: vscode.Uri, period = '1M'): Promise<TimelinePanel> {
  const panel = (await vscode.commands.executeCommand('driftInspector.showTimeline', ref, cur, { chunking: { by: 'period', period } })) as TimelinePanel | undefined;
  assert.ok(panel, 'no timeline panel opened');
  return panel;
}

describe('drift over time (in the extension host)', function () {
  this.timeout(90_000);
  afterEach(async () => (await api()).openTimelinePanels().forEach((p) => p.dispose()));

  it('"Show drift over time" computes the timeline in its worker and saves JSON and HTML', async () => {
    const panel = await timeline(file('weather-reference.csv'), file('weather-current.csv'));
    const t = panel.currentTimeline;
    assert.strictEqual(t.kind, 'timeline');
    assert.strictEqual(t.timeColumn, 'date');
    assert.strictEqual(t.chunks.length, 24);
    assert.strictEqual(t.chunks[0].start, '2014-01-01T00:00:00');
    assert.deepStrictEqual(t.chunks.map((c) => c.rows).reduce((a, b) => a + b, 0), 730);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-timeline-'));
    try {
      const json = vscode.Uri.file(path.join(dir, 't.json'));
      const html = vscode.Uri.file(path.join(dir, 't.html'));
      await panel.writeReport(json, 'json');
      await panel.writeReport(html, 'html');
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(json.fsPath, 'utf8')) as TimelineReport, JSON.parse(JSON.stringify(t)));
      assert.match(fs.readFileSync(html.fsPath, 'utf8'), /"kind":"timeline"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('watching: appended rows extend the timeline; closed chunks are reused, not recomputed', async () => {
    const cur = file('watched-timeline.csv');
    const lines = fs.readFileSync(file('weather-current.csv').fsPath, 'utf8').trim().split('\n');
    // 2014-01-01 to 2015-08-23: 20 months, the last one open.
    fs.writeFileSync(cur.fsPath, lines.slice(0, 601).join('\n') + '\n');
    try {
      const panel = await timeline(file('weather-reference.csv'), cur);
      assert.strictEqual(panel.currentTimeline.chunks.length, 20);
      panel.setWatch(true);
      fs.appendFileSync(cur.fsPath, lines.slice(601).join('\n') + '\n');
      const chunks = await until('the timeline to grow', () => (panel.currentTimeline.chunks.length === 24 ? 24 : undefined));
      assert.strictEqual(chunks, 24);
      assert.strictEqual(panel.lastReused, 19, 'the 19 closed months were reused');
      assert.strictEqual(panel.currentTimeline.chunks[19].rows, 31, 'August 2015 complete now');
      panel.setWatch(false);
    } finally {
      fs.rmSync(cur.fsPath, { force: true });
    }
  });
});
