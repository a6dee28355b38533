#!/usr/bin/env node
// `npm run bench:sources`: the flights halves (2 x 1.5M rows, bench/prepare-data.mjs) through each
// source engine, side by side with the native reader on the same data in one run: DuckDB over the
// CSV and Parquet files, a two-shard ClickHouse cluster (Distributed table) and PostgreSQL 15 (each
// side one GROUP BY query), then `timeline --period 1d` natively and in each engine, each
// started here on loopback (scripts/clickhouse, scripts/postgres) and stopped by PID. Prints a table
// and writes bench/results-sources.md. Times are wall seconds of `drift-inspect compare` (best of
// BENCH_REPEAT, default 3); memory is the peak RSS of the whole process tree (our process plus the
// DuckDB child), sampled from /proc every 20 ms. Loading the servers is timed separately.
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startClickHouseCluster } = require('../scripts/clickhouse/start-clickhouse.js');
const { startPostgres } = require('../scripts/postgres/start-postgres.js');
const { provisionSourceServers } = require('../scripts/sources-provision.js');

const ROOT = path.join(__dirname, '..');
const DATA = path.join(__dirname, 'data');
const TMP = path.join(__dirname, 'results', 'tmp');
const RESULTS = path.join(__dirname, 'results-sources.md');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

function log(msg) {
  process.stderr.write(`[bench sources] ${msg}\n`);
}

/** Resident memory (kB) of a process and all its descendants, read from /proc. */
function treeRssKb(root) {
  const children = new Map();
  const rss = new Map();
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      rss.set(Number(pid), Number(fields[21]) * 4);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** One run (`compare`, or `timeline` when args start with it): wall seconds, peak tree RSS (MB), the report. */
function runOnce(args, env = {}) {
  return new Promise((resolve, reject) => {
    const out = path.join(TMP, 'sources.json');
    const start = process.hrtime.bigint();
    const command = args[0] === 'timeline' ? [] : ['compare'];
    const child = spawn(process.execPath, [CLI, ...command, ...args, '--format', 'json', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid))), 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) return reject(new Error(`drift-inspect exited ${code}: ${stderr}`));
      resolve({ wall, rssMB: peak / 1024, report: JSON.parse(fs.readFileSync(out, 'utf8')) });
    });
  });
}

async function runCase(name, args, env) {
  let best;
  const walls = [];
  for (let i = 0; i < REPEAT; i++) {
    const m = await runOnce(args, env);
    walls.push(m.wall);
    best = best ? { ...m, wall: Math.min(best.wall, m.wall), rssMB: Math.min(best.rssMB, m.rssMB) } : m;
  }
  log(`  ${name}: ${walls.map((w) => w.toFixed(2)).join(' ')} s`);
  return { name, ...best, walls };
}

/** Columns whose test, score (1e-9 absolute or 1e-6 relative) and verdict equal the native run's. */
function agreement(report, native) {
  let same = 0;
  let compared = 0;
  for (const n of native.columns) {
    if (n.test === null) continue;
    compared++;
    const c = report.columns.find((x) => x.name === n.name);
    if (!c || c.test !== n.test || c.drifted !== n.drifted) continue;
    const diff = Math.abs(c.score - n.score);
    if (diff <= 1e-9 || diff <= 1e-6 * Math.abs(n.score)) same++;
  }
  return `${same}/${compared}`;
}

/** Timeline cells (chunk x tested column) whose test, score and verdict equal the native timeline's; chunks must match. */
function timelineAgreement(report, native) {
  if (report.chunks.length !== native.chunks.length) return `${report.chunks.length} vs ${native.chunks.length} chunks`;
  let same = 0;
  let compared = 0;
  native.chunks.forEach((n, i) => {
    const o = report.chunks[i];
    for (const nc of n.columns) {
      if (nc.test === null) continue;
      compared++;
      const oc = o.columns.find((c) => c.name === nc.name);
      if (!oc || oc.test !== nc.test || oc.drifted !== nc.drifted || o.start !== n.start || o.rows !== n.rows) continue;
      const diff = Math.abs(oc.score - nc.score);
      if (diff <= 1e-9 || diff <= 1e-6 * Math.abs(nc.score)) same++;
    }
  });
  return `${same}/${compared}`;
}

const TYPES = { pg: ['timestamp', 'bigint', 'bigint', 'text', 'text'], ch: ['DateTime', 'Int64', 'Int64', 'String', 'String'] };

async function main() {
  fs.mkdirSync(TMP, { recursive: true });
  provisionSourceServers(log);
  log('building dist/ (npm run build)');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [path.join(__dirname, 'prepare-data.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const csv = (side) => path.join(DATA, `flights-${side}.csv`);
  const parquet = (side) => path.join(DATA, `flights-${side}.parquet`);
  const header = fs.readFileSync(csv('reference'), 'utf8').slice(0, 200).split('\n')[0].split(',');

  log('starting a two-shard ClickHouse cluster and PostgreSQL 15 on 127.0.0.1');
  const [ch, pg] = await Promise.all([startClickHouseCluster(), startPostgres()]);
  const loads = [];
  try {
    // PostgreSQL: COPY from the CSV (the server reads it as the postgres user: a readable copy).
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-bench-'));
    fs.chmodSync(pgDir, 0o755);
    for (const side of ['reference', 'current']) {
      const copy = path.join(pgDir, `${side}.csv`);
      fs.copyFileSync(csv(side), copy);
      fs.chmodSync(copy, 0o644);
      const cols = header.map((h, i) => `"${h}" ${TYPES.pg[i]}`).join(', ');
      const t0 = Date.now();
      pg.psql(`CREATE TABLE flights_${side} (${cols})`);
      pg.psql(`COPY flights_${side} FROM '${copy}' WITH (FORMAT csv, HEADER true)`);
      pg.psql(`ANALYZE flights_${side}`);
      loads.push(`PostgreSQL ${side}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    fs.rmSync(pgDir, { recursive: true, force: true });
    // ClickHouse: each shard gets every other line of the CSV (CSVWithNames), then a Distributed table.
    const chCols = header.map((h, i) => `\`${h}\` ${TYPES.ch[i]}`).join(', ');
    for (const side of ['reference', 'current']) {
      const lines = fs.readFileSync(csv(side), 'utf8').split('\n').slice(1).filter(Boolean);
      const t0 = Date.now();
      for (const [i, s] of ch.shards.entries()) {
        await post(s.httpPort, `CREATE TABLE flights_${side}_local (${chCols}) ENGINE = MergeTree ORDER BY tuple()`);
        await post(s.httpPort, `INSERT INTO flights_${side}_local FORMAT CSV\n${lines.filter((_, r) => r % 2 === i).join('\n')}\n`);
      }
      for (const s of ch.shards) await post(s.httpPort, `CREATE TABLE flights_${side} AS flights_${side}_local ENGINE = Distributed(${ch.cluster}, default, flights_${side}_local)`);
      loads.push(`ClickHouse ${side}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const pgUri = (side) => `postgres://postgres@127.0.0.1:${pg.port}/postgres?table=flights_${side}`;
    const chUri = (side) => `clickhouse://127.0.0.1:${ch.shards[0].httpPort}/default?table=flights_${side}`;

    const results = [];
    const native = await runCase('native, CSV', [csv('reference'), csv('current'), '--engine', 'native']);
    results.push(native);
    results.push(await runCase('native, Parquet', [parquet('reference'), parquet('current'), '--engine', 'native']));
    results.push(await runCase('DuckDB, CSV', [csv('reference'), csv('current'), '--engine', 'duckdb']));
    results.push(await runCase('DuckDB, Parquet', [parquet('reference'), parquet('current'), '--engine', 'duckdb']));
    results.push(await runCase('ClickHouse, Distributed table on 2 shards', [chUri('reference'), chUri('current')]));
    results.push(await runCase('PostgreSQL 15 table', [pgUri('reference'), pgUri('current')]));
    // Larger than memory for the native reader's budget: 10 Parquet files per side, the flights half
    // repeated (15M rows per side), through DuckDB with its default 512 MB memory_limit.
    const lake = (side) => {
      const dir = path.join(DATA, 'lake', side);
      fs.mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 10; i++) {
        const f = path.join(dir, `part-${i}.parquet`);
        if (!fs.existsSync(f)) fs.copyFileSync(parquet(side), f);
      }
      return path.join(dir, '*.parquet');
    };
    results.push(await runCase('lake: 10 Parquet files per side (15M rows), DuckDB glob', [lake('reference'), lake('current')]));

    // Timeline by day on the current half: the native reader cuts rows; the engines group by (day, column, value).
    const timelines = [];
    const byDay = ['--period', '1d'];
    const nativeTimeline = await runCase('timeline by day, native CSV', ['timeline', csv('reference'), csv('current'), ...byDay, '--engine', 'native']);
    timelines.push(nativeTimeline);
    timelines.push(await runCase('timeline by day, DuckDB Parquet', ['timeline', parquet('reference'), parquet('current'), ...byDay, '--engine', 'duckdb']));
    timelines.push(await runCase('timeline by day, ClickHouse Distributed', ['timeline', chUri('reference'), chUri('current'), ...byDay]));
    timelines.push(await runCase('timeline by day, PostgreSQL', ['timeline', pgUri('reference'), pgUri('current'), ...byDay]));

    const rows = results.map((r) => `| ${r.name} | ${r.wall.toFixed(2)} | ${Math.round(r.rssMB)} | ${(r.wall / native.wall).toFixed(2)} | ${agreement(r.report, native.report)} |`);
    const text = [
      '# Sources bench (bench/sources.js)',
      '',
      `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB; Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
      `flights halves: 2 x 1.5M rows (bench/prepare-data.mjs). Best of ${REPEAT} runs; MB = peak RSS of the process tree (ours + the DuckDB child).`,
      'The servers run on the same 2 cores; their memory is not in MB (their own processes). "same scores": tested columns whose test, score and verdict equal the native CSV run\'s',
      '(the lake repeats each half 10 times, so its empirical distributions and scores are the halves\').',
      'The peer (pandas + scipy, bench/run.js) cannot read Parquet here (Debian has no pyarrow) and would hold all 30M rows in memory.',
      '',
      '| engine | s | MB | time vs native CSV | same scores |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Timeline by day of the current half (${nativeTimeline.report.chunks.length} chunks): each engine groups by (day, column, value) in one query; "same cells": chunk x tested column cells whose test, score and verdict equal the native timeline's.`,
      '',
      '| timeline | s | MB | time vs native timeline | same cells |',
      '| --- | --- | --- | --- | --- |',
      ...timelines.map((r) => `| ${r.name} | ${r.wall.toFixed(2)} | ${Math.round(r.rssMB)} | ${(r.wall / nativeTimeline.wall).toFixed(2)} | ${timelineAgreement(r.report, nativeTimeline.report)} |`),
      '',
      `Loading (not in the times above): ${loads.join('; ')}.`,
      '',
      'Every run, in seconds:',
      '',
      ...[...results, ...timelines].map((r) => `- ${r.name}: ${r.walls.map((w) => w.toFixed(2)).join(', ')}`),
      '',
    ].join('\n');
    fs.writeFileSync(RESULTS, text);
    process.stdout.write(text);
  } finally {
    await Promise.all([ch.stop(), pg.stop()]);
  }
}

function post(port, body) {
  return new Promise((resolve, reject) => {
    const req = require('node:http').request({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (res) => {
      let text = '';
      res.on('data', (b) => (text += b));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`ClickHouse: ${text.slice(0, 300)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exitCode = 1;
});
