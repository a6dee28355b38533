#!/usr/bin/env node
// @ts-check
// Stands in for a VS Code executable so that an unmodified @vscode/test-electron
// `runTests({ vscodeExecutablePath: <this file> })` (or @vscode/test-cli with
// `useInstallation.fromPath`) runs offline against code-server. runTests spawns it with
//   --extensionDevelopmentPath=P --extensionTestsPath=T --extensions-dir=E --user-data-dir=U
//   [--disable-extensions] [other desktop flags] [workspace folder]
// and resolves or rejects on its exit code: we map these onto the smoke-test-driver route.
'use strict';

const path = require('path');
const paths = require('./paths');
const { runExtensionTests } = require('./run-extension-tests');

/** Desktop-only flags runTests always passes; meaningless for code-server. */
const IGNORED = new Set([
  'no-sandbox',
  'disable-gpu-sandbox',
  'disable-updates',
  'skip-welcome',
  'skip-release-notes',
  'disable-workspace-trust', // code-server always gets --disable-workspace-trust
  'new-window',
  'wait',
]);

/**
 * @param {string[]} argv
 * @returns {{ options: Map<string, string[]>, flags: Set<string>, positional: string[] }}
 */
function parseArgs(argv) {
  /** @type {Map<string, string[]>} */
  const options = new Map();
  /** @type {Set<string>} */
  const flags = new Set();
  /** @type {string[]} */
  const positional = [];
  const takesValue = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'extensions-dir', 'user-data-dir', 'locale']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined && takesValue.has(name) && i + 1 < argv.length) value = argv[++i];
    if (value === undefined) flags.add(name);
    else options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { options, flags, positional };
}

async function main() {
  const { options, flags, positional } = parseArgs(process.argv.slice(2));
  if (flags.has('version') || flags.has('v')) {
    console.log(`${paths.CODE_SERVER_VERSION} (code-server shim)`);
    return 0;
  }
  const devPaths = options.get('extensionDevelopmentPath') ?? [];
  const testsPath = options.get('extensionTestsPath')?.[0];
  if (devPaths.length !== 1 || !testsPath) {
    console.error('code-shim: expected one --extensionDevelopmentPath and one --extensionTestsPath');
    return 2;
  }
  /** @type {string[]} */
  const codeServerArgs = [];
  if (flags.has('disable-extensions')) codeServerArgs.push('--vscode-option', 'disable-extensions');
  for (const flag of flags) {
    if (!IGNORED.has(flag) && flag !== 'disable-extensions') console.log(`code-shim: ignoring --${flag}`);
  }
  // --user-data-dir is not reused: every run gets a fresh one with quiet settings, so no state
  // (restored editors, dismissed notifications) leaks from one run into the next.
  return runExtensionTests({
    extensionDevelopmentPath: devPaths[0],
    extensionTestsPath: testsPath,
    folder: positional[0] ? path.resolve(positional[0]) : paths.fixtureWorkspace,
    extensionsDir: options.get('extensions-dir')?.[0],
    codeServerArgs,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`code-shim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
