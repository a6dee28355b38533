import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import type { DriftReport } from '../../src/shared/report';
import { until } from './until';
import { testHooks } from './hooks';

const root = () => vscode.workspace.workspaceFolders![0].uri;
const file = (name: string) => vscode.Uri.joinPath(root(), name);

const api = testHooks;

async function compare(ref: vscode.Uri, cur: vscode.Uri): Promise<DriftReportPanel> {
  const panel = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel | undefined;
  assert.ok(panel, 'no panel opened');
  return panel;
}

describe('report panel features (in the extension host)', function () {
  this.timeout(90_000);
  afterEach(async () => (await api()).openReportPanels().forEach((p) => p.dispose()));

  it('saves the report as JSON (the CLI schema) and as standalone HTML', async () => {
    const panel = await compare(file('penguins-reference.csv'), file('penguins-current.csv'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-save-'));
    const json = vscode.Uri.file(path.join(dir, 'r.json'));
    const html = vscode.Uri.file(path.join(dir, 'r.html'));
    await panel.writeReport(json, 'json');
    await panel.writeReport(html, 'html');
    const saved = JSON.parse(fs.readFileSync(json.fsPath, 'utf8')) as DriftReport;
    assert.strictEqual(saved.schemaVersion, 1);
    assert.deepStrictEqual(saved, JSON.parse(JSON.stringify(panel.currentReport)));
    const page = fs.readFileSync(html.fsPath, 'utf8');
    assert.match(page, /Content-Security-Policy/);
    assert.match(page, /<script type="application\/json" id="report-data">/);
    assert.doesNotMatch(page, /<script[^>]+src=/, 'self-contained: no external script');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('watching the current file re-runs the comparison when it changes', async () => {
    const cur = file('watched-current.csv');
    const source = fs.readFileSync(file('penguins-reference.csv').fsPath, 'utf8');
    fs.writeFileSync(cur.fsPath, source);
    try {
      const panel = await compare(file('penguins-reference.csv'), cur);
      assert.strictEqual(panel.currentReport.current.rows, 172);
      panel.setWatch(true);
      assert.strictEqual(panel.watching, true);
      const extra = source.trim().split('\n').slice(1, 41).join('\n');
      fs.appendFileSync(cur.fsPath, extra + '\n');
      const rows = await until('the re-run', () => (panel.currentReport.current.rows === 212 ? 212 : undefined));
      assert.strictEqual(rows, 212);
      panel.setWatch(false);
      assert.strictEqual(panel.watching, false);
    } finally {
      fs.rmSync(cur.fsPath, { force: true });
    }
  });

  it('honours the workspace drift.config.json and the driftInspector settings', async () => {
    const config = file('drift.config.json');
    fs.writeFileSync(config.fsPath, JSON.stringify({ numMethod: 'psi', perColumnThreshold: { 'Body Mass (g)': 0.9 } }));
    const settings = vscode.workspace.getConfiguration('driftInspector');
    await settings.update('driftShare', 0.95, vscode.ConfigurationTarget.Workspace);
    try {
      const panel = await compare(file('penguins-reference.csv'), file('penguins-current.csv'));
      const mass = panel.currentReport.columns.find((c) => c.name === 'Body Mass (g)')!;
      assert.strictEqual(mass.test, 'psi');
      assert.strictEqual(mass.threshold, 0.9);
      assert.strictEqual(panel.currentReport.driftShare, 0.95);
    } finally {
      fs.rmSync(config.fsPath, { force: true });
      await settings.update('driftShare', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('driftInspector.sample compares a seeded sample and the report says so', async () => {
    const settings = vscode.workspace.getConfiguration('driftInspector');
    await settings.update('sample', 50, vscode.ConfigurationTarget.Workspace);
    try {
      const panel = await compare(file('penguins-reference.csv'), file('penguins-current.csv'));
      const s = panel.currentReport.sampling;
      assert.ok(s, 'sampling recorded in the report');
      assert.strictEqual(s.rows, 50);
      assert.strictEqual(s.referenceRows, 172);
      const mass = panel.currentReport.columns.find((c) => c.name === 'Body Mass (g)')!;
      assert.ok(mass.reference && mass.reference.count + mass.reference.missing === 50, 'only the sampled rows were tested');
    } finally {
      await settings.update('sample', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('registers the drift.config.json schema for validation', () => {
    const ext = vscode.extensions.getExtension('drift-inspector.drift-inspector')!;
    const contributes = ext.packageJSON.contributes as { jsonValidation: Array<{ fileMatch: string; url: string }> };
    const entry = contributes.jsonValidation.find((j) => j.fileMatch === 'drift.config.json');
    assert.ok(entry);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, entry.url)), 'the schema file ships with the extension');
  });
});
