// Loaded by the VS Code extension host (extensionTestsPath): runs the compiled
// test/integration/**/*.test.js meant for the installed package (suites.ts) with mocha inside the
// host, where `vscode` is available.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { PACKAGE_ENV, suitesFor } from './suites';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

export function run(): Promise<void> {
  // DRIFT_TEST_GREP runs only the matching tests (one feature at a time on a shared machine).
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, ...(process.env.DRIFT_TEST_GREP ? { grep: process.env.DRIFT_TEST_GREP } : {}) });
  for (const file of suitesFor(process.env[PACKAGE_ENV], findTests(__dirname))) mocha.addFile(file);
  return new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
