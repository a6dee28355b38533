import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The npm package is the drift-inspect command line: `npm pack` packs the bundles it loads from
// dist/ (.npmignore says which; `prepack` builds them, so package.json's `bin` exists), and
// nothing of the sources, tests or the extension's own bundle. Needs dist/ built (npm run build).
const ROOT = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

describe('the npm package (the drift-inspect CLI)', function () {
  this.timeout(60_000);

  it('npm pack holds the bin and the files the CLI loads next to it, and nothing else', () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` first');
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [pack] = JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = pack.files.map((f) => f.path).sort();
    for (const bin of Object.values(manifest.bin)) assert.ok(files.includes(path.normalize(bin)), `bin ${bin} is not packed`);
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/duckdbChild.js',
      'dist/report.css',
      'dist/webview.js',
      'dist/worker.js',
      'package.json',
      'schemas/drift.config.schema.json',
    ]);
  });

  it('prepack builds dist/ (production bundles), so a packed bin exists', () => {
    assert.equal(manifest.scripts.prepack, 'node esbuild.js --production');
  });
});

describe('npm run bench -- --help', () => {
  it('prints the usage and runs nothing', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.js'), '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^usage: npm run bench/);
    assert.match(r.stdout, /BENCH_CASES/);
    assert.equal(r.stderr, '', 'it started the bench');
  });

  it('an unknown argument is an error with the usage, before anything runs', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.js'), '--cases=flights'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^\[bench\] unknown argument "--cases=flights"\n\nusage: npm run bench/);
  });
});
