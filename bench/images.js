#!/usr/bin/env node
// `node bench/images.js`: image properties per second, Drift Inspector (sharp/libvips decoding,
// one exact pass over the pixels: src/core/images) against its peer, Python + PIL + numpy
// computing the same properties (scripts/images/generate.py --bench), on 2 x 1,500 photo-sized
// images made from skimage's real photographs with a seed (scripts/images/make_bench.py). Also
// measures how far the two decoders' numbers are apart on every image (the JPEG bound the unit
// tests state). Writes bench/results-images.md. Needs `npm run compile-tests` (reads out/).
//
// Environment: BENCH_IMAGES (per side, default 1500), BENCH_REPEAT (default 3, best kept).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const COUNT = Number(process.env.BENCH_IMAGES ?? 1500);
const DATA = path.join(__dirname, 'data', COUNT === 1500 ? 'images' : `images-${COUNT}`);
const PYTHON = '/usr/bin/python3';
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const RESULTS = path.join(__dirname, 'results-images.md');

function log(msg) {
  process.stderr.write(`[bench:images] ${msg}\n`);
}

function ensureData() {
  if (fs.existsSync(path.join(DATA, 'current'))) return;
  log(`making 2 x ${COUNT} images in ${DATA} (seed 12)`);
  const r = spawnSync(PYTHON, [path.join(ROOT, 'scripts/images/make_bench.py'), DATA, String(COUNT), '12'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('make_bench.py failed (needs python3-pil python3-numpy python3-skimage)');
}

/** Ours, in a child process: { seconds, cpuSeconds, images, properties } for one folder. */
function ours(folder, concurrency) {
  const script = `
    const { measureImageSet } = require(${JSON.stringify(path.join(ROOT, 'out/src/core/images/read.js'))});
    const rows = {};
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    measureImageSet(${JSON.stringify(folder)}, (r) => { rows[r.file] = r.properties; }, (f, why) => { throw new Error(f + ': ' + why); }, { concurrency: ${concurrency} }).then(() => {
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      const c = process.cpuUsage(cpu);
      const out = { seconds, cpuSeconds: (c.user + c.system) / 1e6, images: Object.keys(rows).length, peakRssMB: process.memoryUsage.rss() / 1048576 };
      require('fs').writeFileSync(process.argv[1], JSON.stringify({ ...out, properties: rows }));
    });`;
  const dump = path.join(os.tmpdir(), `drift-bench-ours-${process.pid}.json`);
  const r = spawnSync(process.execPath, ['-e', script, dump], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, UV_THREADPOOL_SIZE: String(Math.max(4, concurrency)) } });
  if (r.status !== 0) throw new Error('our run failed');
  const result = JSON.parse(fs.readFileSync(dump, 'utf8'));
  fs.unlinkSync(dump);
  return result;
}

function peer(folder) {
  const dump = path.join(os.tmpdir(), `drift-bench-peer-${process.pid}.json`);
  const r = spawnSync(PYTHON, [path.join(ROOT, 'scripts/images/generate.py'), '--bench', folder, dump], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`peer failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout);
  result.properties = JSON.parse(fs.readFileSync(dump, 'utf8'));
  fs.unlinkSync(dump);
  return result;
}

const NUMERIC = ['aspect_ratio', 'megapixels', 'brightness', 'contrast', 'sharpness', 'mean_r', 'mean_g', 'mean_b', 'saturation'];
const EXACT = ['width', 'height', 'file_bytes', 'format', 'has_alpha', 'grayscale'];

/** Largest relative difference per property, JPEG and PNG apart; exact properties must be equal. */
function agreement(a, b) {
  const worst = { jpeg: {}, png: {} };
  let mismatches = 0;
  for (const [file, p] of Object.entries(a)) {
    const q = b[file];
    if (!q) throw new Error(`${file}: missing from the peer`);
    for (const k of EXACT) if (p[k] !== q[k]) mismatches++;
    const kind = p.format === 'jpeg' ? 'jpeg' : 'png';
    for (const k of NUMERIC) {
      const rel = Math.abs(p[k] - q[k]) / Math.max(Math.abs(q[k]), 1e-12);
      worst[kind][k] = Math.max(worst[kind][k] ?? 0, rel);
    }
  }
  return { worst, mismatches };
}

function main() {
  ensureData();
  const sides = ['reference', 'current'].map((s) => path.join(DATA, s));
  const runs = { one: [], two: [], peer: [] };
  let lastOurs;
  let lastPeer;
  for (let k = 0; k < REPEAT; k++) {
    for (const folder of sides) {
      const a = ours(folder, 1);
      runs.one.push({ ...a, folder });
      lastOurs = { ...(lastOurs ?? {}), ...Object.fromEntries(Object.entries(a.properties).map(([f, p]) => [`${path.basename(folder)}/${f}`, p])) };
      const b = ours(folder, 2);
      runs.two.push({ ...b, folder });
      const c = peer(folder);
      runs.peer.push({ ...c, folder });
      lastPeer = { ...(lastPeer ?? {}), ...Object.fromEntries(Object.entries(c.properties).map(([f, p]) => [`${path.basename(folder)}/${f}`, p])) };
      log(`${path.basename(folder)}: ours 1 core ${a.seconds.toFixed(2)} s, 2 cores ${b.seconds.toFixed(2)} s; peer ${c.seconds.toFixed(2)} s (${a.images} images)`);
    }
  }
  // Best of the repeats, per side, summed over both sides.
  const best = (list) => sides.reduce((s, f) => s + Math.min(...list.filter((r) => r.folder === f).map((r) => r.seconds)), 0);
  const bestCpu = (list) => sides.reduce((s, f) => s + Math.min(...list.filter((r) => r.folder === f).map((r) => r.cpuSeconds)), 0);
  const images = runs.one.filter((r) => r.folder === sides[0])[0].images + runs.one.filter((r) => r.folder === sides[1])[0].images;
  const oneWall = best(runs.one);
  const twoWall = best(runs.two);
  const peerWall = best(runs.peer);
  const rss = Math.max(...runs.one.concat(runs.two).map((r) => r.peakRssMB));
  const { worst, mismatches } = agreement(lastOurs, lastPeer);
  const mp = Object.values(lastOurs).reduce((s, p) => s + p.megapixels, 0) / images;
  const fmt = (x) => (x === 0 ? '0' : x.toExponential(1));
  const lines = [
    `# Image properties: Drift Inspector vs Python + PIL + numpy`,
    '',
    `${images} images (2 x ${COUNT}, ${mp.toFixed(2)} MP on average, 90% JPEG / 10% PNG) made by scripts/images/make_bench.py`,
    `(seed 12) from skimage's photographs; ${os.cpus().length} cores (${os.cpus()[0].model}), shared with other work. Best of ${REPEAT} runs per side.`,
    '',
    '| run | seconds | images/s | images/s per core | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    `| Drift Inspector, 1 image at a time (1 core) | ${oneWall.toFixed(2)} | ${(images / oneWall).toFixed(1)} | ${(images / oneWall).toFixed(1)} (${(images / bestCpu(runs.one)).toFixed(1)} per CPU-second) | ${rss.toFixed(0)} MB |`,
    `| Drift Inspector, 2 at a time (2 cores) | ${twoWall.toFixed(2)} | ${(images / twoWall).toFixed(1)} | ${(images / twoWall / 2).toFixed(1)} | |`,
    `| peer: PIL + numpy, one process (1 core) | ${peerWall.toFixed(2)} | ${(images / peerWall).toFixed(1)} | ${(images / peerWall).toFixed(1)} (${(images / bestCpu(runs.peer)).toFixed(1)} per CPU-second) | |`,
    '',
    `- per core: ${(bestCpu(runs.peer) / bestCpu(runs.one)).toFixed(2)} x the peer's speed in images per CPU-second, ${(peerWall / oneWall).toFixed(2)} x in wall time on one core (goal: at least 1)`,
    `- width, height, file_bytes, format, has_alpha, grayscale: ${mismatches === 0 ? 'equal on every image' : `${mismatches} differences`}`,
    `- largest relative difference from the peer, JPEG: ${NUMERIC.map((k) => `${k} ${fmt(worst.jpeg[k] ?? 0)}`).join(', ')}`,
    `- largest relative difference from the peer, PNG: ${NUMERIC.map((k) => `${k} ${fmt(worst.png[k] ?? 0)}`).join(', ')}`,
    '',
    'Every run, seconds (reference, current):',
    '',
    `- ours, 1 core: ${runs.one.map((r) => r.seconds.toFixed(2)).join(', ')}`,
    `- ours, 2 cores: ${runs.two.map((r) => r.seconds.toFixed(2)).join(', ')}`,
    `- peer: ${runs.peer.map((r) => r.seconds.toFixed(2)).join(', ')}`,
    '',
  ];
  fs.writeFileSync(RESULTS, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

main();
