#!/usr/bin/env node
'use strict';
// A small instrumented HTTP service for the health view: the demo (`npm run demo`) and the tests
// scrape it directly or through a real Prometheus. Loopback only.
//
//   node demo/service.js [--port N] [--load RPS]      (or env PORT, LOAD_RPS)
//
// Prints `listening on http://127.0.0.1:PORT` once it accepts connections. Port 0 = a free port.
// Needs the npm package `prom-client` at run time (a devDependency of the extension: the extension
// itself never loads it).

const http = require('node:http');
const zlib = require('node:zlib');
const client = require('prom-client');

const HOST = '127.0.0.1';

/** `--name value` from argv, else the env variable, else the fallback. */
function option(argv, name, envName, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  return process.env[envName] ?? fallback;
}

/**
 * The same metrics in two registries, one per exposition format. prom-client renders a registry in
 * one format only, and rendering counters as OpenMetrics renames them in place (`http_requests_total`
 * becomes `http_requests`), so one registry cannot serve both formats. Every observation goes to both.
 */
function createInstruments(contentType) {
  const register = new client.Registry(contentType);
  client.collectDefaultMetrics({ register });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [register],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    // Finer than prom-client's default at the low end: the handlers take milliseconds.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [register],
  });
  return { register, requests, duration };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function send(res, status, body, contentType = 'application/json') {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Handlers by path; each returns after the response is sent. */
const ROUTES = {
  async '/predict'(req, res) {
    // Mostly 5-20 ms with a slow tail, so p50 and p99 differ visibly.
    const ms = Math.random() < 0.05 ? 50 + Math.random() * 100 : 5 + Math.random() * 15;
    await sleep(ms);
    send(res, 200, JSON.stringify({ prediction: Math.round(Math.random() * 1000) / 1000 }));
  },
  async '/health'(req, res) {
    send(res, 200, JSON.stringify({ status: 'ok' }));
  },
  async '/fail'(req, res) {
    await sleep(1 + Math.random() * 4);
    if (Math.random() < 0.5) send(res, 500, JSON.stringify({ error: 'simulated failure' }));
    else send(res, 200, JSON.stringify({ status: 'ok' }));
  },
};

/**
 * Starts the service. Resolves once listening, with `url`, `server` and `close()`.
 * `loadRps` > 0 starts the built-in load generator, which calls the service's own endpoints.
 */
function createDemoService({ port = 0, loadRps = 0 } = {}) {
  const formats = {
    text: createInstruments(client.Registry.PROMETHEUS_CONTENT_TYPE),
    openmetrics: createInstruments(client.Registry.OPENMETRICS_CONTENT_TYPE),
  };

  function record(method, route, status, seconds) {
    for (const f of Object.values(formats)) {
      f.requests.inc({ method, route, status: String(status) });
      f.duration.observe({ method, route, status: String(status) }, seconds);
    }
  }

  async function serveMetrics(req, res) {
    // Prometheus asks for OpenMetrics first; plain clients (curl, browsers) get text 0.0.4.
    const accept = String(req.headers.accept ?? '');
    const { register } = accept.includes('application/openmetrics-text') ? formats.openmetrics : formats.text;
    const body = Buffer.from(await register.metrics(), 'utf8');
    const headers = { 'Content-Type': register.contentType };
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      const gz = zlib.gzipSync(body);
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': gz.length });
      res.end(gz);
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      res.end(body);
    }
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    if (path === '/metrics') {
      // Not counted: at a 1 s scrape interval the scrapes would dominate the request rate.
      serveMetrics(req, res).catch((err) => send(res, 500, String(err), 'text/plain'));
      return;
    }
    const handler = ROUTES[path];
    const started = process.hrtime.bigint();
    // Unknown paths share one label value, so a scanner cannot blow up the series count.
    const route = handler ? path : 'unknown';
    res.on('finish', () => {
      record(req.method ?? 'GET', route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    if (!handler) return send(res, 404, JSON.stringify({ error: 'not found' }));
    handler(req, res).catch((err) => send(res, 500, JSON.stringify({ error: String(err) })));
  });

  let load;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), HOST, () => {
      const address = server.address();
      const url = `http://${HOST}:${address.port}`;
      if (loadRps > 0) load = startLoad(url, loadRps);
      resolve({
        url,
        server,
        close() {
          if (load) load.stop();
          return new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
        },
      });
    });
  });
}

/** Calls the service's own endpoints about `rps` times a second: 70% /predict, 20% /health, 10% /fail. */
function startLoad(url, rps) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const tickMs = 100;
  let due = 0;
  const timer = setInterval(() => {
    due += (rps * tickMs) / 1000;
    for (; due >= 1; due -= 1) {
      const r = Math.random();
      const path = r < 0.7 ? '/predict' : r < 0.9 ? '/health' : '/fail';
      http
        .get(`${url}${path}`, { agent }, (res) => res.resume())
        .on('error', () => {
          /* the service is shutting down */
        });
    }
  }, tickMs);
  return {
    stop() {
      clearInterval(timer);
      agent.destroy();
    },
  };
}

module.exports = { createDemoService };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const port = Number(option(argv, 'port', 'PORT', '0'));
  const loadRps = Number(option(argv, 'load', 'LOAD_RPS', '0'));
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(loadRps) || loadRps < 0) {
    console.error('usage: node demo/service.js [--port N] [--load RPS]');
    process.exit(2);
  }
  createDemoService({ port, loadRps }).then(
    (service) => {
      console.log(`listening on ${service.url}`);
      const shutdown = () => service.close().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (err) => {
      console.error(`demo service: ${err.message}`);
      process.exit(1);
    },
  );
}
