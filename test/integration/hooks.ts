// The extension's test entry (src/extension/testHooks.ts), reached through the installed
// extension's exports: the harness starts VS Code with DRIFT_INSPECTOR_TEST_HOOKS=1.
import * as vscode from 'vscode';
import { TEST_HOOKS_ENV, type DriftInspectorExports, type DriftInspectorTestHooks } from '../../src/extension/testHooks';

export const EXTENSION_ID = 'drift-inspector.drift-inspector';

/** Activates the extension and returns its test hooks. */
export async function testHooks(): Promise<DriftInspectorTestHooks> {
  const ext = vscode.extensions.getExtension<DriftInspectorExports>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  const { testHooks: hooks } = await ext.activate();
  if (!hooks) throw new Error(`${EXTENSION_ID} exports no test hooks: start VS Code with ${TEST_HOOKS_ENV}=1`);
  return hooks;
}
