import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { compareDatasets } from '../../src/core/drift/engine';
import { readDatasetFile } from '../../src/core/read/index';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import { testHooks } from './hooks';

// The repository's image fixtures (test/fixtures/images/set), outside the workspace: a folder is
// compared wherever it is. The decoder (sharp, native) comes from the installed linux-x64 .vsix
// (suites.ts: this suite runs only with it).
const SET = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'images', 'set');

describe('Compare image folders for drift (in the extension host)', function () {
  this.timeout(120_000);

  afterEach(async () => {
    (await testHooks()).openReportPanels().forEach((p) => p.dispose());
  });

  it('compares two folders: property columns as the engine tests them, thumbnails cached on disk', async () => {
    const ref = vscode.Uri.file(path.join(SET, 'png'));
    const cur = vscode.Uri.file(path.join(SET, 'jpeg'));
    const panel = (await vscode.commands.executeCommand('driftInspector.compareImageFolders', ref, [ref, cur])) as DriftReportPanel;
    assert.ok(panel, 'no panel');
    assert.strictEqual(panel.panel.title, 'Drift: png vs jpeg');
    const report = panel.currentReport;
    assert.strictEqual(report.reference.format, 'images');
    assert.strictEqual(report.reference.rows, 9);
    assert.strictEqual(report.current.rows, 8);
    const [r, c] = await Promise.all([readDatasetFile(ref.fsPath), readDatasetFile(cur.fsPath)]);
    const expected = compareDatasets({ ...r, source: report.reference.source }, { ...c, source: report.current.source });
    assert.deepStrictEqual(report.columns, expected.columns);
    const gallery = report.images!.properties.sharpness;
    assert.strictEqual(gallery.outliers.length, 8);
    assert.strictEqual(gallery.typical.length, 8);
    const dir = path.join((await testHooks()).services.storageUri.fsPath, 'thumbnails');
    for (const x of [...gallery.outliers, ...gallery.typical]) {
      assert.ok(x.thumbnail && fs.existsSync(path.join(dir, x.thumbnail)), `${x.path}: thumbnail ${x.thumbnail}`);
      assert.ok(fs.existsSync(x.file), x.file);
    }
  });

  it('a saved HTML report carries its thumbnails inline', async () => {
    const ref = vscode.Uri.file(path.join(SET, 'png'));
    const cur = vscode.Uri.file(path.join(SET, 'jpeg'));
    const panel = (await vscode.commands.executeCommand('driftInspector.compareImageFolders', ref, [ref, cur])) as DriftReportPanel;
    const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drift-img-')), 'report.html'));
    await panel.writeReport(target, 'html');
    const html = fs.readFileSync(target.fsPath, 'utf8');
    assert.ok((html.match(/data:image\/jpeg;base64,/g) ?? []).length >= 8, 'thumbnails inline');
  });

  it('an image set\'s panel has a Timeline view too: the images cut by day on their EXIF date or file time, the sources stated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-timed-'));
    try {
      fs.cpSync(path.join(SET, '..', 'timed'), dir, { recursive: true });
      // The three PNGs without EXIF take their file time (git keeps none): the day of the others.
      const noon = new Date('2024-03-02T12:00:00Z');
      for (const f of fs.readdirSync(path.join(dir, 'cur', 'day2')).filter((f) => f.endsWith('-no-exif.png'))) fs.utimesSync(path.join(dir, 'cur', 'day2', f), noon, noon);
      const ref = vscode.Uri.file(path.join(dir, 'ref'));
      const cur = vscode.Uri.file(path.join(dir, 'cur'));
      const panel = (await vscode.commands.executeCommand('driftInspector.compareImageFolders', ref, [ref, cur])) as DriftReportPanel;
      assert.ok(panel, 'no panel');
      // What choosing the Timeline tab asks the host (the chunking given instead of the QuickPicks).
      assert.strictEqual(await panel.openView('timeline', { chunking: { by: 'period', period: '1d' } }), true);
      assert.strictEqual(panel.currentView, 'timeline');
      const t = panel.currentTimeline!;
      assert.strictEqual(t.timeColumn, 'time');
      assert.deepStrictEqual(t.chunks.map((c) => [c.start, c.rows]), [
        ['2024-03-01T00:00:00', 12],
        ['2024-03-02T00:00:00', 12],
        ['2024-03-03T00:00:00', 12],
      ]);
      assert.deepStrictEqual([t.reference.imageTimes, t.current.imageTimes], [
        { exifOriginal: 12, exifDateTime: 0, modified: 0 },
        { exifOriginal: 28, exifDateTime: 5, modified: 3 },
      ]);
      assert.strictEqual(panel.currentReport.reference.format, 'images', 'the comparison stays');
      // The palette command on the same pair shows this panel's Timeline.
      assert.strictEqual(await vscode.commands.executeCommand('driftInspector.showTimeline', ref, cur, { chunking: { by: 'period', period: '1d' } }), panel);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
