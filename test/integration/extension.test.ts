import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './hooks';

describe('Drift Inspector extension', () => {
  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('is the one installed from the .vsix, not the sources', () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    // code-server's --install-extension leaves the package's manifest next to the files.
    assert.ok(fs.existsSync(path.join(root, '.vsixmanifest')), `${root} was not installed from a .vsix`);
    assert.ok(!fs.existsSync(path.join(root, 'src')), 'the sources were packaged');
    // The universal package (suites.ts): the bundles only (universal.test.ts checks the rest).
    const dist = fs.readdirSync(path.join(root, 'dist')).sort();
    assert.deepStrictEqual(dist, ['extension.js', 'report.css', 'webview.js', 'worker.js']);
  });

  it('registers driftInspector.compareDatasets', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('driftInspector.compareDatasets'), 'command not registered');
  });

  it('opens the fixture workspace with its CSV files', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1);
    assert.strictEqual(folders[0].name, 'workspace');
    const csv = await vscode.workspace.findFiles('**/*.csv');
    assert.ok(csv.length >= 2, `expected the fixture CSV files, found ${csv.length}`);
  });
});
