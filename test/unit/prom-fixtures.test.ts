import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatValue, seriesKey, type ParseResult } from '../../src/core/prom/model';
import { parseExposition } from '../../src/core/prom/exposition/parse';

/**
 * Lenient mode on the real default outputs of the client libraries (test/fixtures/prom, written by
 * scripts/prom/generate-python-fixtures.py with Debian's python3-prometheus-client 0.16.0 and
 * scripts/prom/generate-prom-client-fixtures.js with prom-client 15.1.3): they must read without a
 * single warning, in both formats, and give the metric names docs/prometheus.md section 10 lists.
 */

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prom');
const read = (file: string): Buffer => fs.readFileSync(path.join(DIR, file));
const meta = (base: string): { contentTypes: { text: string; openmetrics: string }; library: string } =>
  JSON.parse(read(`${base}.meta.json`).toString('utf8'));

function parseFixture(file: string, contentType: string): ParseResult {
  const r = parseExposition(read(file), { contentType });
  assert.deepEqual(r.warnings, [], `${file}: ${JSON.stringify(r.warnings)}`);
  // The reference parsers accept them too.
  parseExposition(read(file), { contentType, strict: true });
  return r;
}

const names = (r: ParseResult): Set<string> => new Set(r.samples.map((s) => s.name));

describe('prom fixtures: prometheus_client 0.16 default output', () => {
  const { contentTypes, library } = meta('python-fastapi');
  it(`was made by ${library}`, () => assert.equal(library, 'prometheus_client 0.16.0'));

  for (const [file, contentType] of [
    ['python-default.txt', contentTypes.text],
    ['python-default.om.txt', contentTypes.openmetrics],
  ]) {
    it(`${file}: no warnings; process, gc and platform metrics of section 10`, () => {
      const r = parseFixture(file, contentType);
      for (const n of [
        'process_virtual_memory_bytes',
        'process_resident_memory_bytes',
        'process_start_time_seconds',
        'process_cpu_seconds_total',
        'process_open_fds',
        'process_max_fds',
        'python_gc_objects_collected_total',
        'python_gc_objects_uncollectable_total',
        'python_gc_collections_total',
        'python_info',
      ]) {
        assert.ok(names(r).has(n), n);
      }
      const cpu = r.families.find((f) => f.name === (file.endsWith('.om.txt') ? 'process_cpu_seconds' : 'process_cpu_seconds_total'));
      assert.equal(cpu?.type, 'counter', 'OpenMetrics names the counter family without _total, 0.0.4 with it');
    });
  }

  for (const i of [1, 2]) {
    it(`python-fastapi-${i}: text and OpenMetrics give the same instrumentator series`, () => {
      const text = parseFixture(`python-fastapi-${i}.txt`, contentTypes.text);
      const om = parseFixture(`python-fastapi-${i}.om.txt`, contentTypes.openmetrics);
      const http = (r: ParseResult): Map<string, string> =>
        new Map(r.samples.filter((s) => s.name.startsWith('http_') && !s.name.endsWith('_created')).map((s) => [seriesKey(s.name, s.labels), formatValue(s.value)]));
      assert.deepEqual(http(om), http(text));
      assert.ok(http(text).size > 20);
      // 0.0.4: `_created` series are gauges of their own; OpenMetrics: part of the counter family.
      assert.equal(text.families.find((f) => f.name === 'http_requests_created')?.type, 'gauge');
      assert.equal(om.samples.find((s) => s.name === 'http_requests_created')?.family, 'http_requests');
      const highr = om.families.find((f) => f.name === 'http_request_duration_highr_seconds');
      assert.equal(highr?.type, 'histogram');
    });
  }
});

describe('prom fixtures: prom-client 15 default output', () => {
  const { contentTypes, library } = meta('node-express');
  it(`was made by ${library}`, () => assert.match(library, /^prom-client 15\./));

  it('node-default.txt: no warnings; the default metrics of section 10, gauges named *_total included', () => {
    const r = parseFixture('node-default.txt', contentTypes.text);
    for (const n of [
      'process_cpu_user_seconds_total',
      'process_cpu_system_seconds_total',
      'process_cpu_seconds_total',
      'process_start_time_seconds',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_active_handles_total',
      'nodejs_heap_size_used_bytes',
      'nodejs_version_info',
    ]) {
      assert.ok(names(r).has(n), n);
    }
    // "_total does not mean counter" (section 1): key on TYPE lines.
    assert.equal(r.families.find((f) => f.name === 'nodejs_active_handles_total')?.type, 'gauge');
  });

  for (const i of [1, 2]) {
    it(`node-express-${i}: text and OpenMetrics read without warnings and agree on the HTTP series`, () => {
      const text = parseFixture(`node-express-${i}.txt`, contentTypes.text);
      const om = parseFixture(`node-express-${i}.om.txt`, contentTypes.openmetrics);
      const http = (r: ParseResult): Map<string, string> =>
        new Map(r.samples.filter((s) => s.name.startsWith('http_')).map((s) => [seriesKey(s.name, s.labels), formatValue(s.value)]));
      assert.deepEqual(http(om), http(text));
      assert.equal(om.families.find((f) => f.name === 'http_requests')?.type, 'counter');
      assert.equal(om.families.find((f) => f.name === 'nodejs_gc_duration_seconds')?.type, 'histogram');
    });
  }
});
