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

  it('an image set\'s panel has no Timeline view (src/shared/timelineSupport.ts): choosing it is refused without a worker or QuickPick', async () => {
    const ref = vscode.Uri.file(path.join(SET, 'png'));
    const cur = vscode.Uri.file(path.join(SET, 'jpeg'));
    const panel = (await vscode.commands.executeCommand('driftInspector.compareImageFolders', ref, [ref, cur])) as DriftReportPanel;
    assert.strictEqual(panel.supportsTimeline, false);
    // The palette command on the same pair goes through the panel and is refused the same way.
    const shown: string[] = [];
    const window = (await testHooks()).window as { showInformationMessage: (m: string) => Thenable<unknown> };
    const original = window.showInformationMessage;
    window.showInformationMessage = (m: string) => {
      shown.push(m);
      return Promise.resolve(undefined);
    };
    try {
      assert.strictEqual(await panel.openView('timeline'), false);
      assert.strictEqual(await vscode.commands.executeCommand('driftInspector.showTimeline', ref, cur), undefined);
    } finally {
      window.showInformationMessage = original;
    }
    assert.strictEqual(panel.currentTimeline, undefined);
    assert.strictEqual(panel.currentView, 'comparison');
    assert.deepStrictEqual(shown, Array(2).fill('Drift Inspector: drift over time is not available for image sets.'));
  });
});
