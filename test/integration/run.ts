// Runs the integration suite in a real VS Code offline: code-server (VS Code 1.139) with the
// smoke-test driver, opened by Debian's chromium. The extension under test is the .vsix
// `npm run package` made, installed with code-server's --install-extension (what ships); the
// extension host runs with the extension's test entry on (src/extension/testHooks.ts). Prints
// the mocha output from the extension host and exits with its code.
//   npm run test:integration
import * as path from 'path';
// tsc (allowJs) emits these helpers to out/scripts/vscode/, next to this file's output.
import { repoRoot, fixtureWorkspace } from '../../scripts/vscode/paths';
import { runExtensionTests } from '../../scripts/vscode/run-extension-tests';
import { vsixPath } from '../../scripts/vscode/install-extension';
import { TEST_HOOKS_ENV } from '../../src/extension/testHooks';

runExtensionTests({
  vsix: vsixPath(),
  extensionDevelopmentPath: path.join(repoRoot, 'test', 'integration', 'host'),
  extensionTestsPath: path.join(__dirname, 'index.js'),
  folder: fixtureWorkspace,
  // NODE_PATH: the image decoder (sharp, native) is not in the .vsix; image tests find it here.
  env: { [TEST_HOOKS_ENV]: '1', NODE_PATH: path.join(repoRoot, 'node_modules') },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
