import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDriftConfig } from '../../src/core/drift/config';
import { compareDatasets } from '../../src/core/drift/engine';
import { mergeSettings } from '../../src/core/drift/settings';
import { parseExposition } from '../../src/core/prom/exposition/parse';
import { parseMediaType } from '../../src/core/prom/exposition/contentType';
import { REPORT_DATA_ID } from '../../src/shared/page';
import type { DriftReport } from '../../src/shared/report';
import { dataset, numCol, seeded } from './helpers/columns';

// Issue 13, finding 1: column names are data, and Object.prototype's members are column names
// too. Per-column settings must find only what the user set for that name.
const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every column shifted by 5 standard deviations in the current file: all drift. */
function writeDriftedPair(dir: string): [string, string] {
  const random = seeded(13);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const files: [string, string] = [path.join(dir, 'ref.csv'), path.join(dir, 'cur.csv')];
  files.forEach((file, side) => {
    const lines = [HOSTILE.join(',')];
    for (let i = 0; i < 300; i++) lines.push(HOSTILE.map(() => (normal() + side * 5).toFixed(3)).join(','));
    fs.writeFileSync(file, lines.join('\n') + '\n');
  });
  return files;
}

describe('hostile input: column names that are Object.prototype members (issue 13, finding 1)', () => {
  let dir: string;
  let files: [string, string];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-names-'));
    files = writeDriftedPair(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the engine uses only per-column settings set for that very name', () => {
    const random = seeded(5);
    const cols = (shift: number) => HOSTILE.map((n) => numCol(n, Array.from({ length: 200 }, () => random() + shift)));
    const report = compareDatasets(dataset('ref', cols(0)), dataset('cur', cols(1)), {
      perColumnThreshold: parseDriftConfig('{"perColumnThreshold": {"valueOf": 0.01}}', 'c').perColumnThreshold,
      bins: parseDriftConfig('{"bins": {"valueOf": 5}}', 'c').bins,
    });
    for (const c of report.columns) {
      assert.equal(typeof c.threshold, 'number', `${c.name}: threshold ${String(c.threshold)}`);
      assert.equal(c.drifted, true, `${c.name}: ${c.reason}`);
      assert.equal(c.threshold, c.name === 'valueOf' ? 0.01 : 0.05);
    }
  });

  it('a config and the command line merge keys such as __proto__ as ordinary names', () => {
    const cfg = parseDriftConfig('{"perColumnThreshold": {"__proto__": 0.2, "constructor": 0.3}}', 'c');
    const merged = mergeSettings(cfg, { perColumnThreshold: parseDriftConfig('{"perColumnThreshold": {"toString": 0.4}}', 'c').perColumnThreshold });
    assert.deepEqual(Object.entries(merged.perColumnThreshold!).sort(), [['__proto__', 0.2], ['constructor', 0.3], ['toString', 0.4]]);
  });

  it('Prometheus labels and media-type parameters named __proto__ are kept as labels', () => {
    for (const contentType of ['text/plain; version=0.0.4', 'application/openmetrics-text; version=1.0.0']) {
      const r = parseExposition('m{__proto__="x",constructor="y"} 1\n# EOF\n', { contentType });
      assert.deepEqual(Object.entries(r.samples[0].labels), [['__proto__', 'x'], ['constructor', 'y']], contentType);
    }
    assert.deepEqual(Object.entries(parseMediaType('text/plain; __proto__=1').params), [['__proto__', '1']]);
  });

  it('CLI: --fail-on-drift exits 1 with a per-column threshold set', () => {
    const r = cli(dir, 'compare', ...files, '--column-threshold', 'valueOf=0.1', '--fail-on-drift');
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /5 of 5 tested columns drifted/);
  });

  it('CLI: --column-method hasOwnProperty=wasserstein applies to that column only', () => {
    const r = cli(dir, 'compare', ...files, '--column-method', 'hasOwnProperty=wasserstein', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as DriftReport;
    for (const c of report.columns) assert.equal(c.test, c.name === 'hasOwnProperty' ? 'wasserstein' : 'ks', c.name);
  });

  it('CLI: a config\'s "bins": {"valueOf": 5} bins only that column', () => {
    fs.writeFileSync(path.join(dir, 'bins.json'), '{"bins": {"valueOf": 5}, "numMethod": "psi"}');
    const r = cli(dir, 'compare', ...files, '--config', 'bins.json', '--format', 'json', '--fail-on-drift');
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as DriftReport;
    assert.equal(report.dataset.testedColumns, 5, JSON.stringify(report.columns.map((c) => c.reason)));
  });

  it('CLI: the HTML report holds a row for each of them', () => {
    const out = path.join(dir, 'report.html');
    const r = cli(dir, 'compare', ...files, '--column-threshold', 'constructor=0.01', '--format', 'html', '--out', out);
    assert.equal(r.code, 0, r.err);
    const html = fs.readFileSync(out, 'utf8');
    const data = new RegExp(`<script[^>]*id="${REPORT_DATA_ID}"[^>]*>([^<]*)</script>`).exec(html);
    assert.ok(data, 'report data in the page');
    const report = JSON.parse(data[1]) as DriftReport;
    assert.deepEqual(report.columns.map((c) => c.name).sort(), [...HOSTILE].sort());
    assert.ok(report.columns.every((c) => c.drifted === true && typeof c.threshold === 'number'));
  });
});
