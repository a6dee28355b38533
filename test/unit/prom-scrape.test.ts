import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import * as zlib from 'node:zlib';
import { formatBytes } from '../../src/core/format/bytes';
import { DEFAULT_SCRAPE_MAX_BYTES, SCRAPE_ACCEPT, scrape, type ScrapeOptions, type ScrapeResult } from '../../src/core/prom/http/scrape';
import { closedPort, serve, serveTcp, type TestServer } from './helpers/servers';

const METRICS = '# HELP up_total Test.\n# TYPE up_total counter\nup_total 1\n';
const TEXT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const OPTS: ScrapeOptions = { timeoutMs: 2000, maxBytes: DEFAULT_SCRAPE_MAX_BYTES };

function expectFailure(r: ScrapeResult, reason: string): string {
  assert.equal(r.ok, false, `expected "${reason}", got a successful scrape`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.reason, reason, `detail: ${r.detail}`);
  assert.ok(r.detail.length > 0);
  return r.detail;
}

/** Each test gets its own servers; all are closed afterwards. */
const servers: { close(): Promise<void> }[] = [];
async function server(handler: http.RequestListener): Promise<TestServer> {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

describe('scrape: a /metrics endpoint over real HTTP (127.0.0.1)', () => {
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  describe('success', () => {
    it('returns the body, content type, status, duration and time', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE });
        res.end(METRICS);
      });
      const before = Date.now();
      const r = await scrape(`${s.url}/metrics`, OPTS);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.body, METRICS);
      assert.equal(r.contentType, TEXT_TYPE);
      assert.equal(r.status, 200);
      assert.ok(r.durationMs >= 0 && r.durationMs < 2000);
      assert.ok(r.scrapedAt >= before && r.scrapedAt <= Date.now());
    });

    it('asks for OpenMetrics then text, and gzip, as Prometheus does', async () => {
      let seen: http.IncomingHttpHeaders = {};
      const s = await server((req, res) => {
        seen = req.headers;
        res.end(METRICS);
      });
      const r = await scrape(`${s.url}/metrics`, OPTS);
      assert.ok(r.ok);
      assert.equal(seen.accept, SCRAPE_ACCEPT);
      assert.match(String(seen.accept), /^application\/openmetrics-text;version=1\.0\.0,.*text\/plain;version=0\.0\.4;q=0\.5/);
      assert.equal(seen['accept-encoding'], 'gzip');
      assert.equal(seen.authorization, undefined, 'no token configured, no Authorization header');
      assert.equal(r.contentType, '', 'a missing Content-Type is reported as empty, not as a failure');
    });

    it('decompresses a gzip body', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE, 'Content-Encoding': 'gzip' });
        res.end(zlib.gzipSync(METRICS));
      });
      const r = await scrape(`${s.url}/metrics`, OPTS);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.body, METRICS);
    });

    it('sends the bearer token', async () => {
      let auth: string | undefined;
      const s = await server((req, res) => {
        auth = req.headers.authorization;
        if (auth !== 'Bearer s3cr3t-token') {
          res.writeHead(401, { 'Content-Type': 'text/plain' });
          return res.end('Unauthorized\n');
        }
        res.end(METRICS);
      });
      const r = await scrape(`${s.url}/metrics`, { ...OPTS, bearerToken: 's3cr3t-token' });
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(auth, 'Bearer s3cr3t-token');

      const wrong = await scrape(`${s.url}/metrics`, { ...OPTS, bearerToken: 'wrong' });
      const detail = expectFailure(wrong, 'HTTP 401');
      assert.match(detail, /Unauthorized/);
      assert.match(detail, /token was refused/);
      assert.doesNotMatch(detail, /wrong/, 'the token never appears in a message');
      assert.match(expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'HTTP 401'), /may need a bearer token/);
    });

    it('follows a redirect, and keeps the token from another origin', async () => {
      const seen: (string | undefined)[] = [];
      const other = await server((req, res) => {
        seen.push(req.headers.authorization);
        res.end(METRICS);
      });
      const s = await server((req, res) => {
        if (req.url === '/metrics') {
          res.writeHead(301, { Location: '/real-metrics' });
          return res.end();
        }
        if (req.url === '/real-metrics') {
          seen.push(req.headers.authorization);
          res.writeHead(307, { Location: `${other.url}/metrics` });
          return res.end();
        }
        res.writeHead(404).end();
      });
      const r = await scrape(`${s.url}/metrics`, { ...OPTS, bearerToken: 'tok' });
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.body, METRICS);
      assert.deepEqual(seen, ['Bearer tok', undefined]);
    });
  });

  describe('faults: each is a reason, never an exception', () => {
    it('HTML page (text/html) -> not Prometheus text', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Login</body></html>');
      });
      assert.match(expectFailure(await scrape(`${s.url}/`, OPTS), 'not Prometheus text'), /HTML page/);
    });

    it('HTML served as text/plain (body starts with "<") -> not Prometheus text', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('\n  <html><body>Bad gateway</body></html>');
      });
      assert.match(expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'not Prometheus text'), /starts with "<"/);
    });

    it('JSON, and gzip without Content-Encoding -> not Prometheus text', async () => {
      const s = await server((req, res) => {
        if (req.url === '/json') {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          return res.end('{"status":"success"}');
        }
        res.writeHead(200, { 'Content-Type': TEXT_TYPE });
        res.end(zlib.gzipSync(METRICS));
      });
      assert.match(expectFailure(await scrape(`${s.url}/json`, OPTS), 'not Prometheus text'), /JSON/);
      assert.match(expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'not Prometheus text'), /no Content-Encoding/);
    });

    it('404 -> HTTP 404; 500 -> HTTP 500 with the first line of the body', async () => {
      const s = await server((req, res) => {
        if (req.url === '/boom') {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          return res.end('collector "db" failed: connection refused\nstack...');
        }
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<h1>Not Found</h1>');
      });
      const d404 = expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'HTTP 404');
      assert.match(d404, /404 Not Found from http:\/\/127\.0\.0\.1:\d+\/metrics/);
      assert.doesNotMatch(d404, /<h1>/);
      assert.match(expectFailure(await scrape(`${s.url}/boom`, OPTS), 'HTTP 500'), /collector "db" failed/);
    });

    it('body over the limit, declared by Content-Length -> too large, without reading it', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE, 'Content-Length': 5000 });
        res.write('a'.repeat(100)); // the rest never comes: the client must not wait for it
      });
      const r = await scrape(`${s.url}/metrics`, { ...OPTS, maxBytes: 1024 });
      expectFailure(r, 'too large (> 1 KB)');
    });

    it('streamed body over the default 10 MB -> too large (> 10 MB)', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE }); // chunked: no length announced
        let sent = 0;
        const pump = (): void => {
          while (sent < 12 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        res.on('error', () => undefined);
      });
      assert.equal(formatBytes(DEFAULT_SCRAPE_MAX_BYTES), '10 MB');
      expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'too large (> 10 MB)');
    });

    it('gzip bomb (small compressed, large decompressed) -> too large', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, '0'));
      assert.ok(bomb.length < 200 * 1024, `compressed ${bomb.length} bytes`);
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE, 'Content-Encoding': 'gzip', 'Content-Length': bomb.length });
        res.end(bomb);
      });
      const started = Date.now();
      expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'too large (> 10 MB)');
      assert.ok(Date.now() - started < 1500, 'stops inflating at the limit');
    });

    it('broken gzip -> invalid gzip', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE, 'Content-Encoding': 'gzip' });
        res.end(Buffer.from('definitely not gzip'));
      });
      expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'invalid gzip');
    });

    it('never answers -> timeout, and the connection is closed', async () => {
      const s = await server(() => undefined);
      const started = Date.now();
      const detail = expectFailure(await scrape(`${s.url}/metrics`, { ...OPTS, timeoutMs: 300 }), 'timeout');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 290 && elapsed < 1500, `took ${elapsed} ms`);
      assert.match(detail, /300 ms/);
      await new Promise((r) => setTimeout(r, 50));
      const open = await new Promise<number>((r) => s.server.getConnections((_e, n) => r(n)));
      assert.equal(open, 0, 'the socket was destroyed');
    });

    it('headers then a body that never ends -> timeout (the timeout covers the whole request)', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE });
        res.write('# TYPE a counter\n');
      });
      expectFailure(await scrape(`${s.url}/metrics`, { ...OPTS, timeoutMs: 300 }), 'timeout');
    });

    it('redirect loop -> redirect loop; endless fresh redirects -> too many redirects', async () => {
      const s = await server((req, res) => {
        const url = req.url ?? '/';
        const n = /^\/r\/(\d+)$/.exec(url);
        const to = url === '/a' ? '/b' : url === '/b' ? '/a' : url === '/self' ? '/self' : n ? `/r/${Number(n[1]) + 1}` : '/';
        res.writeHead(302, { Location: to });
        res.end();
      });
      assert.match(expectFailure(await scrape(`${s.url}/a`, OPTS), 'redirect loop'), /\/b redirects back to .*\/a/);
      expectFailure(await scrape(`${s.url}/self`, OPTS), 'redirect loop');
      assert.match(expectFailure(await scrape(`${s.url}/r/0`, { ...OPTS, maxRedirects: 3 }), 'too many redirects'), /More than 3/);
      expectFailure(await scrape(`${s.url}/r/0`, { ...OPTS, maxRedirects: 0 }), 'HTTP 302');
    });

    it('refused port -> ECONNREFUSED', async () => {
      const port = await closedPort();
      const detail = expectFailure(await scrape(`http://127.0.0.1:${port}/metrics`, OPTS), 'ECONNREFUSED');
      assert.match(detail, new RegExp(`127\\.0\\.0\\.1:${port}`));
    });

    it('connection dropped mid-body -> ECONNRESET', async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { 'Content-Type': TEXT_TYPE, 'Content-Length': 1000 });
        res.write('# TYPE a counter\n', () => res.socket?.destroy());
      });
      expectFailure(await scrape(`${s.url}/metrics`, OPTS), 'ECONNRESET');
    });

    it('a port that does not speak HTTP -> not HTTP', async () => {
      const tcp = await serveTcp((sock) => sock.end('SSH-2.0-OpenSSH_9.2\r\n'));
      servers.push(tcp);
      expectFailure(await scrape(`http://127.0.0.1:${tcp.port}/metrics`, OPTS), 'not HTTP');
    });

    it('malformed URLs -> invalid URL', async () => {
      for (const bad of ['', 'not a url', 'localhost:9090/metrics', 'http://', 'ftp://127.0.0.1/metrics', 'http://127.0.0.1:99999/']) {
        expectFailure(await scrape(bad, OPTS), 'invalid URL');
      }
    });

    it('a bearer token with a line break -> invalid bearer token (no header injection)', async () => {
      const s = await server((_req, res) => res.end(METRICS));
      expectFailure(await scrape(`${s.url}/metrics`, { ...OPTS, bearerToken: 'a\r\nX-Evil: 1' }), 'invalid bearer token');
    });

    it('credentials in the URL are not repeated in messages', async () => {
      const s = await server((_req, res) => res.writeHead(404).end());
      const detail = expectFailure(await scrape(`http://user:hunter2@127.0.0.1:${s.port}/metrics`, OPTS), 'HTTP 404');
      assert.doesNotMatch(detail, /hunter2/);
    });

    it('an AbortSignal cancels (before and during the request)', async () => {
      const s = await server(() => undefined);
      const pre = new AbortController();
      pre.abort();
      expectFailure(await scrape(`${s.url}/metrics`, { ...OPTS, signal: pre.signal }), 'cancelled');
      const during = new AbortController();
      setTimeout(() => during.abort(), 50);
      const started = Date.now();
      expectFailure(await scrape(`${s.url}/metrics`, { ...OPTS, signal: during.signal }), 'cancelled');
      assert.ok(Date.now() - started < 1000);
    });
  });
});
