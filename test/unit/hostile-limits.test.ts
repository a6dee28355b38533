import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readJsonLines, readJsonLinesFile } from '../../src/core/read/json';

// Issue 13, findings 5 and 6: endless or enormous input stops at a limit with a message naming
// the limit and the variable that raises it; deep JSON is an error naming the file and line.
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CUR = path.join(ROOT, 'test/fixtures/pairs/penguins-halves-current.csv');

function cli(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  // The timeout is a watchdog (an endless read fails the test instead of stopping the suite).
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 30_000, env: { ...process.env, ...env } });
  assert.equal(r.signal, null, `stopped by ${String(r.signal)}: it read for ever`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectError(r: { code: number | null; err: string }, message: RegExp) {
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, message);
  assert.doesNotMatch(r.err, /internal error|\n\s+at /);
}

describe('hostile input: limits on what is read (issue 13, findings 5 and 6)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-limits-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('/dev/zero as a dataset (any format), a --config or a metrics --file: refused, not read for ever', function () {
    for (const ext of ['csv', 'jsonl', 'json', 'parquet']) {
      fs.symlinkSync('/dev/zero', path.join(dir, `zero.${ext}`));
      expectError(cli(dir, {}, 'compare', `zero.${ext}`, CUR), new RegExp(`zero\\.${ext}: this is not a regular file`));
    }
    expectError(cli(dir, {}, 'compare', CUR, CUR, '--config', '/dev/zero'), /\/dev\/zero: this is not a regular file/);
    expectError(cli(dir, {}, 'metrics', '--file', '/dev/zero'), /\/dev\/zero: this is not a regular file/);
  });

  it('a config or a metrics file over its limit names the limit and its variable', () => {
    fs.writeFileSync(path.join(dir, 'big.json'), `{"method": "ks", "$schema": "${'x'.repeat(3000)}"}`);
    expectError(cli(dir, { DRIFT_INSPECT_MAX_CONFIG_MB: '0.001' }, 'compare', CUR, CUR, '--config', 'big.json'), /more than the limit of 0\.001 MiB for a drift\.config\.json \(set DRIFT_INSPECT_MAX_CONFIG_MB to raise it\)/);
    fs.writeFileSync(path.join(dir, 'm.prom'), 'm 1\n'.repeat(1000));
    expectError(cli(dir, { DRIFT_INSPECT_MAX_METRICS_MB: '0.001' }, 'metrics', '--file', 'm.prom'), /DRIFT_INSPECT_MAX_METRICS_MB/);
  });

  it('a CSV line with no end (a field over the line limit) stops with its line number', () => {
    fs.writeFileSync(path.join(dir, 'long.csv'), `a,b\n1,2\n3,${'x'.repeat(50_000)}`);
    expectError(cli(dir, { DRIFT_INSPECT_MAX_LINE_MB: '0.01' }, 'compare', 'long.csv', CUR), /long\.csv, line 3: this row is more than the limit of 0\.01 MiB for a line or field \(set DRIFT_INSPECT_MAX_LINE_MB/);
    fs.writeFileSync(path.join(dir, 'long.jsonl'), `{"a": 1}\n{"a": "${'x'.repeat(50_000)}"}\n`);
    expectError(cli(dir, { DRIFT_INSPECT_MAX_LINE_MB: '0.01' }, 'compare', 'long.jsonl', CUR), /long\.jsonl, line 2: this line is more than the limit of 0\.01 MiB/);
  });

  it('a header with more columns than the limit (CSV and JSON records)', () => {
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    fs.writeFileSync(path.join(dir, 'wide.csv'), `${names.join(',')}\n${names.map(() => 1).join(',')}\n`);
    expectError(cli(dir, { DRIFT_INSPECT_MAX_COLUMNS: '10' }, 'compare', 'wide.csv', CUR), /wide\.csv, line 1: the header has 12 columns, more than the limit of 10 for the number of columns \(set DRIFT_INSPECT_MAX_COLUMNS/);
    fs.writeFileSync(path.join(dir, 'wide.jsonl'), JSON.stringify(Object.fromEntries(names.map((n) => [n, 1]))) + '\n');
    expectError(cli(dir, { DRIFT_INSPECT_MAX_COLUMNS: '10' }, 'compare', 'wide.jsonl', CUR), /wide\.jsonl, line 1: the records have more than the limit of 10 for the number of columns/);
  });

  it('JSON nested 20,000 deep: an error naming the file and line, in JSON Lines and a JSON array', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    fs.writeFileSync(path.join(dir, 'deep.jsonl'), `{"a": 1}\n{"a": ${deep}}\n`);
    expectError(cli(dir, {}, 'compare', 'deep.jsonl', CUR), /deep\.jsonl, line 2: .*nested too deeply to read/);
    fs.writeFileSync(path.join(dir, 'deep.json'), `[\n{"a": 1},\n{"a": ${deep}}\n]`);
    expectError(cli(dir, {}, 'compare', 'deep.json', CUR), /deep\.json, line 3: .*nested too deeply to read/);
  });

  it('a JSON array file over its limit: refused before it is read, pointing to JSON Lines', () => {
    fs.writeFileSync(path.join(dir, 'big.json'), JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ a: i }))));
    expectError(cli(dir, { DRIFT_INSPECT_MAX_JSON_MB: '0.001' }, 'compare', 'big.json', CUR), /big\.json: the file is 0 MiB, more than the limit of 0\.001 MiB for a JSON array file .*DRIFT_INSPECT_MAX_JSON_MB.*JSON Lines \(\.jsonl\) has no such limit/);
  });

  it('JSON Lines streamed from disk give what the in-memory reader gives (records, blank lines, BOM, errors)', async () => {
    const cases = {
      'flights.jsonl': fs.readFileSync(path.join(ROOT, 'test/fixtures/read/flights-1k.jsonl'), 'utf8'),
      'blanks.jsonl': '\ufeff{"a": 1, "b": "x"}\n\n{"a": 2.5}\r\n  \n{"b": null}\n\n',
      'no-final-newline.jsonl': '{"a": 1}\n{"a": 2}',
      'bad.jsonl': '{"a": 1}\n{"a": }\n',
      'empty.jsonl': '\n \n',
    };
    for (const [name, text] of Object.entries(cases)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      const memory = await readJsonLines(new TextEncoder().encode(text), file).catch((e: Error) => e.message);
      // Small chunks: lines cross chunk boundaries.
      const streamed = await readJsonLinesFile(file, text.length).catch((e: Error) => e.message);
      assert.deepEqual(streamed, memory, name);
    }
  });
});
