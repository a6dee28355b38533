import * as assert from 'assert';
import * as vscode from 'vscode';
import { THREAD_HEAP_ENV } from '../../src/threads/threadLimits';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import { errorsShownBy } from './errorMessages';
import { testHooks } from './hooks';

// Issue 13, fault injection in the extension: the comparison thread killed mid-run, or out of
// memory. The user is told what happened (an error message, no panel), the extension host lives
// on, and the next comparison works.

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

describe('faults: the comparison thread killed or out of memory (in the extension host)', function () {
  this.timeout(90_000);
  const ref = workspaceFile('penguins-reference.csv');
  const cur = workspaceFile('penguins-current.csv');

  afterEach(async () => {
    (await testHooks()).openReportPanels().forEach((p) => p.dispose());
  });

  it('killed mid-run: the message says the thread stopped; no panel; the next comparison works', async () => {
    const hooks = await testHooks();
    // End the thread at its first message (it reports "reading reference" as it starts).
    const listener = hooks.onComparisonThread((worker) => worker.once('message', () => void worker.terminate()));
    let run: { result: unknown; shown: string[] };
    try {
      run = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur]));
    } finally {
      listener.dispose();
    }
    const { result: panel, shown } = run;
    assert.strictEqual(panel, undefined);
    assert.strictEqual(hooks.openReportPanels().length, 0);
    assert.strictEqual(shown.length, 1, shown.join(' | '));
    assert.match(shown[0], /^Drift Inspector: a worker thread stopped unexpectedly while reading reference \(exit code 1\)/);
    assert.doesNotMatch(shown[0], /internal error|\n\s+at /);
    const again = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel;
    assert.ok(again, 'the next comparison opens its panel');
    assert.strictEqual(again.currentReport.dataset.drifted, true);
  });

  it('out of memory: the message names the limit; the extension host lives on; the next comparison works', async () => {
    const hooks = await testHooks();
    process.env[THREAD_HEAP_ENV] = '8';
    try {
      const { result: panel, shown } = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur]));
      assert.strictEqual(panel, undefined);
      assert.strictEqual(shown.length, 1, shown.join(' | '));
      assert.match(shown[0], /^Drift Inspector: a worker thread ran out of memory while .* \(its heap limit is 8 MiB; set DRIFT_INSPECT_THREAD_HEAP_MB to raise it/);
    } finally {
      delete process.env[THREAD_HEAP_ENV];
    }
    const again = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel;
    assert.ok(again, 'the next comparison opens its panel');
    assert.strictEqual(hooks.openReportPanels().length, 1);
  });
});
