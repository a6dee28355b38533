import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { runMetrics } from '../../src/cli/metrics';
import { redactCredentials } from '../../src/core/format/redact';

// Issue 13, findings 7, 9 and 10: --out is written atomically and never over an input; the
// metrics command checks bytes, escapes what it prints and never shows URL credentials; a
// missing input is reported before the other is read.
const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const [REF, CUR] = ['reference', 'current'].map((s) => path.join(ROOT, 'test/fixtures/pairs', `penguins-halves-${s}.csv`));

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  assert.equal(r.signal, null, `stopped by ${String(r.signal)}: it hung`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _: string, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** A loopback server answering every request with `body` (or 404 for /missing). */
async function serve(body: Buffer, type = 'text/plain; version=0.0.4'): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404).end('no');
      return;
    }
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

async function metrics(url: string, strict = false) {
  const out = new Sink();
  const err = new Sink();
  const code = await runMetrics({ command: 'metrics', url, strict, format: 'table' }, out, err);
  return { code, out: out.text, err: err.text };
}

describe('hostile input: the CLI around the engine (issue 13, findings 7, 9 and 10)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--out naming an input (through another path or a hard link) is refused and the dataset kept', () => {
    const ref = path.join(dir, 'ref.csv');
    fs.copyFileSync(REF, ref);
    fs.linkSync(ref, path.join(dir, 'link.csv'));
    const before = fs.readFileSync(ref);
    for (const out of ['./ref.csv', path.join(dir, '..', path.basename(dir), 'ref.csv'), 'link.csv']) {
      const r = cli(dir, 'compare', 'ref.csv', CUR, '--out', out);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /is the input ref\.csv: the report would replace the dataset/);
    }
    assert.deepEqual(fs.readFileSync(ref), before);
  });

  it('an --out folder that cannot be written is reported before any work (a corrupt input is not reached)', () => {
    fs.writeFileSync(path.join(dir, 'bad.parquet'), 'not parquet');
    fs.writeFileSync(path.join(dir, 'file'), '');
    const missing = cli(dir, 'compare', 'bad.parquet', CUR, '--out', path.join(dir, 'no/such/out.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--out .*out\.json: the folder .*no\/such does not exist/);
    const notFolder = cli(dir, 'compare', 'bad.parquet', CUR, '--out', 'file/out.json');
    assert.match(notFolder.err, /file is not a folder/);
  });

  it('--out is written whole through a temp file and rename: no temp file is left', () => {
    fs.writeFileSync(path.join(dir, 'report.json'), 'previous');
    const r = cli(dir, 'compare', REF, CUR, '--format', 'json', '--out', 'report.json');
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).schemaVersion, 1);
    assert.deepEqual(fs.readdirSync(dir), ['report.json']);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`${signal} in the middle of a write leaves the previous file whole${signal === 'SIGKILL' ? '' : ' and removes the temp file'}`, async () => {
      const target = path.join(dir, 'report.html');
      fs.writeFileSync(target, 'previous report');
      // A writer that sends half its content, says so, then waits for ever.
      const script = `
        const { writeFileAtomic } = require(${JSON.stringify(path.join(ROOT, 'out/src/core/io/atomicWrite.js'))});
        async function* content() { yield 'half of the new'; console.log('writing'); await new Promise(() => setInterval(() => {}, 1000)); }
        writeFileAtomic(${JSON.stringify(target)}, content());`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const temps = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      assert.equal(temps.length, 1, 'the content goes to a temp file first');
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      assert.equal(fs.readFileSync(target, 'utf8'), 'previous report');
      if (signal !== 'SIGKILL') {
        assert.equal(code, signal === 'SIGINT' ? 130 : 143);
        assert.deepEqual(fs.readdirSync(dir), ['report.html']);
      }
    });
  }

  it('a missing current file is reported before the reference is read (a FIFO nobody writes would block)', function () {
    const fifo = path.join(dir, 'ref.csv');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo (coreutils) made the FIFO');
    const r = cli(dir, 'compare', 'ref.csv', 'nope.csv');
    assert.equal(r.code, 2);
    assert.match(r.err, /^drift-inspect: nope\.csv: no such file\n$/);
  });

  it('metrics --strict over HTTP rejects invalid UTF-8, as it does from --file', async () => {
    const body = Buffer.concat([Buffer.from('m{a="'), Buffer.from([0xff, 0xfe]), Buffer.from('"} 1\n')]);
    const server = await serve(body);
    try {
      const r = await metrics(`http://127.0.0.1:${server.port}/metrics`, true);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, /line 1: .*UTF-8/i);
      const file = path.join(dir, 'm.prom');
      fs.writeFileSync(file, body);
      const out = new Sink();
      const err = new Sink();
      assert.equal(await runMetrics({ command: 'metrics', file, strict: true, format: 'table' }, out, err), 2);
    } finally {
      await server.close();
    }
  });

  it('metrics: label values cannot send terminal escape sequences; URL credentials are never shown', async () => {
    const server = await serve(Buffer.from('# TYPE m gauge\nm{a="\x1b]0;pwned\x07\x1b[2J",b="\x9b31m"} 1\n'));
    try {
      const ok = await metrics(`http://user:s3cret@127.0.0.1:${server.port}/metrics`);
      assert.equal(ok.code, 0, ok.err);
      assert.doesNotMatch(ok.out, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      assert.match(ok.out, /\\x1b\]0;pwned\\x07\\x1b\[2J/);
      assert.doesNotMatch(ok.out + ok.err, /s3cret/);
      const failed = await metrics(`http://user:s3cret@127.0.0.1:${server.port}/missing`);
      assert.equal(failed.code, 2);
      assert.doesNotMatch(failed.err, /s3cret/);
      assert.match(failed.err, /user:\*\*\*@127\.0\.0\.1/);
    } finally {
      await server.close();
    }
  });

  it('redactCredentials: passwords go, user names stay, in linear time on long runs', () => {
    assert.equal(redactCredentials('GET http://u:p@h/x and https://tok@h2'), 'GET http://u:***@h/x and https://tok@h2');
    assert.equal(redactCredentials('no url here'), 'no url here');
    const long = 'a'.repeat(200_000) + ':// '.repeat(50_000);
    assert.equal(redactCredentials(long), long);
  });
});
