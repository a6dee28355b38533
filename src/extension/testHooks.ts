import type { Services } from './comparison';
import type { HealthController } from './health/healthController';
import type { DriftReportPanel, DriftReportSerializer } from './reportPanel';

/**
 * The one door the integration tests use into the running extension. It is not part of the
 * product's API: activate() returns it only when the extension host was started with this
 * variable set to 1 (scripts/vscode/run-extension-tests.js and test/integration/runTestElectron.ts
 * do), and returns nothing otherwise. It works the same for an installed .vsix.
 */
export const TEST_HOOKS_ENV = 'DRIFT_INSPECTOR_TEST_HOOKS';

export interface DriftInspectorTestHooks {
  readonly openReportPanels: () => readonly DriftReportPanel[];
  readonly serializer: DriftReportSerializer;
  readonly services: Services;
  readonly health: HealthController;
}

export function testHooksIfEnabled(hooks: DriftInspectorTestHooks): DriftInspectorTestHooks | undefined {
  return process.env[TEST_HOOKS_ENV] === '1' ? hooks : undefined;
}
