import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import type { DriftReport } from '../../src/shared/report';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const pair = (name: string) => [
  path.join(ROOT, 'test/fixtures/pairs', `${name}-reference.csv`),
  path.join(ROOT, 'test/fixtures/pairs', `${name}-current.csv`),
];
const bad = (name: string) => path.join(ROOT, 'test/fixtures/bad', name);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: os.tmpdir() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectBadInput(args: string[], message: RegExp) {
  const r = cli(...args);
  assert.equal(r.code, 2, `exit code for ${args.join(' ')}: ${r.err}`);
  assert.match(r.err, message);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  assert.equal(r.err.trim().split('\n').length <= 2, true, `one message: ${r.err}`);
}

describe('drift-inspect CLI (the built bundle, as users run it)', function () {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build');
  });

  it('prints a readable table with the dataset verdict (exit 0)', () => {
    const r = cli('compare', ...pair('penguins-halves'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Dataset drift DETECTED: 7 of 7 tested columns drifted \(100%; dataset drift when >= 50%\)/);
    assert.match(r.out, /Beak Length \(mm\)\s+numerical\s+ks\s+3\.46e-53\s+<= 0\.05\s+✗ DRIFT/);
  });

  it('--format json prints the report model; --out writes it to a file', () => {
    const r = cli('compare', ...pair('penguins-evenodd'), '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as DriftReport;
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.reference.rows, 172);
    assert.ok(report.columns.every((c) => typeof c.reason === 'string' && c.reason.length > 0));
    const out = path.join(os.tmpdir(), `drift-${process.pid}.json`);
    assert.equal(cli('compare', ...pair('penguins-evenodd'), '--format', 'json', '--out', out).code, 0);
    assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')).dataset, report.dataset);
    fs.unlinkSync(out);
  });

  describe('profile files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-cli-profile-'));
    const [ref, cur] = pair('flights-halves');
    const out = path.join(dir, 'ref.driftprofile');
    const json = (...args: string[]) => {
      const r = cli(...args, '--format', 'json');
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out) as DriftReport;
    };
    const sourceless = (r: DriftReport) => ({ ...r, reference: { ...r.reference, source: '' }, current: { ...r.current, source: '' } });

    it('profile writes a .driftprofile; compare with it on either side = compare with the data', () => {
      const r = cli('profile', ref, '--out', out);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /wrote .*ref\.driftprofile \(5 columns, 2500 rows, \d+ bytes\)/);
      assert.ok(fs.statSync(out).size < 20_000);
      assert.deepEqual(fs.readdirSync(dir), ['ref.driftprofile'], 'no temp file left');
      const raw = json('compare', ref, cur);
      assert.deepEqual(sourceless(json('compare', out, cur)), sourceless(raw));
      const curProfile = path.join(dir, 'cur.driftprofile');
      assert.equal(cli('profile', cur, '--out', curProfile).code, 0);
      assert.deepEqual(sourceless(json('compare', out, curProfile)), sourceless(raw));
      assert.equal(json('compare', out, cur).reference.source, out);
    });

    it('a damaged profile file is exit 2 with one message naming it', () => {
      const bad = path.join(dir, 'bad.driftprofile');
      const bytes = fs.readFileSync(out);
      bytes[bytes.length - 5] ^= 0xff;
      fs.writeFileSync(bad, bytes);
      expectBadInput(['compare', bad, cur], /bad\.driftprofile: not a usable profile file: checksum mismatch/);
    });

    it('--max-distinct: over the cap the score is marked approximate (~ in the table, words in the JSON)', () => {
      const report = json('compare', ref, cur, '--max-distinct', '20', '--num-method', 'wasserstein');
      const marked = report.columns.filter((c) => c.approximate);
      assert.ok(marked.length > 0);
      assert.match(marked[0].approximate!, /more than 20 distinct values/);
      const table = cli('compare', ref, cur, '--max-distinct', '20', '--num-method', 'wasserstein');
      assert.match(table.out, new RegExp(`${marked[0].name}\\s+numerical\\s+wasserstein\\s+~`));
      assert.match(table.out, /~ approximate: the reference had more than 20 distinct values/);
    });

    it('bad profile usage is exit 2', () => {
      expectBadInput(['profile', ref, '--out', path.join(dir, 'x.json')], /--out must end in \.driftprofile/);
      expectBadInput(['profile'], /profile takes one dataset file/);
      expectBadInput(['profile', path.join(dir, 'none.csv')], /none\.csv: no such file/);
      expectBadInput(['compare', ref, cur, '--max-distinct', '0'], /--max-distinct must be a whole number/);
    });
  });

  it('--sample says so in the table and the JSON', () => {
    const r = cli('compare', ...pair('penguins-halves'), '--sample', '50');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Sampled: {3}50 of 172 reference rows, 50 of 172 current rows \(seed 42\)/);
    const report = JSON.parse(cli('compare', ...pair('penguins-halves'), '--sample', '50', '--format', 'json').out) as DriftReport;
    assert.deepEqual(report.sampling, { rows: 50, seed: 42, referenceRows: 172, currentRows: 172 });
  });

  it('--fail-on-drift exits 1 on dataset drift and 0 without', () => {
    assert.equal(cli('compare', ...pair('penguins-halves'), '--fail-on-drift').code, 1);
    assert.equal(cli('compare', ...pair('penguins-halves'), '--fail-on-drift', '--drift-share', '1.0', '--columns', 'Species,Island').code, 1);
    const [ref] = pair('penguins-halves');
    assert.equal(cli('compare', ref, ref, '--fail-on-drift').code, 0);
  });

  it('options reach the engine: methods, thresholds, per column, columns/exclude', () => {
    const r = cli('compare', ...pair('penguins-evenodd'), '--format', 'json', '--num-method', 'wasserstein',
      '--column-method', 'Sex=jensenshannon', '--column-threshold', 'Sex=0.5', '--exclude', 'Island');
    const report = JSON.parse(r.out) as DriftReport;
    const byName = new Map(report.columns.map((c) => [c.name, c]));
    assert.equal(byName.get('Body Mass (g)')!.test, 'wasserstein');
    assert.equal(byName.get('Sex')!.test, 'jensenshannon');
    assert.equal(byName.get('Sex')!.threshold, 0.5);
    assert.equal(byName.has('Island'), false);
  });

  it('reads settings from --config, with command-line options on top', () => {
    const config = path.join(ROOT, 'test/fixtures/pairs/drift.config.json');
    const report = JSON.parse(cli('compare', ...pair('penguins-evenodd'), '--format', 'json', '--config', config).out) as DriftReport;
    const mass = report.columns.find((c) => c.name === 'Body Mass (g)')!;
    assert.equal(mass.test, 'psi');
    assert.equal(mass.threshold, 0.5);
    assert.equal(report.driftShare, 0.9);
    const over = JSON.parse(cli('compare', ...pair('penguins-evenodd'), '--format', 'json', '--config', config, '--drift-share', '0.2').out) as DriftReport;
    assert.equal(over.driftShare, 0.2);
  });

  describe('bad input: one clear message naming the file (and line), exit 2', () => {
    const [ref] = pair('penguins-halves');
    const cases: Array<[string, string[], RegExp]> = [
      ['empty file', [bad('empty.csv'), ref], /empty\.csv: .*empty/],
      ['header only', [ref, bad('header-only.csv')], /header-only\.csv: .*no data rows/],
      ['ragged rows', [bad('ragged.csv'), ref], /ragged\.csv, line 3: .*2 fields.*3/],
      ['unclosed quote', [bad('unclosed-quote.csv'), ref], /unclosed-quote\.csv, line 2: .*quote/],
      ['non-UTF-8', [bad('latin1.csv'), ref], /latin1\.csv.*not UTF-8/],
      ['binary', [bad('binary.csv'), ref], /binary\.csv.*(binary|not UTF-8|not a text)/i],
      ['duplicate columns', [bad('duplicate-columns.csv'), ref], /duplicate-columns\.csv.*'a' appears twice/],
      ['missing file', [bad('nope.csv'), ref], /nope\.csv: no such file/],
      ['no column in common', [bad('other-columns.csv'), ref], /no column in common/],
    ];
    for (const [what, files, message] of cases) {
      it(what, () => expectBadInput(['compare', ...files], message));
    }
    it('unknown test id', () => expectBadInput(['compare', ...pair('penguins-halves'), '--method', 'nope'], /unknown test 'nope'. Known tests: ks, /));
    it('test that does not fit the column type', () =>
      expectBadInput(['compare', ...pair('penguins-halves'), '--column-method', 'Sex=ks'], /'ks' tests numerical columns, not categorical/));
    it('unknown column', () => expectBadInput(['compare', ...pair('penguins-halves'), '--columns', 'nope'], /no column named 'nope'/));
    it('bad usage', () => {
      expectBadInput(['compare', ref], /needs two files/);
      expectBadInput(['compare', ...pair('penguins-halves'), '--threshold', 'abc'], /--threshold must be a number/);
      expectBadInput(['compare', ...pair('penguins-halves'), '--frobnicate'], /Unknown option '--frobnicate'/);
      expectBadInput(['frob'], /unknown command 'frob'/);
    });
    it('bad config file', () => {
      const f = path.join(os.tmpdir(), `bad-config-${process.pid}.json`);
      fs.writeFileSync(f, '{"driftShare": 3}');
      expectBadInput(['compare', ...pair('penguins-halves'), '--config', f], /"driftShare" must be a number from 0 to 1/);
      fs.unlinkSync(f);
    });
  });
});
