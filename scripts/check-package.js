#!/usr/bin/env node
// @ts-check
// Checks the .vsix `vsce package` made (`npm run package` runs it right after): under 1 MB, only
// the files .vscodeignore means to ship (no source maps, screenshots, sources or tests), and every
// relative link vsce rewrote in the README (to the repository's raw/ or blob/ URLs) names a file
// that git tracks, so the README's images resolve on the Marketplace. Plain Node: the zip's
// central directory is read here, deflated entries are inflated with zlib.
//   node scripts/check-package.js [file.vsix]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const MAX_BYTES = 1024 * 1024;
/** Everything the package may hold (under extension/), the Open Packaging files aside. */
const EXPECTED = [
  'package.json',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  'dist/extension.js',
  'dist/worker.js',
  'dist/webview.js',
  'dist/report.css',
  'media/icon.png',
  'media/drift-inspector.svg',
  'schemas/drift.config.schema.json',
];

/**
 * @param {Buffer} zip
 * @returns {Map<string, () => Buffer>} entry name -> its contents
 */
function readZip(zip) {
  // End of central directory: signature 0x06054b50 within the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  /** @type {Map<string, () => Buffer>} */
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${name}: unsupported zip method ${method}`);
    });
  }
  return entries;
}

function main() {
  const vsix = path.resolve(process.argv[2] ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`));
  const bytes = fs.readFileSync(vsix);
  const problems = [];
  if (bytes.length > MAX_BYTES) problems.push(`${bytes.length} bytes: over the 1 MB budget`);

  const entries = readZip(bytes);
  const files = [...entries.keys()].filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  const unexpected = files.filter((f) => !EXPECTED.includes(f));
  const absent = EXPECTED.filter((f) => !files.includes(f));
  if (unexpected.length) problems.push(`files that should not ship: ${unexpected.join(', ')}`);
  if (absent.length) problems.push(`files missing: ${absent.join(', ')}`);

  const readme = entries.get('extension/readme.md')?.().toString('utf8') ?? '';
  const repo = String(manifest.repository?.url ?? manifest.repository ?? '').replace(/\.git$/, '');
  const tracked = new Set(spawnSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).stdout.split('\n'));
  const links = [...readme.matchAll(/\]\((https:\/\/github\.com\/[^)\s]+)\)/g)].map((m) => m[1]);
  let own = 0;
  for (const link of links) {
    const m = link.match(/^(.*)\/(raw|blob)\/HEAD\/([^#?]+)/);
    if (!m || m[1] !== repo) continue;
    own++;
    const file = decodeURIComponent(m[3]);
    if (!tracked.has(file)) problems.push(`README links ${link}, but git does not track ${file}`);
  }
  for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
    if (!/^https:\/\//.test(m[1])) problems.push(`README image ${m[1]} is not an absolute https URL`);
  }
  // vsce turns a bare "#123" into a link to this repository's issues: write issue links out.
  for (const link of links) if (link.startsWith(`${repo}/issues/`)) problems.push(`README: ${link} (a bare #number became a link to our issues)`);

  const kb = (bytes.length / 1024).toFixed(0);
  if (problems.length) {
    console.error(`[check-package] ${path.basename(vsix)} (${kb} KB):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`[check-package] ${path.basename(vsix)}: ${kb} KB, ${files.length} files, ${own} README links into the repository resolve to tracked files`);
}

main();
