// @ts-check
// Installs the built extension into a code-server extensions folder the way a .vsix would, by
// copying what a package holds (the same list .vscodeignore keeps). Used by the e2e tests and
// `npm run demo`.
'use strict';

const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./paths');

/** What a packaged extension holds; keep in line with .vscodeignore. */
const PACKAGED_PATHS = ['package.json', 'dist', 'media', 'schemas', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/**
 * @param {string} extensionsDir
 * @returns {string} the installed extension's folder
 */
function installExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const main = path.join(repoRoot, 'dist', 'extension.js');
  if (!fs.existsSync(main)) throw new Error(`${main} missing: run \`npm run build\` first`);
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const entry of PACKAGED_PATHS) {
    const source = path.join(repoRoot, entry);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(target, entry), { recursive: true });
  }
  return target;
}

module.exports = { installExtension, PACKAGED_PATHS };
