import { strict as assert } from 'assert';
import * as path from 'path';
import { Writable } from 'stream';
import { gzipSync } from 'zlib';
import { parseCommandLine, UsageError, type MetricsCommand } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { runMetrics, type MetricsJson } from '../../src/cli/metrics';
import { serve } from './helpers/servers';

/** `drift-inspect metrics`, run in-process (the same code dist/cli.js bundles). */

const ROOT = path.join(__dirname, '..', '..', '..');
const corpus = (f: string): string => path.join(ROOT, 'test/fixtures/prom-corpus', f);
const fixture = (f: string): string => path.join(ROOT, 'test/fixtures/prom', f);

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const cmd = parseCommandLine(argv);
  assert.equal(cmd.command, 'metrics');
  const out = new Sink();
  const err = new Sink();
  const code = await runMetrics(cmd as MetricsCommand, out, err);
  return { code, out: out.text, err: err.text };
}

/** main() as the binary runs it, with stdout/stderr captured. */
async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { out: process.stdout.write, err: process.stderr.write };
  let out = '';
  let err = '';
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out, err };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

describe('drift-inspect metrics: arguments', () => {
  it('a URL or --file, with --content-type, --strict [--dialect], --format', () => {
    assert.deepEqual(parseCommandLine(['metrics', 'http://127.0.0.1:8000/metrics']), {
      command: 'metrics',
      url: 'http://127.0.0.1:8000/metrics',
      strict: false,
      format: 'table',
    });
    assert.deepEqual(parseCommandLine(['metrics', '--file', 'm.txt', '--content-type', 'text/plain; version=0.0.4', '--strict', '--dialect', 'prometheus', '--format', 'json']), {
      command: 'metrics',
      file: 'm.txt',
      contentType: 'text/plain; version=0.0.4',
      strict: true,
      dialect: 'prometheus',
      format: 'json',
    });
  });
  it('refuses what does not fit', () => {
    const bad: Array<[string[], RegExp]> = [
      [['metrics'], /a URL or --file/],
      [['metrics', 'http://x', '--file', 'f'], /one of them/],
      [['metrics', 'a', 'b'], /one URL/],
      [['metrics', '--file', 'f', '--format', 'html'], /table or json/],
      [['metrics', '--file', 'f', '--dialect', 'prometheus'], /goes with --strict/],
      [['metrics', '--file', 'f', '--strict', '--dialect', 'go'], /reference or prometheus/],
      [['metrics', '--file', 'f', '--drift-share', '0.5'], /not an option of the metrics command/],
      [['metrics', '--file', 'f', '--sample', '5'], /--sample is not an option of the metrics command/],
      [['compare', 'a.csv', 'b.csv', '--strict'], /option of the metrics command/],
    ];
    for (const [argv, message] of bad) assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  });
});

describe('drift-inspect metrics: files', () => {
  it('--format json: {format, families, samples, warnings}; values as strings; timestampMs = OpenMetrics seconds x 1000, truncated', async () => {
    const r = await run(['metrics', '--file', corpus('070-valid-om-counter-created-exemplar-timestamp.txt'), '--content-type', 'application/openmetrics-text; version=1.0.0', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as MetricsJson;
    assert.equal(json.format, 'openmetrics-text-1.0.0');
    assert.deepEqual(json.families, [{ name: 'foo', type: 'counter', help: 'Counter with and without labels to certify ST is parsed for both cases', unit: null }]);
    assert.deepEqual(json.samples[0], { name: 'foo_total', labels: {}, value: '17', timestampMs: 1520879607789 });
    assert.deepEqual(Object.keys(json), ['format', 'families', 'samples', 'warnings']);
    const nan = JSON.parse((await run(['metrics', '--file', corpus('003-valid-counter-gauge-escapes-whitespace-nan-inf.txt'), '--format', 'json'])).out) as MetricsJson;
    assert.deepEqual(nan.samples.map((s) => s.value), ['NaN', '0.23', '+Inf', '-Inf']);
  });
  it('without --content-type the format is guessed, and the output says so', async () => {
    const table = await run(['metrics', '--file', fixture('python-fastapi-2.om.txt')]);
    assert.match(table.out, /OpenMetrics 1\.0 \(guessed: no Content-Type given\), 15 families, 82 samples/);
    const json = JSON.parse((await run(['metrics', '--file', fixture('node-default.txt'), '--format', 'json'])).out) as MetricsJson;
    assert.equal(json.format, 'prometheus-text-0.0.4');
    assert.match(json.warnings[0].message, /guessed/);
  });
  it("--strict: a rejected input exits 2 with 'line N: what is wrong'; lenient prints the warning and exits 0", async () => {
    const file = corpus('013-invalid-no-trailing-newline.txt');
    const strict = await runMain(['metrics', '--file', file, '--content-type', 'text/plain; version=0.0.4', '--strict']);
    assert.equal(strict.code, 2);
    assert.match(strict.err, /^drift-inspect: .*013-invalid-no-trailing-newline\.txt: line 3: unexpected end of input/);
    assert.equal(strict.out, '');
    // Prometheus' own parser takes it.
    assert.equal((await runMain(['metrics', '--file', file, '--strict', '--dialect', 'prometheus'])).code, 0);
    const lenient = await runMain(['metrics', '--file', file]);
    assert.equal(lenient.code, 0);
    assert.match(lenient.out, /line 3: \[warning\] unexpected end of input: the last line does not end with a line feed \(text\/no-final-newline\)/);
  });
  it('a .gz file is read; a missing file is a one-line error, exit 2', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const gz = path.join(os.tmpdir(), `metrics-${process.pid}.txt.gz`);
    fs.writeFileSync(gz, gzipSync(fs.readFileSync(fixture('python-default.txt'))));
    try {
      const r = await run(['metrics', '--file', gz, '--format', 'json']);
      assert.equal((JSON.parse(r.out) as MetricsJson).samples.length, 16);
    } finally {
      fs.unlinkSync(gz);
    }
    const missing = await runMain(['metrics', '--file', path.join(ROOT, 'nope.txt')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.txt: no such file/);
  });
});

describe('drift-inspect metrics: URLs', () => {
  it('scrapes like Prometheus (Accept, gzip) and picks the grammar from the Content-Type', async () => {
    const body = gzipSync(Buffer.from('# TYPE up gauge\nup 1\n# EOF\n'));
    let accept = '';
    const server = await serve((req, res) => {
      accept = String(req.headers.accept);
      res.writeHead(200, { 'Content-Type': 'application/openmetrics-text; version=1.0.0; charset=utf-8', 'Content-Encoding': 'gzip' });
      res.end(body);
    });
    try {
      const r = await run(['metrics', `${server.url}/metrics`, '--format', 'json', '--strict']);
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out) as MetricsJson;
      assert.equal(json.format, 'openmetrics-text-1.0.0');
      assert.deepEqual(json.samples, [{ name: 'up', labels: {}, value: '1' }]);
      assert.deepEqual(json.warnings, []);
      assert.match(accept, /^application\/openmetrics-text/);
    } finally {
      await server.close();
    }
  });
  it('--content-type overrides a wrong one; an unreachable URL exits 2 with the reason', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end('a_total 1\n# EOF\n');
    });
    try {
      const asText = await run(['metrics', `${server.url}/`, '--format', 'json']);
      assert.equal((JSON.parse(asText.out) as MetricsJson).format, 'prometheus-text-0.0.4');
      const asOm = await run(['metrics', `${server.url}/`, '--format', 'json', '--content-type', 'application/openmetrics-text; version=1.0.0']);
      assert.equal((JSON.parse(asOm.out) as MetricsJson).format, 'openmetrics-text-1.0.0');
    } finally {
      await server.close();
    }
    const down = await run(['metrics', `${server.url}/metrics`]);
    assert.equal(down.code, 2);
    assert.match(down.err, /^drift-inspect: http:\/\/127\.0\.0\.1:\d+\/metrics: ECONNREFUSED/);
  });
});
