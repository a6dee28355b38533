import * as assert from 'assert';
import { fork } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import { EXTENSION_ID, testHooks } from './hooks';

// The installed package is the linux-x64 .vsix (suites.ts: this suite runs only with it). Its native
// modules must load from the extension's own folder: this file is compiled into the checkout
// (out/test/integration), where a bare require would find the checkout's node_modules, so the
// modules are required the way the extension's bundle requires them, from its dist/ folder.
const repoRoot = path.join(__dirname, '..', '..', '..');

function extensionRoot(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.extensionPath;
}

describe('Native modules of the linux-x64 package, loaded from the installed extension', function () {
  this.timeout(60_000);

  it('code-server runs the extension host without NODE_PATH', () => {
    assert.strictEqual(process.env.NODE_PATH, undefined);
  });

  it('sharp (with libvips) loads from the package and decodes a PNG', async () => {
    const root = extensionRoot();
    const fromBundle = createRequire(path.join(root, 'dist', 'extension.js'));
    const resolved = fromBundle.resolve('sharp');
    assert.ok(resolved.startsWith(root + path.sep), `sharp resolved to ${resolved}, outside ${root}`);
    const sharp = fromBundle('sharp') as typeof import('sharp');
    const png = path.join(repoRoot, 'test', 'fixtures', 'images', 'set', 'png', 'astronaut.png');
    const meta = await sharp(png).metadata();
    // The PNG's own header (IHDR: width and height, big-endian, at bytes 16 and 20).
    const bytes = fs.readFileSync(png);
    assert.deepStrictEqual([meta.format, meta.width, meta.height], ['png', bytes.readUInt32BE(16), bytes.readUInt32BE(20)]);
  });

  it('the DuckDB child (dist/duckdbChild.js with @duckdb/node-api) profiles a CSV', async () => {
    const root = extensionRoot();
    const script = path.join(root, 'dist', 'duckdbChild.js');
    assert.ok(fs.existsSync(script), `${script} missing from the package`);
    const resolved = createRequire(script).resolve('@duckdb/node-api');
    assert.ok(resolved.startsWith(root + path.sep), `@duckdb/node-api resolved to ${resolved}, outside ${root}`);
    const csv = path.join(repoRoot, 'test', 'fixtures', 'workspace', 'penguins-reference.csv');
    const spill = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-native-duckdb-'));
    try {
      const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], cwd: spill });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const reply = await new Promise<{ type: string; profile?: { rows: number; columns: unknown[] }; message?: string }>((resolve, reject) => {
        child.on('message', (m: { type: string }) => {
          if (m.type !== 'progress') resolve(m);
        });
        child.on('exit', (code) => reject(new Error(`the DuckDB child exited with code ${code}: ${stderr}`)));
        child.send({
          relation: { kind: 'files', pattern: csv, format: 'csv' },
          display: 'penguins-reference.csv',
          memoryLimitMB: 256,
          tempDirectory: spill,
          nullTokens: ['', 'NA'],
        });
      });
      child.kill();
      assert.strictEqual(reply.type, 'profile', reply.message);
      const lines = fs.readFileSync(csv, 'utf8').split('\n').filter((l) => l.trim() !== '');
      assert.strictEqual(reply.profile!.rows, lines.length - 1);
      assert.strictEqual(reply.profile!.columns.length, lines[0].split(',').length);
    } finally {
      fs.rmSync(spill, { recursive: true, force: true });
    }
  });

  it('"Compare datasets for drift" with driftInspector.engine = duckdb profiles both files with DuckDB from the package', async () => {
    const config = vscode.workspace.getConfiguration('driftInspector');
    await config.update('engine', 'duckdb', vscode.ConfigurationTarget.Global);
    try {
      const folder = vscode.workspace.workspaceFolders![0].uri;
      const ref = vscode.Uri.joinPath(folder, 'penguins-reference.csv');
      const cur = vscode.Uri.joinPath(folder, 'penguins-current.csv');
      const panel = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel;
      assert.ok(panel, 'no panel');
      const report = panel.currentReport;
      const lines = fs.readFileSync(ref.fsPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
      assert.deepStrictEqual([report.reference.engine, report.current.engine], ['duckdb', 'duckdb']);
      assert.strictEqual(report.reference.rows, lines.length - 1);
    } finally {
      await config.update('engine', undefined, vscode.ConfigurationTarget.Global);
      (await testHooks()).openReportPanels().forEach((p) => p.dispose());
    }
  });
});
