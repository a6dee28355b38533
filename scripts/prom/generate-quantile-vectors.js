#!/usr/bin/env node
// Writes test/fixtures/prom/quantile-vectors.json: random classic histograms and quantiles with the
// answer of a real PromQL engine, `promtool test rules` (Debian's prometheus 2.42 package):
//   node scripts/prom/generate-quantile-vectors.js
// promtool prints the value it got when the expected one differs, so every case expects NaN-less
// nonsense and the printed value is recorded.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const cases = [];
for (let i = 0; i < 150; i++) {
  const n = 1 + Math.floor(random() * 6);
  const bounds = new Set();
  while (bounds.size < n) bounds.add(pick([-1, 0, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]));
  const sorted = [...bounds].sort((a, b) => a - b);
  let count = 0;
  const buckets = sorted.map((le) => {
    // Mostly cumulative, sometimes a dip (a scrape race) or no traffic at all.
    count += random() < 0.15 ? -Math.floor(random() * 3) : Math.floor(random() * (random() < 0.1 ? 1 : 40));
    return { le: String(le), count: Math.max(0, count) };
  });
  if (random() < 0.9) buckets.push({ le: '+Inf', count: count + Math.floor(random() * 10) });
  // "1" and "1.0" are the same bound written twice: PromQL merges them.
  if (random() < 0.1 && buckets.some((b) => b.le === '1')) buckets.push({ le: '1.0', count: 3 });
  const q = pick([0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1, -0.5, 1.5]);
  cases.push({ name: `h${i}`, q, buckets });
}

const yaml = [
  'rule_files: []',
  'evaluation_interval: 1m',
  'tests:',
  '  - interval: 1m',
  '    input_series:',
  ...cases.flatMap((c) => c.buckets.flatMap((b) => [`      - series: '${c.name}_bucket{le="${b.le}"}'`, `        values: '${b.count}'`])),
  '    promql_expr_test:',
  ...cases.flatMap((c) => [
    `      - expr: histogram_quantile(${c.q}, ${c.name}_bucket)`,
    '        eval_time: 0m',
    "        exp_samples: [{labels: '{}', value: 123456789}]",
  ]),
].join('\n');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quantiles-'));
const file = path.join(dir, 'test.yml');
fs.writeFileSync(file, yaml + '\n');
let output = '';
try {
  execFileSync('promtool', ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
} catch (e) {
  output = String(e.stdout) + String(e.stderr);
}
fs.rmSync(dir, { recursive: true });

const got = new Map();
const re = /expr: "histogram_quantile\(([^,]+), (h\d+)_bucket\)", time: 0s,\s+exp: \{\} [^\n]+\n\s+got: (?:\{\} )?([^\n]*)/g;
for (const m of output.matchAll(re)) got.set(m[2], m[3].trim());
const promtool = execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const vectors = cases.map((c) => {
  const raw = got.get(c.name);
  if (raw === undefined) throw new Error(`no answer for ${c.name}`);
  // "got: nil" means no output series at all; PromQL printed NaN/+Inf/-Inf or a float in %E.
  return { ...c, expected: raw === 'nil' || raw === '' ? null : raw };
});
fs.writeFileSync(
  path.join(__dirname, '..', '..', 'test', 'fixtures', 'prom', 'quantile-vectors.json'),
  JSON.stringify({ generator: 'scripts/prom/generate-quantile-vectors.js', engine: promtool, vectors }, null, 1) + '\n',
);
console.log(`${vectors.length} vectors`);
