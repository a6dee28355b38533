import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'drift-inspector.drift-inspector';

describe('Drift Inspector extension', () => {
  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
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
