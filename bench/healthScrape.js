#!/usr/bin/env node
// The Health view's cost per large scrape (issue 13): five endpoints of 8,000 series each, every
// scrape parsed and turned into a health report as EndpointMonitor does, with the series heads of
// src/core/prom/exposition/text/seriesHeads.ts and without them (alternated). Prints CPU ms per
// scrape and the collector's share. Not a test; needs `npm run compile-tests` first.
//   node --expose-gc bench/healthScrape.js [scrapes per round, default 200]
'use strict';

const path = require('node:path');
const { performance, PerformanceObserver } = require('node:perf_hooks');

const OUT = path.join(__dirname, '..', 'out', 'src', 'core');
const { parseScrapeInSlices } = require(path.join(OUT, 'health/parsedScrape.js'));
const { computeHealthInSlices } = require(path.join(OUT, 'health/healthReport.js'));
const { SeriesHeads } = require(path.join(OUT, 'prom/exposition/text/seriesHeads.js'));

const TEXT = 'text/plain; version=0.0.4';
const ENDPOINTS = 5;

/** The large endpoints of bench/loadEndpoints.js: one counter family, values growing per scrape. */
function body(n) {
  const lines = ['# HELP app_items_total Items by shard.', '# TYPE app_items_total counter'];
  for (let i = 0; i < 8000; i++) lines.push(`app_items_total{shard="s${i % 64}",item="item-${i}",region="eu-west-${i % 3}"} ${i * 7 + n}`);
  return lines.join('\n') + '\n';
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

async function round(scrapes, withHeads) {
  const heads = Array.from({ length: ENDPOINTS }, () => (withHeads ? new SeriesHeads() : undefined));
  const previous = [];
  const bodies = Array.from({ length: 4 }, (_, n) => body(n));
  global.gc?.();
  gcMs = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < scrapes; i++) {
    const e = i % ENDPOINTS;
    const parsed = await parseScrapeInSlices(bodies[i % bodies.length], TEXT, Date.now(), heads[e]);
    await computeHealthInSlices(previous[e], parsed, {});
    previous[e] = parsed;
  }
  const used = process.cpuUsage(cpu);
  await new Promise((r) => setTimeout(r, 10)); // the last gc entries
  return { cpu: (used.user + used.system) / 1000 / scrapes, wall: (performance.now() - t) / scrapes, gc: gcMs / scrapes };
}

async function main() {
  const scrapes = Number(process.argv[2] ?? 200);
  const rows = { with: [], without: [] };
  for (let r = 0; r < 3; r++) {
    rows.without.push(await round(scrapes, false));
    rows.with.push(await round(scrapes, true));
  }
  const median = (xs, k) => xs.map((x) => x[k]).sort((a, b) => a - b)[1];
  for (const [name, list] of Object.entries(rows)) {
    process.stdout.write(`${name} series heads: ${median(list, 'cpu').toFixed(1)} ms CPU per scrape, ${median(list, 'wall').toFixed(1)} ms wall, ${median(list, 'gc').toFixed(1)} ms in the collector (median of 3 rounds of ${scrapes})\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
