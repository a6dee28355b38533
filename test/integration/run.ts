// Runs the integration suite in a real VS Code offline: code-server (VS Code 1.139) with the
// smoke-test driver, opened by Debian's chromium. The extension under test is a .vsix
// `npm run package` made, installed with code-server's --install-extension (what ships); the
// extension host runs with the extension's test entry on (src/extension/testHooks.ts). Two runs
// (suites.ts says which suite runs in which): the universal package (under 1 MB, no native
// module) for everything else, then the linux-x64 package for what needs sharp or DuckDB. Prints
// the mocha output from the extension host and exits with the first failing run's code.
//   npm run test:integration            DRIFT_TEST_PACKAGE=universal|linux-x64 runs one of them
import * as path from 'path';
// tsc (allowJs) emits these helpers to out/scripts/vscode/, next to this file's output.
import { repoRoot, fixtureWorkspace } from '../../scripts/vscode/paths';
import { runExtensionTests } from '../../scripts/vscode/run-extension-tests';
import { vsixPath } from '../../scripts/vscode/install-extension';
import { TEST_HOOKS_ENV } from '../../src/extension/testHooks';
import { PACKAGE_ENV, type PackageKind } from './suites';

async function main(): Promise<number> {
  const only = process.env[PACKAGE_ENV];
  if (only !== undefined && only !== 'universal' && only !== 'linux-x64') throw new Error(`${PACKAGE_ENV}=${only}: expected universal or linux-x64`);
  const kinds: PackageKind[] = only ? [only] : ['universal', 'linux-x64'];
  let failed = 0;
  for (const kind of kinds) {
    console.log(`[integration] ${path.basename(vsixPath(kind))}`);
    const code = await runExtensionTests({
      vsix: vsixPath(kind),
      extensionDevelopmentPath: path.join(repoRoot, 'test', 'integration', 'host'),
      extensionTestsPath: path.join(__dirname, 'index.js'),
      folder: fixtureWorkspace,
      // No NODE_PATH: only the linux-x64 .vsix carries sharp and DuckDB
      // (test/integration/native.test.ts checks they load from the installed extension, not from
      // this checkout; universal.test.ts that the universal package says they are missing).
      env: { [TEST_HOOKS_ENV]: '1', [PACKAGE_ENV]: kind },
    });
    if (code !== 0 && failed === 0) failed = code;
  }
  return failed;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
