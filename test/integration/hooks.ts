import * as vscode from 'vscode';
import { TEST_HOOKS_ENV, type DriftInspectorTestHooks } from '../../src/extension/testHooks';

export const EXTENSION_ID = 'drift-inspector.drift-inspector';

/** Activates the extension and returns its test hooks (src/extension/testHooks.ts). */
export async function testHooks(): Promise<DriftInspectorTestHooks> {
  const hooks = await vscode.extensions.getExtension<DriftInspectorTestHooks | undefined>(EXTENSION_ID)!.activate();
  if (!hooks) throw new Error(`the extension returned no test hooks: start the extension host with ${TEST_HOOKS_ENV}=1`);
  return hooks;
}
