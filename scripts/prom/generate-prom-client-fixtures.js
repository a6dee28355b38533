#!/usr/bin/env node
// Writes test/fixtures/prom/node-*: real expositions of prom-client (npm devDependency).
//   node scripts/prom/generate-prom-client-fixtures.js
// collectDefaultMetrics() plus the HTTP metrics a typical Express app adds (names and labels as in
// prom-client's README and express-prom-bundle: http_requests_total / http_request_duration_seconds
// with method, route, code; prom-client's default buckets). Two scrapes, text 0.0.4 and
// OpenMetrics, with exactly 50 requests recorded between them. The two formats use separate
// registries with separate metric objects: prom-client 15.1.3 renames a counter in place when an
// OpenMetrics registry prints it (drops `_total`), which a text registry sharing it would then show.
'use strict';
const fs = require('fs');
const path = require('path');
const client = require('prom-client');

const OUT = path.join(__dirname, '..', '..', 'test', 'fixtures', 'prom');
const registry = new client.Registry();
const omRegistry = new client.Registry();
omRegistry.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);

function httpMetrics(register) {
  return {
    requests: new client.Counter({ name: 'http_requests_total', help: 'Total number of HTTP requests', labelNames: ['method', 'route', 'code'], registers: [register] }),
    duration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests in seconds',
      labelNames: ['method', 'route', 'code'],
      registers: [register],
    }),
  };
}

/** Enough short-lived objects to fill the young generation a few times (minor GCs). */
function makeGarbage() {
  let keep = 0;
  for (let i = 0; i < 200_000; i++) keep += { n: i, s: 'x'.repeat(i % 32) }.s.length;
  return keep;
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  client.collectDefaultMetrics({ register: omRegistry, eventLoopMonitoringPrecision: 10 });
  // Give the event-loop monitor a moment so its percentiles are filled in.
  await new Promise((r) => setTimeout(r, 300));
  fs.writeFileSync(path.join(OUT, 'node-default.txt'), await registry.metrics());

  const sets = [httpMetrics(registry), httpMetrics(omRegistry)];
  const request = (method, route, code, seconds) => {
    for (const m of sets) {
      m.requests.inc({ method, route, code });
      m.duration.observe({ method, route, code }, seconds);
    }
  };
  const scrape = async (name) => {
    fs.writeFileSync(path.join(OUT, `${name}.txt`), await registry.metrics());
    fs.writeFileSync(path.join(OUT, `${name}.om.txt`), await omRegistry.metrics());
    return Date.now();
  };

  for (let i = 0; i < 20; i++) request('GET', '/users/:id', '200', 0.03);
  makeGarbage();
  // GC durations are recorded by a PerformanceObserver callback: let it run before scraping.
  await new Promise((r) => setTimeout(r, 50));
  const t1 = await scrape('node-express-1');

  for (let i = 0; i < 40; i++) request('GET', '/users/:id', '200', 0.03);
  for (let i = 0; i < 8; i++) request('POST', '/users', '201', 0.2);
  for (let i = 0; i < 2; i++) request('POST', '/users', '500', 3);
  // Block the event loop a little, and make some garbage, so lag and GC have something to show.
  const until = Date.now() + 150;
  while (Date.now() < until) makeGarbage();
  await new Promise((r) => setTimeout(r, 300));
  const t2 = await scrape('node-express-2');

  fs.writeFileSync(
    path.join(OUT, 'node-express.meta.json'),
    JSON.stringify(
      {
        generator: 'scripts/prom/generate-prom-client-fixtures.js',
        library: `prom-client ${require('prom-client/package.json').version}`,
        node: process.version,
        contentTypes: { text: registry.contentType, openmetrics: omRegistry.contentType },
        scrapedAtMs: [t1, t2],
      },
      null,
      2,
    ) + '\n',
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
