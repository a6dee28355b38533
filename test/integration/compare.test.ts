import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { compareDatasets } from '../../src/core/drift/engine';
import { readDatasetFile } from '../../src/core/read/index';
import { ComparisonCancelled, runComparison } from '../../src/extension/comparisonRunner';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import type { DriftReport } from '../../src/shared/report';
import { errorsShownBy } from './errorMessages';
import { testHooks } from './hooks';


function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

const api = testHooks;

/** The report without fields that depend on who produced it. */
function comparable(r: DriftReport): unknown {
  return { ...r, generatedBy: undefined };
}

describe('Compare datasets for drift (in the extension host)', function () {
  this.timeout(60_000);

  afterEach(async () => {
    (await api()).openReportPanels().forEach((p) => p.dispose());
  });

  it('compares two files, opens the report panel, and the report is the engine\'s', async () => {
    const ref = workspaceFile('penguins-reference.csv');
    const cur = workspaceFile('penguins-current.csv');
    const panel = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel;
    assert.ok(panel, 'no panel');
    assert.strictEqual(panel.panel.title, 'Drift: penguins-reference.csv vs penguins-current.csv');
    assert.strictEqual((await api()).openReportPanels().length, 1);
    const [r, c] = await Promise.all([readDatasetFile(ref.fsPath), readDatasetFile(cur.fsPath)]);
    const expected = compareDatasets({ ...r, source: 'penguins-reference.csv' }, { ...c, source: 'penguins-current.csv' });
    assert.deepStrictEqual(comparable(panel.currentReport), comparable(expected));
    assert.strictEqual(panel.currentReport.dataset.drifted, true);
  });

  it('one panel per pair: comparing the same pair again reuses it', async () => {
    const ref = workspaceFile('penguins-reference.csv');
    const cur = workspaceFile('penguins-current.csv');
    const a = await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur]);
    const b = await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur]);
    assert.strictEqual(a, b);
    const swapped = await vscode.commands.executeCommand('driftInspector.compareDatasets', cur, [cur, ref]);
    assert.notStrictEqual(a, swapped);
    assert.strictEqual((await api()).openReportPanels().length, 2);
  });

  it('a bad file gives an error message naming the file and line, and no panel', async () => {
    const bad = workspaceFile('bad-ragged.csv');
    const cur = workspaceFile('penguins-current.csv');
    const { result: panel, shown } = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.compareDatasets', bad, [bad, cur]));
    assert.strictEqual(panel, undefined);
    assert.strictEqual((await api()).openReportPanels().length, 0);
    assert.strictEqual(shown.length, 1, `messages: ${shown.join(' | ')}`);
    assert.match(shown[0], /bad-ragged\.csv, line 3: /);
    assert.doesNotMatch(shown[0], /\n\s+at /);
  });

  it('cancel terminates the worker thread before it finishes', async () => {
    const big = path.join(os.tmpdir(), `drift-cancel-${process.pid}.csv`);
    const rows = ['a,b,c'];
    for (let i = 0; i < 400_000; i++) rows.push(`${i % 977},${(i * 7919) % 10007}.5,cat${i % 13}`);
    fs.writeFileSync(big, rows.join('\n'));
    const { services } = await api();
    const source = new vscode.CancellationTokenSource();
    let progressSeen = 0;
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const run = runComparison(
        services.extensionUri,
        { referencePath: big, currentPath: big, referenceName: 'big.csv', currentName: 'big.csv', settings: {}, generatedBy: 'test' },
        () => {
          progressSeen++;
          if (progressSeen === 1) source.cancel();
        },
        source.token,
        services.log,
        (code) => {
          exitCode = code;
          resolve();
        },
      );
      run.then(
        () => assert.fail('the comparison finished although it was cancelled'),
        (e: unknown) => assert.ok(e instanceof ComparisonCancelled, String(e)),
      );
    });
    await exited;
    // terminate() ends the thread with exit code 1; a finished worker would exit with 0.
    assert.strictEqual(exitCode, 1);
    fs.unlinkSync(big);
  });

  it('the serializer restores a report panel from the webview state, with the pair\'s own URIs', async () => {
    const { serializer, openReportPanels } = await api();
    // The files sit outside the first workspace folder (as in another root of a multi-root
    // workspace); the report names them only by display name.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-restore-'));
    const [ref, cur] = ['penguins-reference.csv', 'penguins-current.csv'].map((name) => {
      fs.copyFileSync(workspaceFile(name).fsPath, path.join(elsewhere, name));
      return vscode.Uri.file(path.join(elsewhere, name));
    });
    const [r, c] = await Promise.all([readDatasetFile(ref.fsPath), readDatasetFile(cur.fsPath)]);
    const report = compareDatasets({ ...r, source: 'penguins-reference.csv' }, { ...c, source: 'penguins-current.csv' });
    const panel = vscode.window.createWebviewPanel('driftInspector.report', 'restored', vscode.ViewColumn.Active);
    const pair = { reference: ref.toString(), current: cur.toString() };
    await serializer.deserializeWebviewPanel(panel, { report, pair, selectedColumn: 'Sex' });
    const restored = openReportPanels();
    assert.strictEqual(restored.length, 1);
    assert.strictEqual(restored[0].pair.current.toString(), cur.toString());
    assert.strictEqual(restored[0].pair.reference.toString(), ref.toString());
    assert.deepStrictEqual(restored[0].currentReport, report);
    assert.match(panel.webview.html, /Content-Security-Policy/);
    assert.doesNotMatch(panel.webview.html, /Beak Length/, 'no data inlined in the page');
  });
});
