#!/usr/bin/env node
// @ts-check
// Renders media/icon.png (128x128, the Marketplace and Extensions-view icon; vsce refuses SVG
// icons) from media/drift-inspector.svg, the activity-bar glyph: white strokes on a rounded
// blue square, screenshotted by Debian's headless chromium. Run it after changing the SVG:
//   node scripts/make-icon.js
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const svg = fs.readFileSync(path.join(root, 'media', 'drift-inspector.svg'), 'utf8')
  .replace(/width="24" height="24"/, 'width="96" height="96"');
const html = `<!doctype html><html><head><style>
html, body { margin: 0; background: transparent; }
.tile { width: 128px; height: 128px; border-radius: 24px; display: flex; align-items: center;
  justify-content: center; color: #ffffff; background: linear-gradient(135deg, #2f6fd6, #164a9e); }
</style></head><body><div class="tile">${svg}</div></body></html>`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-icon-'));
try {
  const page = path.join(dir, 'icon.html');
  const out = path.join(dir, 'icon.png');
  fs.writeFileSync(page, html);
  const r = spawnSync('/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1',
    '--default-background-color=00000000', '--window-size=128,128', `--screenshot=${out}`, `file://${page}`,
  ], { encoding: 'utf8', timeout: 60_000 });
  if (!fs.existsSync(out)) throw new Error(`chromium made no screenshot: ${r.stderr || r.error}`);
  fs.copyFileSync(out, path.join(root, 'media', 'icon.png'));
  const png = fs.readFileSync(out);
  console.log(`media/icon.png ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}, ${png.length} bytes`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
