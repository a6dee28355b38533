#!/usr/bin/env node
// `npm run bench`: Drift Inspector against its peer (pandas + scipy doing what Evidently does by
// default) on the same files, in the same run, on this machine. Not a test: it prints a table and
// writes bench/results.md (quoted by the README). See the README's "Performance" section.
//
// Environment: BENCH_REPEAT (default 5) runs per case, interleaved with the peer's, best kept;
// BENCH_CASES (comma list: flights, timeline, wide, small) to run only some cases (written to
// bench/results-<cases>.md).
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DATA = path.join(__dirname, 'data');
const TMP = path.join(__dirname, 'results', 'tmp');
// A run of only some cases writes its own file, so the full run's results.md stays whole.
const RESULTS = path.join(__dirname, process.env.BENCH_CASES ? `results-${process.env.BENCH_CASES.replace(/[^a-z0-9]+/gi, '-')}.md` : 'results.md');
const KEPT_SECTION = '## Measurements behind tuning choices';
const PYTHON = '/usr/bin/python3';
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));
const ONLY = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(',')) : undefined;
const CASES = ['flights', 'timeline', 'wide', 'small'];

const USAGE = `usage: npm run bench [-- --help]

Runs Drift Inspector and its peer (pandas + scipy doing what Evidently does) on the same files,
prints the table and writes bench/results.md. Takes many minutes; builds dist/ and prepares
bench/data/ first. Takes no arguments; set instead:
  BENCH_REPEAT=N        runs per case, interleaved with the peer's, best kept (default 5)
  BENCH_CASES=a,b       only these cases (${CASES.join(', ')}), written to bench/results-<cases>.md
`;

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

// ---- prerequisites ------------------------------------------------------------------------------

/** The peer needs Debian's pandas and scipy; install them when missing (and say so). */
function ensurePeer() {
  const ok = () => spawnSync(PYTHON, ['-c', 'import pandas, scipy'], { stdio: 'ignore' }).status === 0;
  if (fs.existsSync(PYTHON) && ok()) return true;
  log('python3-pandas / python3-scipy missing: installing them with apt-get (Debian packages)');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (args) => spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['update']).status === 0 && apt(['install', '-y', '--no-install-recommends', 'python3', 'python3-pandas', 'python3-scipy']).status === 0 && ok()) {
    log('installed python3-pandas and python3-scipy');
    return true;
  }
  log('could not install them: the peer columns stay empty (install python3-pandas python3-scipy and run again)');
  return false;
}

function ensureBuild() {
  log('building dist/ (npm run build)');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function ensureData() {
  execFileSync(process.execPath, [path.join(__dirname, 'prepare-data.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

// ---- measuring ------------------------------------------------------------------------------------

/** One run of a command: wall seconds and peak RSS of the process (os.wait4), and its stdout. */
function measure(cmd, outFile) {
  const r = spawnSync(PYTHON, [path.join(__dirname, 'measure.py'), outFile, '--', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`measure failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  if (m.exit !== 0) throw new Error(`${cmd.join(' ')} exited with ${m.exit}`);
  return { wall: m.wall, rssMB: m.maxrss_kb / 1024 };
}

const CLI = path.join(ROOT, 'dist', 'cli.js');

function ours(ref, cur, extra = []) {
  return (out) => [process.execPath, CLI, 'compare', ref, cur, '--format', 'json', '--out', out, ...extra];
}

function oursTimeline(ref, cur, extra = []) {
  return (out) => [process.execPath, CLI, 'timeline', ref, cur, '--period', '1d', '--format', 'json', '--out', out, ...extra];
}

function peerTimeline(ref, cur, columns) {
  return () => [PYTHON, path.join(__dirname, 'peer_timeline.py'), ref, cur, 'date', columns ?? ''];
}

/** A timeline against the peer's per-day results: chunks matched by start, then columns with the same test. */
function timelineAgreement(report, peerOut) {
  const byStart = new Map(peerOut.chunks.map((c) => [c.start, c]));
  let same = 0;
  let compared = 0;
  const worst = [];
  for (const chunk of report.chunks) {
    const p = byStart.get(chunk.start);
    if (!p || p.rows !== chunk.rows) {
      worst.push(`chunk ${chunk.start}: ${p ? `${p.rows} rows in the peer, ${chunk.rows} here` : 'not in the peer'}`);
      continue;
    }
    for (const c of chunk.columns) {
      const q = p.columns[c.name];
      if (!q || c.test === null || c.score === null || q.test !== c.test) continue;
      compared++;
      const diff = Math.abs(c.score - q.score);
      if (diff <= 1e-9 || diff <= 1e-6 * Math.abs(q.score)) same++;
      else if (worst.length < 5) worst.push(`chunk ${chunk.start} ${c.name}: ${c.score} vs ${q.score}`);
    }
  }
  return { same, compared, worst };
}

function peer(ref, cur, columns) {
  return () => [PYTHON, path.join(__dirname, 'peer.py'), ref, cur, columns ?? ''];
}

/**
 * Runs `ours` and the peer alternately REPEAT times and keeps each one's best wall time and
 * lowest peak memory (the machine is shared: the minimum is the least disturbed run).
 */
function runCase(name, oursCmd, peerCmd, { setup } = {}) {
  const best = { ours: undefined, peer: undefined };
  const files = { ours: path.join(TMP, `${name}.json`), peer: path.join(TMP, `${name}.peer.json`) };
  for (let i = 0; i < REPEAT; i++) {
    setup?.(i);
    for (const who of peerCmd ? ['ours', 'peer'] : ['ours']) {
      const cmd = who === 'ours' ? oursCmd(files.ours) : peerCmd();
      const out = who === 'ours' ? path.join(TMP, `${name}.stdout`) : files.peer;
      const m = measure(cmd, out);
      const b = best[who];
      best[who] = b ? { wall: Math.min(b.wall, m.wall), rssMB: Math.min(b.rssMB, m.rssMB), walls: [...b.walls, m.wall] } : { ...m, walls: [m.wall] };
    }
  }
  // Every run's time, so the spread behind the best is visible.
  const walls = (who) => (best[who] ? best[who].walls.map((w) => w.toFixed(2)).join(' ') : '');
  log(`  ${name}: ours ${walls('ours')}${peerCmd ? ` | peer ${walls('peer')}` : ''} (s)`);
  const report = JSON.parse(fs.readFileSync(files.ours, 'utf8'));
  const peerOut = peerCmd ? JSON.parse(fs.readFileSync(files.peer, 'utf8')) : undefined;
  return { name, ours: best.ours, peer: best.peer, report, peerOut, reportBytes: fs.statSync(files.ours).size };
}

/** Columns where both chose the same test: do the scores agree (1e-9 absolute or 1e-6 relative)? */
function agreement(report, peerOut) {
  if (!peerOut) return undefined;
  let same = 0;
  let compared = 0;
  const worst = [];
  for (const c of report.columns) {
    const p = peerOut.columns[c.name];
    if (!p || c.test === null || p.test !== c.test) continue;
    compared++;
    const diff = Math.abs(c.score - p.score);
    if (diff <= 1e-9 || diff <= 1e-6 * Math.abs(p.score)) same++;
    else worst.push(`${c.name}: ${c.score} vs ${p.score}`);
  }
  return { same, compared, peerTested: Object.keys(peerOut.columns).length, worst };
}

// ---- the cases ------------------------------------------------------------------------------------

function d(name) {
  return path.join(DATA, name);
}

/** The columns our engine tested, for the peer (so both test the same columns: see the README). */
function testedColumns(report) {
  return report.columns.filter((c) => c.test !== null).map((c) => c.name).join(',');
}

function main() {
  fs.mkdirSync(TMP, { recursive: true });
  const havePeer = ensurePeer();
  ensureBuild();
  ensureData();
  const want = (c) => !ONLY || ONLY.has(c);
  const results = [];
  const probe = (ref, cur) => {
    const out = path.join(TMP, 'probe.json');
    measure(ours(ref, cur)(out), path.join(TMP, 'probe.stdout'));
    return testedColumns(JSON.parse(fs.readFileSync(out, 'utf8')));
  };
  const peerFor = (ref, cur, cols) => (havePeer ? peer(ref, cur, cols) : undefined);

  if (want('flights')) {
    log('flights-3m halves: CSV');
    const [ref, cur] = [d('flights-reference.csv'), d('flights-current.csv')];
    results.push({ label: 'flights 2 x 1.5M rows, CSV', ...runCase('flights-csv', ours(ref, cur), peerFor(ref, cur, probe(ref, cur))), input: 'csv' });
    log('flights-3m halves: Parquet (the peer reads the CSV: Debian has no pyarrow)');
    results.push({ label: 'flights, Parquet', ...runCase('flights-parquet', ours(d('flights-reference.parquet'), d('flights-current.parquet')), undefined), input: 'parquet' });
    log('flights: reference from the profile cache');
    const cache = path.join(TMP, 'cache');
    fs.rmSync(cache, { recursive: true, force: true });
    measure(ours(ref, cur, ['--cache', cache])(path.join(TMP, 'warm.json')), path.join(TMP, 'warm.stdout'));
    results.push({ label: 'flights, CSV, reference cached (--cache)', ...runCase('flights-cached', ours(ref, cur, ['--cache', cache]), undefined), input: 'csv' });
    log('flights: reference profile file (drift-inspect profile, made once) against the current CSV');
    const profileFile = path.join(TMP, 'flights-reference.driftprofile');
    execFileSync(process.execPath, [CLI, 'profile', ref, '--out', profileFile], { stdio: ['ignore', 'ignore', 'inherit'] });
    results.push({ label: 'flights, reference profile file, current CSV', ...runCase('flights-profile', ours(profileFile, cur), undefined), input: 'csv' });
    log('flights: --sample 100000');
    results.push({ label: 'flights, CSV, --sample 100000', ...runCase('flights-sample', ours(ref, cur, ['--sample', '100000']), undefined), input: 'csv' });
  }
  if (want('timeline')) {
    log('timeline: flights halves by day (~90 chunks) against the peer grouping by day, and against our single comparison');
    const [ref, cur] = [d('flights-reference.csv'), d('flights-current.csv')];
    const cols = probe(ref, cur);
    const r = runCase('timeline-flights', oursTimeline(ref, cur), havePeer ? peerTimeline(ref, cur, cols) : undefined);
    const single = results.find((x) => x.name === 'flights-csv') ?? { ours: runCase('flights-csv-single', ours(ref, cur), undefined).ours };
    results.push({ label: `timeline: flights by day (${r.report.chunks.length} chunks), CSV`, ...r, timeline: true, single: single.ours, input: 'csv' });
  }
  if (want('wide')) {
    log('wide: 200 columns x 100,000 rows per file, CSV');
    const [ref, cur] = [d('wide-reference.csv'), d('wide-current.csv')];
    results.push({ label: 'wide 200 cols x 2 x 100k rows, CSV', ...runCase('wide-csv', ours(ref, cur), peerFor(ref, cur, probe(ref, cur))), input: 'csv', wide: true });
    results.push({ label: 'wide, Parquet', ...runCase('wide-parquet', ours(d('wide-reference.parquet'), d('wide-current.parquet')), undefined), input: 'parquet', wide: true });
  }
  if (want('small')) {
    for (const name of ['cars', 'weather', 'penguins', 'flights5k']) {
      log(`small real pair: ${name}`);
      const [ref, cur] = [d(`${name}-reference.csv`), d(`${name}-current.csv`)];
      results.push({ label: `${name} (small, real)`, ...runCase(`small-${name}`, ours(ref, cur), peerFor(ref, cur, probe(ref, cur))), input: 'csv' });
    }
  }
  write(results);
}

// ---- output ------------------------------------------------------------------------------------

function machine() {
  const py = spawnSync(PYTHON, ['-c', 'import pandas, scipy, numpy; print(pandas.__version__, scipy.__version__, numpy.__version__)'], { encoding: 'utf8' });
  const [pandas, scipy, numpy] = (py.stdout || '? ? ?').trim().split(' ');
  return {
    cpus: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGB: (os.totalmem() / 2 ** 30).toFixed(1),
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    node: process.version,
    pandas,
    scipy,
    numpy,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}

function fmt(x, digits = 2) {
  return x === undefined ? '' : x.toFixed(digits);
}

function write(results) {
  const m = machine();
  const flightsCsv = results.find((r) => r.name === 'flights-csv');
  const rows = results.map((r) => {
    const a = r.timeline ? (r.peerOut ? timelineAgreement(r.report, r.peerOut) : undefined) : agreement(r.report, r.peerOut);
    const base = r.peer ?? (r.name.startsWith('flights') ? flightsCsv?.peer : undefined);
    return [
      r.label,
      fmt(r.ours.wall),
      fmt(r.ours.rssMB, 0),
      r.peer ? fmt(r.peer.wall) : base && r.peer === undefined && r.name !== 'flights-csv' ? `(${fmt(base.wall)})` : '',
      r.peer ? fmt(r.peer.rssMB, 0) : base ? `(${fmt(base.rssMB, 0)})` : '',
      base ? fmt(r.ours.wall / base.wall, 3) : '',
      base ? fmt(r.ours.rssMB / base.rssMB, 2) : '',
      a ? `${a.same}/${a.compared}` : '',
      `${(r.reportBytes / 1024).toFixed(0)} KB`,
    ];
  });
  const header = ['case', 'ours s', 'ours MB', 'peer s', 'peer MB', 'time ratio', 'memory ratio', 'same scores', 'report'];
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

  const goals = [];
  if (flightsCsv?.peer) {
    const t = flightsCsv.ours.wall / flightsCsv.peer.wall;
    const mem = flightsCsv.ours.rssMB / flightsCsv.peer.rssMB;
    goals.push(`- flights CSV end to end: ${fmt(t, 3)} x the peer's time (goal <= 0.15): ${t <= 0.15 ? 'met' : 'NOT met'}`);
    goals.push(`- flights CSV peak memory: ${fmt(mem, 2)} x the peer's (goal <= 0.5): ${mem <= 0.5 ? 'met' : 'NOT met'}`);
  }
  const fromProfile = results.find((r) => r.name === 'flights-profile');
  if (fromProfile && flightsCsv?.peer) {
    const t = fromProfile.ours.wall / flightsCsv.peer.wall;
    goals.push(`- flights against a reference profile file: ${fmt(t, 3)} x the peer's time on the two CSVs (goal <= 0.12): ${t <= 0.12 ? 'met' : 'NOT met'}`);
  }
  const pq = results.find((r) => r.name === 'flights-parquet');
  if (pq && flightsCsv) goals.push(`- Parquet ${fmt(pq.ours.wall)} s vs CSV ${fmt(flightsCsv.ours.wall)} s for the same data (goal: Parquet not slower): ${pq.ours.wall <= flightsCsv.ours.wall ? 'met' : 'NOT met'}`);
  const wide = results.find((r) => r.name === 'wide-csv');
  if (wide) {
    const cols = wide.report.columns;
    // Bytes the columns themselves take: 8 per number, 4 per code, both files.
    const rowsBoth = wide.report.reference.rows + wide.report.current.rows;
    const numeric = cols.filter((c) => c.reference && 'mean' in c.reference).length;
    const dataMB = (rowsBoth * (numeric * 8 + (cols.length - numeric) * 4)) / 2 ** 20;
    if (wide.peer) goals.push(`- wide case: ${fmt(wide.ours.wall / wide.peer.wall, 3)} x the peer's time (goal <= 0.2): ${wide.ours.wall / wide.peer.wall <= 0.2 ? 'met' : 'NOT met'}`);
    goals.push(`- wide case: peak ${fmt(wide.ours.rssMB, 0)} MB for ${fmt(dataMB, 0)} MB of column data (${fmt(wide.ours.rssMB / dataMB, 2)} x the columns' bytes)`);
    const per50 = (wide.reportBytes / cols.length) * 50;
    goals.push(`- report size: ${fmt(wide.reportBytes / 1024, 0)} KB for ${cols.length} columns, ${fmt(per50 / 1024, 0)} KB per 50 columns (goal <= 1 MB): ${per50 <= 2 ** 20 ? 'met' : 'NOT met'}`);
  }
  const sample = results.find((r) => r.name === 'flights-sample');
  if (sample && flightsCsv) goals.push(`- the report does not grow with rows: ${fmt(flightsCsv.reportBytes / 1024, 1)} KB for 2 x 1.5M rows, ${fmt(sample.reportBytes / 1024, 1)} KB for 2 x 100k sampled rows`);
  const tl = results.find((r) => r.timeline);
  if (tl) {
    if (tl.peer) goals.push(`- timeline, flights by day: ${fmt(tl.ours.wall / tl.peer.wall, 3)} x the peer's time (goal <= 0.2): ${tl.ours.wall / tl.peer.wall <= 0.2 ? 'met' : 'NOT met'}`);
    goals.push(`- timeline, flights by day: ${fmt(tl.ours.wall / tl.single.wall, 2)} x our single comparison of the same files (${fmt(tl.ours.wall)} s vs ${fmt(tl.single.wall)} s; goal <= 1.5): ${tl.ours.wall / tl.single.wall <= 1.5 ? 'met' : 'NOT met'}`);
  }
  const mismatches = results.flatMap((r) => (r.timeline ? (r.peerOut ? timelineAgreement(r.report, r.peerOut) : undefined) : agreement(r.report, r.peerOut))?.worst.map((w) => `${r.label}: ${w}`) ?? []);

  const text = `# Benchmark results

Written by \`npm run bench\` (bench/run.js); do not edit by hand, except the last section. Each case ran ${REPEAT} times,
alternating with the peer; the table keeps each side's best wall time and lowest peak memory (the
machine is shared, so the least disturbed run is the fairest). Wall time is the whole process
(start-up included) measured from outside, peak memory is the process's maximum resident set
(os.wait4), worker threads included.

Machine: ${m.cpus} cores (${m.cpu}), ${m.memoryGB} GB memory, load average at the end ${m.load};
Node ${m.node}; peer: Python with pandas ${m.pandas}, scipy ${m.scipy}, numpy ${m.numpy} (Debian). ${m.date} UTC.

${table}

Peer values in parentheses are the CSV run of the same data (the peer cannot read Parquet: Debian
has no pyarrow). "same scores": columns where both chose the same test and the scores agree to
1e-9 absolute or 1e-6 relative, out of those compared.

${goals.join('\n')}

Every run, in seconds (the spread shows how noisy the machine was):

${results.map((r) => `- ${r.label}: ours ${r.ours.walls.map((w) => fmt(w, 2)).join(', ')}${r.peer ? `; peer ${r.peer.walls.map((w) => fmt(w, 2)).join(', ')}` : ''}`).join('\n')}
${mismatches.length ? `\nScores that differ:\n${mismatches.map((x) => `- ${x}`).join('\n')}\n` : ''}`;
  // The last section is kept by hand (measurements behind tuning choices cited from code comments).
  const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
  const kept = previous.indexOf(KEPT_SECTION);
  fs.writeFileSync(RESULTS, kept >= 0 ? `${text.trimEnd()}\n\n${previous.slice(kept)}` : text);
  process.stdout.write(`\n${table}\n\n${goals.join('\n')}\n${mismatches.length ? mismatches.join('\n') + '\n' : ''}\nwritten to ${path.relative(ROOT, RESULTS)}\n`);
}

// Arguments are only ever a request for help: anything else is a mistake, said before the long run starts.
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) process.stdout.write(USAGE);
else if (args.length > 0) {
  process.stderr.write(`[bench] unknown argument ${JSON.stringify(args[0])}\n\n${USAGE}`);
  process.exitCode = 2;
} else if (ONLY && [...ONLY].some((c) => !CASES.includes(c))) {
  process.stderr.write(`[bench] BENCH_CASES=${process.env.BENCH_CASES}: unknown case ${[...ONLY].find((c) => !CASES.includes(c))}\n\n${USAGE}`);
  process.exitCode = 2;
} else main();
