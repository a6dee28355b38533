import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { errorsShownBy } from './errorMessages';
import { EXTENSION_ID, testHooks } from './hooks';

// Runs with the universal .vsix installed (suites.ts): it carries neither sharp nor DuckDB. A user
// who asks for image folders or the DuckDB engine gets one error message that names what is
// missing and the package that has it, never a stack trace or an "internal error".
const SET = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'images', 'set');

function assertClearMessage(shown: string[], what: RegExp): void {
  assert.strictEqual(shown.length, 1, `messages: ${shown.join(' | ')}`);
  assert.match(shown[0], what);
  assert.match(shown[0], /drift-inspector-linux-x64-<version>\.vsix/);
  assert.doesNotMatch(shown[0], /internal error/);
  assert.doesNotMatch(shown[0], /\n\s+at /);
}

describe('The universal package without native modules: a native feature says what is missing', function () {
  this.timeout(60_000);

  afterEach(async () => {
    (await testHooks()).openReportPanels().forEach((p) => p.dispose());
  });

  it('is the universal package: no node_modules (extension.test.ts checks its dist/)', () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    assert.ok(!fs.existsSync(path.join(root, 'node_modules')), `${root} has node_modules`);
  });

  it('"Compare image folders for drift": one message naming the folder, sharp and the linux-x64 package; no panel', async () => {
    const ref = vscode.Uri.file(path.join(SET, 'png'));
    const cur = vscode.Uri.file(path.join(SET, 'jpeg'));
    const { result, shown } = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.compareImageFolders', ref, [ref, cur]));
    assert.strictEqual(result, undefined);
    assert.strictEqual((await testHooks()).openReportPanels().length, 0);
    // Both folders are read at once and either may be the first to fail (as penguins-(reference|current) below).
    assertClearMessage(shown, /^Drift Inspector: .*(png|jpeg).*the image decoder \(sharp, with its libvips binary\) cannot be loaded/);
  });

  it('driftInspector.engine = duckdb: one message naming the file, DuckDB and the linux-x64 package; no panel', async () => {
    const config = vscode.workspace.getConfiguration('driftInspector');
    await config.update('engine', 'duckdb', vscode.ConfigurationTarget.Global);
    try {
      const folder = vscode.workspace.workspaceFolders![0].uri;
      const ref = vscode.Uri.joinPath(folder, 'penguins-reference.csv');
      const cur = vscode.Uri.joinPath(folder, 'penguins-current.csv');
      const { result, shown } = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur]));
      assert.strictEqual(result, undefined);
      assert.strictEqual((await testHooks()).openReportPanels().length, 0);
      assertClearMessage(shown, /^Drift Inspector: .*penguins-(reference|current)\.csv.*DuckDB is not part of this installation/);
    } finally {
      await config.update('engine', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a tabular comparison still works (the native modules are loaded only when used)', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const ref = vscode.Uri.joinPath(folder, 'penguins-reference.csv');
    const cur = vscode.Uri.joinPath(folder, 'penguins-current.csv');
    const { result, shown } = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur]));
    assert.deepStrictEqual(shown, []);
    assert.ok(result, 'no panel');
  });
});
