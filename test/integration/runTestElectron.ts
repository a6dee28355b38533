// The same integration suite through the standard @vscode/test-electron `runTests`, unchanged.
//  - DRIFT_USE_DOWNLOADED_VSCODE unset (default, works offline): runTests spawns
//    scripts/vscode/code-shim.js as its "VS Code executable", which runs the suite in code-server.
//  - DRIFT_USE_DOWNLOADED_VSCODE=1 (or a version such as 1.90.0, or "stable"/"insiders"):
//    runTests downloads that desktop VS Code into .vscode-test/ (needs the internet).
//   npm run test:integration:electron
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, fixtureWorkspace } from '../../scripts/vscode/paths';
import { TEST_HOOKS_ENV } from '../../src/extension/testHooks';

async function main(): Promise<void> {
  const download = process.env.DRIFT_USE_DOWNLOADED_VSCODE;
  const launchArgs = [fixtureWorkspace, '--disable-extensions'];
  const common = {
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(__dirname, 'index.js'),
    launchArgs,
    // The extension's test entry (src/extension/testHooks.ts).
    extensionTestsEnv: { [TEST_HOOKS_ENV]: '1' },
  };
  if (download) {
    const version = download === '1' || download === 'true' ? undefined : download;
    await runTests({ ...common, version });
  } else {
    await runTests({ ...common, vscodeExecutablePath: path.join(repoRoot, 'scripts', 'vscode', 'code-shim.js') });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
