#!/usr/bin/env node
// The endpoints of the health load test (issue 13): a mix of /metrics servers on loopback, each
// on its own port, run in THIS process so that sending their bodies does not count in the
// poller's event-loop delay. Used by bench/load.js (`npm run load`, two minutes) and by
// test/unit/health-load.test.ts (a short run asserting each endpoint's state, no timings).
//
//   node bench/loadEndpoints.js [--scale N] [--flap-period-ms MS] [--kinds healthy,slow,...]
// prints one JSON line {"endpoints":[{name, kind, url}], "startedAt"} on stdout, then serves.
// Flapping endpoints are up during even periods of --flap-period-ms since startedAt, down (the
// port closed: ECONNREFUSED) during odd ones; without the option they change only on a stdin
// line "down NAME" / "up NAME", answered "ok NAME" once the port is closed or open.
'use strict';

const http = require('node:http');
const zlib = require('node:zlib');

/** How many endpoints of each kind (100 in all), and what state each must end in. */
const MIX = [
  // A small service's metrics: counters, a histogram, process figures. Up, with a request rate.
  { kind: 'healthy', count: 45, expect: { status: 'up' } },
  // Answers after 300 ms, within the 2 s timeout. Up.
  { kind: 'slow', count: 10, expect: { status: 'up' } },
  // Accepts the connection and never answers. Down: timeout.
  { kind: 'hanging', count: 10, expect: { status: 'down', reason: /^timeout$/ } },
  // 10.5 MB of valid text, over the 10 MiB limit: half say so in Content-Length, half are chunked
  // (the limit is then counted as the body arrives). Down: too large.
  { kind: 'huge', count: 10, expect: { status: 'down', reason: /^too large/ } },
  // 40 KB of gzip that inflates to 100 MB. Down: too large (counted after decompression).
  { kind: 'gzip-bomb', count: 10, expect: { status: 'down', reason: /^too large/ } },
  // 8,000 series (about 700 KB): parsed in slices. Up.
  { kind: 'large', count: 5, expect: { status: 'up' } },
  // Up and down in turn (the port closed: ECONNREFUSED).
  { kind: 'flapping', count: 10, expect: { status: 'flapping', reason: /^ECONNREFUSED$/ } },
];

/** A service's exposition at poll `n`: counters grow, so rates are computed from the second scrape on. */
function healthyBody(n) {
  const lines = [
    '# HELP http_requests_total Requests handled.',
    '# TYPE http_requests_total counter',
    `http_requests_total{handler="/api/items",status="200"} ${1000 + n * 20}`,
    `http_requests_total{handler="/api/items",status="500"} ${3 + n}`,
    `http_requests_total{handler="/health",status="200"} ${500 + n * 2}`,
    '# HELP http_request_duration_seconds Latency.',
    '# TYPE http_request_duration_seconds histogram',
  ];
  const bounds = ['0.005', '0.01', '0.05', '0.1', '0.5', '1', '+Inf'];
  bounds.forEach((le, i) => lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${Math.round((1000 + n * 22) * (i + 1) / bounds.length)}`));
  lines.push(`http_request_duration_seconds_sum ${(12.5 + n * 0.3).toFixed(3)}`, `http_request_duration_seconds_count ${1000 + n * 22}`);
  lines.push('# TYPE process_cpu_seconds_total counter', `process_cpu_seconds_total ${(1 + n * 0.05).toFixed(2)}`);
  lines.push('# TYPE process_resident_memory_bytes gauge', 'process_resident_memory_bytes 52428800');
  return lines.join('\n') + '\n';
}

/** `series` series of one counter family, about 90 bytes each. */
function manySeries(series, n = 0) {
  const lines = ['# HELP app_items_total Items by shard.', '# TYPE app_items_total counter'];
  for (let i = 0; i < series; i++) lines.push(`app_items_total{shard="s${i % 64}",item="item-${i}",region="eu-west-${i % 3}"} ${i * 7 + n}`);
  return lines.join('\n') + '\n';
}

function endpointsOf(scale, kinds) {
  const list = [];
  for (const m of MIX) {
    if (kinds && !kinds.includes(m.kind)) continue;
    const count = Math.max(1, Math.round(m.count * scale));
    for (let i = 0; i < count; i++) list.push({ name: `${m.kind}-${i}`, kind: m.kind, index: i });
  }
  return list;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scale = Number(opt('--scale') ?? 1);
  const flapPeriod = opt('--flap-period-ms') === undefined ? undefined : Number(opt('--flap-period-ms'));

  // Built once: the bodies are the same for every request of a kind.
  const huge = Buffer.from(manySeries(Math.ceil(10.5e6 / 60)).slice(0, 10.5e6).replace(/[^\n]*$/, ''));
  const bomb = zlib.gzipSync(Buffer.alloc(100e6, 0x30), { level: 9 });
  const sockets = new Set();
  const servers = new Map();
  let polls = 0;

  function handler(ep) {
    return (req, res) => {
      polls++;
      const n = polls;
      const text = (body) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
      switch (ep.kind) {
        case 'healthy':
        case 'flapping':
          return text(healthyBody(n));
        case 'slow':
          return void setTimeout(() => text(healthyBody(n)), 300);
        case 'hanging':
          return; // never answers
        case 'huge':
          if (ep.index % 2 === 0) return res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': huge.length }).end(huge);
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          for (let at = 0; at < huge.length; at += 1 << 20) res.write(huge.subarray(at, at + (1 << 20)));
          return void res.end();
        case 'gzip-bomb':
          return res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb);
        case 'large':
          return text(manySeries(8000, n));
      }
    };
  }

  function listen(ep, port) {
    const server = http.createServer(handler(ep));
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    servers.set(ep.name, server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server.address().port));
    });
  }

  function close(ep) {
    const server = servers.get(ep.name);
    servers.delete(ep.name);
    if (!server) return Promise.resolve();
    // Refuse new connections at once; those in flight end with the process's other sockets.
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  }

  const endpoints = endpointsOf(scale, opt('--kinds')?.split(','));
  const ports = new Map();
  for (const ep of endpoints) ports.set(ep.name, await listen(ep, 0));
  const startedAt = Date.now();
  process.stdout.write(
    JSON.stringify({
      startedAt,
      flapPeriodMs: flapPeriod ?? null,
      endpoints: endpoints.map((ep) => ({ name: ep.name, kind: ep.kind, url: `http://127.0.0.1:${ports.get(ep.name)}/metrics` })),
    }) + '\n',
  );

  const flapping = endpoints.filter((ep) => ep.kind === 'flapping');
  const setUp = async (ep, up) => {
    if (up && !servers.has(ep.name)) await listen(ep, ports.get(ep.name));
    else if (!up && servers.has(ep.name)) await close(ep);
  };
  if (flapPeriod) {
    // Even periods up, odd periods down, from startedAt (bench/load.js computes the same).
    const tick = async () => {
      const up = Math.floor((Date.now() - startedAt) / flapPeriod) % 2 === 0;
      for (const ep of flapping) await setUp(ep, up).catch(() => undefined);
      setTimeout(tick, flapPeriod - ((Date.now() - startedAt) % flapPeriod) + 5);
    };
    setTimeout(tick, flapPeriod + 5);
  }
  let pending = '';
  process.stdin.on('data', async (d) => {
    pending += d.toString();
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const [verb, name] = pending.slice(0, nl).trim().split(/\s+/);
      pending = pending.slice(nl + 1);
      const ep = endpoints.find((e) => e.name === name);
      if (ep && (verb === 'up' || verb === 'down')) {
        await setUp(ep, verb === 'up');
        process.stdout.write(`ok ${name}\n`);
      }
    }
  });
  // The parent ends: so do the servers.
  process.stdin.on('end', () => process.exit(0));
}

module.exports = { MIX, healthyBody, manySeries };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
