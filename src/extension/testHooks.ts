// The one test entry: what the integration tests (test/integration, mocha inside the extension
// host) reach inside the running extension. Not part of the product's API: activate() exports it
// only when the test harness (scripts/vscode/run-extension-tests.js) starts VS Code with
// DRIFT_INSPECTOR_TEST_HOOKS=1; otherwise the extension exports nothing.
import type * as vscode from 'vscode';
import type { Services } from './comparison';
import type { HealthController } from './health/healthController';
import type { DriftReportPanel, DriftReportSerializer } from './reportPanel';

/** The environment variable that turns the test hooks on. */
export const TEST_HOOKS_ENV = 'DRIFT_INSPECTOR_TEST_HOOKS';

export interface DriftInspectorTestHooks {
  readonly openReportPanels: () => readonly DriftReportPanel[];
  readonly serializer: DriftReportSerializer;
  readonly services: Services;
  readonly health: HealthController;
  /**
   * The extension's own `vscode.window`: VS Code gives each extension its own API object, so a
   * test that spies on the messages the extension shows must patch this one, not its own.
   */
  readonly window: typeof vscode.window;
  /** Each comparison thread as it starts (fault injection: a test ends one mid-run). */
  readonly onComparisonThread: vscode.Event<import('worker_threads').Worker>;
}

/** What activate() returns: `testHooks` only under the test harness. */
export interface DriftInspectorExports {
  readonly testHooks?: DriftInspectorTestHooks;
}

export function extensionExports(hooks: () => DriftInspectorTestHooks): DriftInspectorExports {
  return process.env[TEST_HOOKS_ENV] === '1' ? { testHooks: hooks() } : {};
}
