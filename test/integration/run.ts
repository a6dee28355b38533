// Runs the integration suite in a real VS Code offline: code-server (VS Code 1.139) with the
// smoke-test driver, opened by Debian's chromium on the development payload. Prints the mocha
// output from the extension host and exits with its code.
//   npm run test:integration
import * as path from 'path';
// tsc (allowJs) emits these helpers to out/scripts/vscode/, next to this file's output.
import { repoRoot, fixtureWorkspace } from '../../scripts/vscode/paths';
import { runExtensionTests } from '../../scripts/vscode/run-extension-tests';

runExtensionTests({
  extensionDevelopmentPath: repoRoot,
  extensionTestsPath: path.join(__dirname, 'index.js'),
  folder: fixtureWorkspace,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
