import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { computeHealth, type HealthReport, type HealthValue, type Snapshot } from '../../src/core/health/healthReport';
import { formatHealthValue } from '../../src/core/health/format';
import { seriesKey } from '../../src/core/prom/model';
import { parseExposition } from '../../src/core/prom/exposition/parse';

/**
 * Health numbers from two real scrapes (test/fixtures/prom, made by scripts/prom/*), each checked
 * against the rule it comes from (docs/prometheus.md sections 6, 7 and 10), with the inputs read
 * straight from the fixture.
 */

const DIR = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prom');

interface Meta {
  contentTypes: { text: string; openmetrics: string };
  scrapedAtMs: [number, number];
}

function fixture(base: string, om: boolean): { s1: Snapshot; s2: Snapshot; dt: number; meta: Meta } {
  const meta = JSON.parse(fs.readFileSync(path.join(DIR, `${base}.meta.json`), 'utf8')) as Meta;
  const snap = (i: 1 | 2): Snapshot => ({
    result: parseExposition(fs.readFileSync(path.join(DIR, `${base}-${i}${om ? '.om' : ''}.txt`)), {
      contentType: om ? meta.contentTypes.openmetrics : meta.contentTypes.text,
    }),
    receivedMs: meta.scrapedAtMs[i - 1],
  });
  return { s1: snap(1), s2: snap(2), dt: (meta.scrapedAtMs[1] - meta.scrapedAtMs[0]) / 1000, meta };
}

/** The value of one series in a snapshot. */
function v(s: Snapshot, name: string, labels: Record<string, string> = {}): number {
  const hit = s.result.samples.find((x) => seriesKey(x.name, x.labels) === seriesKey(name, labels));
  if (!hit) throw new Error(`no ${name} ${JSON.stringify(labels)}`);
  return hit.value;
}

function close(actual: HealthValue | undefined, expected: number, what: string): void {
  assert.ok(actual, `${what} missing`);
  assert.ok(actual.value !== null, `${what} is null: ${actual.note}`);
  assert.ok(Math.abs(actual.value - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual.value} != ${expected}`);
}

for (const om of [false, true]) {
  describe(`health of a FastAPI-style service, prometheus_client 0.16 (${om ? 'OpenMetrics' : 'text 0.0.4'})`, () => {
    const { s1, s2, dt } = fixture('python-fastapi', om);
    const t2 = s2.receivedMs;
    const report = computeHealth(s1, s2);
    const created = (labels: Record<string, string>): number => v(s2, 'http_requests_created', labels) * 1000;
    const get2xx = { handler: '/items', method: 'GET', status: '2xx' };
    const post2xx = { handler: '/items', method: 'POST', status: '2xx' };
    const get5xx = { handler: '/items', method: 'GET', status: '5xx' };
    // Series in both scrapes: (v2 - v1) / (t2 - t1). Series born between them: v2 / (t2 - _created).
    const rate = {
      get2xx: (v(s2, 'http_requests_total', get2xx) - v(s1, 'http_requests_total', get2xx)) / dt,
      post2xx: v(s2, 'http_requests_total', post2xx) / ((t2 - created(post2xx)) / 1000),
      get5xx: v(s2, 'http_requests_total', get5xx) / ((t2 - created(get5xx)) / 1000),
    };

    it('request rate = sum of rate(http_requests_total) by the two-scrape rule (section 6), per handler too', () => {
      assert.equal(v(s2, 'http_requests_total', get2xx) - v(s1, 'http_requests_total', get2xx), 80);
      close(report.requests?.total, rate.get2xx + rate.post2xx + rate.get5xx, 'requests');
      assert.equal(report.requests?.handlerLabel, 'handler');
      assert.deepEqual(report.requests?.byHandler.map((h) => h.name), ['/items', 'none']);
      close(report.requests?.byHandler[1].value, 0, 'handler none');
    });
    it('error ratio = rate(status="5xx") / rate(all) x 100 (section 6: grouped status codes)', () => {
      close(report.errorRatio, (100 * rate.get5xx) / (rate.get2xx + rate.post2xx + rate.get5xx), 'error ratio');
    });
    it('latency p50/p90/p99 = histogram_quantile over the per-bucket increase of the 21-bucket histogram (section 7, rules 6 and 9)', () => {
      // The 100 requests between the scrapes: 80 x 20 ms, 15 x 300 ms, 5 x 2 s.
      close(report.latency?.p50, (0.01 + 0.015 * (50 / 80)) * 1000, 'p50'); // in (0.01, 0.025]
      close(report.latency?.p90, (0.25 + 0.25 * (10 / 15)) * 1000, 'p90'); // in (0.25, 0.5]
      close(report.latency?.p99, (1.5 + 0.5 * (4 / 5)) * 1000, 'p99'); // in (1.5, 2]
      close(report.latency?.mean, ((80 * 0.02 + 15 * 0.3 + 5 * 2) / 100) * 1000, 'mean = increase(sum)/increase(count)');
      assert.match(report.latency!.p99.source, /http_request_duration_highr_seconds_bucket/);
    });
    it('CPU % = rate(process_cpu_seconds_total) x 100; memory, fds, uptime = time() - process_start_time_seconds', () => {
      close(report.cpu, ((v(s2, 'process_cpu_seconds_total') - v(s1, 'process_cpu_seconds_total')) / dt) * 100, 'cpu');
      close(report.memory, v(s2, 'process_resident_memory_bytes'), 'memory');
      close(report.openFds, v(s2, 'process_open_fds'), 'fds');
      close(report.maxFds, 20000, 'max fds');
      close(report.uptime, t2 / 1000 - v(s2, 'process_start_time_seconds'), 'uptime');
      assert.deepEqual(report.restarted, { value: false, source: 'changes(process_start_time_seconds)' });
      assert.equal(report.eventLoopLag, undefined);
      assert.equal(report.heapUsed, undefined);
    });
    it('Python GC = rate(python_gc_collections_total) per generation; runtime from python_info', () => {
      const gen2 = (v(s2, 'python_gc_collections_total', { generation: '2' }) - v(s1, 'python_gc_collections_total', { generation: '2' })) / dt;
      close(report.gc?.byGeneration.find((g) => g.name === 'generation 2')?.value, gen2, 'gen 2');
      assert.equal(report.gc?.byGeneration.length, 3);
      assert.equal(report.runtime?.name, 'CPython 3.11.2');
    });
    it('the p99 of the 3-bucket labelled histogram is capped at 1 s and says so (section 7 note)', () => {
      const low = computeHealth(s1, s2, { latencyMetric: 'http_request_duration_seconds' });
      close(low.latency?.p99, 1000, 'p99');
      assert.match(low.latency!.p99.note ?? '', /above 1000 ms/);
    });
  });
}

describe('health of an Express service, prom-client 15 (text 0.0.4 and OpenMetrics)', () => {
  for (const om of [false, true]) {
    const { s1, s2, dt } = fixture('node-express', om);
    const report = computeHealth(s1, s2);
    it(`${om ? 'OM' : 'text'}: 50 requests in the interval, 2 of them 500 -> rate 50/dt, error ratio 4% ("500" style codes)`, () => {
      // POST series first appear in the second scrape; prom-client has no _created: counted from 0 since the first scrape.
      close(report.requests?.total, 50 / dt, 'requests');
      assert.equal(report.requests?.handlerLabel, 'route');
      close(report.requests?.byHandler.find((h) => h.name === '/users')?.value, 10 / dt, '/users');
      close(report.errorRatio, 4, 'error ratio');
    });
    it(`${om ? 'OM' : 'text'}: latency from http_request_duration_seconds, prom-client default buckets (section 7, rule 9)`, () => {
      // 40 x 30 ms, 8 x 200 ms, 2 x 3 s; buckets .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10.
      close(report.latency?.p50, (0.025 + 0.025 * (25 / 40)) * 1000, 'p50');
      close(report.latency?.p90, (0.1 + 0.15 * (5 / 8)) * 1000, 'p90');
      close(report.latency?.p99, (2.5 + 2.5 * (1.5 / 2)) * 1000, 'p99');
      close(report.latency?.mean, ((40 * 0.03 + 8 * 0.2 + 2 * 3) / 50) * 1000, 'mean');
    });
    it(`${om ? 'OM' : 'text'}: event-loop lag from nodejs_eventloop_lag_p99_seconds, heap, GC from nodejs_gc_duration_seconds`, () => {
      close(report.eventLoopLag, v(s2, 'nodejs_eventloop_lag_p99_seconds') * 1000, 'lag');
      assert.equal(report.eventLoopLag?.source, 'nodejs_eventloop_lag_p99_seconds');
      close(report.heapUsed, v(s2, 'nodejs_heap_size_used_bytes'), 'heap');
      const minor = { kind: 'minor' };
      close(report.gc?.collections, (v(s2, 'nodejs_gc_duration_seconds_count', minor) - v(s1, 'nodejs_gc_duration_seconds_count', minor)) / dt, 'gc');
      close(report.gc?.timeInGc, ((v(s2, 'nodejs_gc_duration_seconds_sum', minor) - v(s1, 'nodejs_gc_duration_seconds_sum', minor)) / dt) * 100, 'gc time');
      assert.match(report.runtime?.name ?? '', /^Node\.js v\d+/);
      close(report.cpu, ((v(s2, 'process_cpu_seconds_total') - v(s1, 'process_cpu_seconds_total')) / dt) * 100, 'cpu');
    });
  }
});

describe('health edge cases', () => {
  const at = (text: string, receivedMs: number): Snapshot => ({ result: parseExposition(text, { contentType: 'text/plain; version=0.0.4' }), receivedMs });

  it('first poll: rates are null ("needs a second scrape"), latency and error share since start, gauges shown', () => {
    const { s1 } = fixture('python-fastapi', false);
    const r = computeHealth(undefined, s1);
    assert.equal(r.requests?.total.value, null);
    assert.match(r.requests?.total.note ?? '', /second scrape/);
    assert.equal(r.cpu?.value, null);
    assert.match(r.latency?.p50.note ?? '', /since the process started/);
    close(r.errorRatio, 0, 'error share since start');
    assert.ok(r.memory && r.memory.value !== null);
    assert.equal(r.intervalSeconds, undefined);
  });

  it('absent metrics give undefined parts, not zeros', () => {
    const r = computeHealth(at('up 1\n', 0), at('up 1\n', 10_000));
    assert.deepEqual(r, { intervalSeconds: 10 } satisfies HealthReport);
  });

  it('a restart (process_start_time_seconds changed) makes every counter a reset: increase = v2 (section 6)', () => {
    const page = (start: number, n: number, cpu: number) =>
      `process_start_time_seconds ${start}\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ${cpu}\n# TYPE http_requests_total counter\nhttp_requests_total{code="200"} ${n}\n`;
    const r = computeHealth(at(page(1000, 500, 40), 2_000_000), at(page(1900, 600, 3), 2_010_000));
    assert.equal(r.restarted?.value, true);
    close(r.requests?.total, 60, 'after a restart the whole 600 counts over 10 s');
    close(r.cpu, 30, 'cpu: 3 s over 10 s');
  });

  it('no requests in the interval: latency quantiles are null with a reason, not 0 (section 7 rule 5)', () => {
    const page = '# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="0.1"} 5\nhttp_request_duration_seconds_bucket{le="+Inf"} 7\nhttp_request_duration_seconds_sum 1\nhttp_request_duration_seconds_count 7\n';
    const r = computeHealth(at(page, 0), at(page, 5000));
    assert.equal(r.latency?.p99.value, null);
    assert.match(r.latency?.p99.note ?? '', /no requests in the interval/);
    close(r.requests?.total, 0, 'requests from the histogram _count');
    assert.equal(r.requests?.total.source, 'sum(rate(http_request_duration_seconds_count))');
  });

  it('a counter and a histogram the user picked are used instead of the known names', () => {
    const page = (n: number, fast: number) =>
      '# TYPE jobs_done_total counter\n' +
      `jobs_done_total{queue="a",outcome="5xx"} ${n / 4}\njobs_done_total{queue="a",outcome="ok"} ${(3 * n) / 4}\n` +
      '# TYPE job_duration_milliseconds histogram\n' +
      `job_duration_milliseconds_bucket{le="100"} ${fast}\njob_duration_milliseconds_bucket{le="+Inf"} ${n}\njob_duration_milliseconds_count ${n}\njob_duration_milliseconds_sum ${n * 50}\n`;
    const r = computeHealth(at(page(40, 40), 0), at(page(80, 60), 10_000), { requestMetric: 'jobs_done_total', latencyMetric: 'job_duration_milliseconds' });
    close(r.requests?.total, 4, 'requests');
    assert.equal(r.errorRatio, undefined, 'no status label known to the view: no error ratio');
    // Increase: le=100: 20, +Inf: 40 -> p50 = 100 ms x 20/20, unit from the _milliseconds suffix.
    close(r.latency?.p50, 100, 'p50');
    close(r.latency?.p99, 100, 'p99 capped at the largest finite bound');
  });

  it('a picked metric that is not in the scrape falls back to the known names, and a note says so', () => {
    const { s1, s2 } = fixture('python-fastapi', false);
    const r = computeHealth(s1, s2, { requestMetric: 'orders_total', latencyMetric: 'nope_seconds' });
    assert.equal(r.requests?.total.source, 'sum(rate(http_requests_total))');
    assert.match(r.latency?.p99.source ?? '', /http_request_duration_highr_seconds/);
    assert.deepEqual(r.notes, [
      'the request metric "orders_total" is not in this scrape; using http_requests_total',
      'the latency metric "nope_seconds" is not a histogram or summary in this scrape; using http_request_duration_highr_seconds',
    ]);
  });

  it('summary latency: quantiles as given by the client, mean from increase(sum)/increase(count)', () => {
    const page = (c: number, s: number, p99: number) =>
      `# TYPE http_request_duration_seconds summary\nhttp_request_duration_seconds{quantile="0.5"} 0.01\nhttp_request_duration_seconds{quantile="0.9"} 0.05\nhttp_request_duration_seconds{quantile="0.99"} ${p99}\nhttp_request_duration_seconds_sum ${s}\nhttp_request_duration_seconds_count ${c}\n`;
    const r = computeHealth(at(page(10, 1, 0.2), 0), at(page(30, 3, 0.3), 10_000));
    close(r.latency?.p99, 300, 'p99 as given');
    close(r.latency?.mean, 100, 'mean: 2 s / 20');
    assert.match(r.latency?.p99.note ?? '', /own window/);
  });

  it('formatHealthValue: what the tree shows for a report value, in its unit', () => {
    const { s1, s2 } = fixture('python-fastapi', false);
    const r = computeHealth(s1, s2);
    const l = r.latency!;
    assert.deepEqual([l.p50, l.p90, l.p99, l.mean!].map(formatHealthValue), ['19.4 ms', '417 ms', '1900 ms', '161 ms']);
    assert.match(r.requests!.total.source, /rate\(http_requests_total\)/);
    assert.equal(formatHealthValue(r.openFds!), '7');
    assert.equal(formatHealthValue({ value: null, unit: 'req/s', source: 'x' }), '–');
    assert.equal(formatHealthValue({ value: 22.9e6, unit: 'bytes', source: 'x' }), '21.8 MB');
    assert.equal(formatHealthValue({ value: 11_520, unit: 's', source: 'x' }), '3h 12m');
  });
});
