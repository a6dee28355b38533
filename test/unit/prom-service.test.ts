import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as path from 'node:path';
import type * as RunService from '../../demo/run-service';
import { DEFAULT_SCRAPE_MAX_BYTES, scrape } from '../../src/core/prom/http/scrape';

const ROOT = path.join(__dirname, '..', '..', '..');
// The demo is plain JavaScript outside the compiled tree: load it from the repository, typed by its .d.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDemoService } = require(path.join(ROOT, 'demo', 'run-service.js')) as typeof RunService;

/** A plain client that asks only for text 0.0.4 (like curl), to see the other format. */
function getText(url: string, headers: http.OutgoingHttpHeaders): Promise<{ headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      })
      .on('error', reject);
  });
}

describe('demo service (demo/service.js, prom-client) scraped for real', function () {
  this.timeout(30000);
  let service: RunService.RunningDemoService;

  before(async () => {
    service = await startDemoService({ loadRps: 50 });
    // /fail fails half the time: call it until it has, so the 500 series surely exists.
    const call = (route: string): Promise<number> =>
      new Promise<number>((resolve, reject) =>
        http.get(`${service.url}${route}`, { agent: false }, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', reject),
      );
    for (let i = 0; i < 200 && (await call('/fail')) !== 500; i++);
    await call('/health');
    await call('/predict');
    await new Promise((r) => setTimeout(r, 500)); // and some load-generator traffic on every route
  });
  after(async () => {
    await service?.stop();
  });

  it('listens on 127.0.0.1 in its own process', () => {
    assert.match(service.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(Number.isInteger(service.pid) && service.pid !== process.pid);
  });

  it('scrape() gets OpenMetrics (as Prometheus asks for it) with the counter, the histogram and default metrics', async () => {
    const r = await scrape(`${service.url}/metrics`, { timeoutMs: 5000, maxBytes: DEFAULT_SCRAPE_MAX_BYTES });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^application\/openmetrics-text; version=1\.0\.0/);
    const body = r.body;
    assert.match(body, /^# TYPE http_requests counter$/m);
    assert.match(body, /^http_requests_total\{method="GET",route="\/predict",status="200"\} [1-9]\d*$/m);
    assert.match(body, /^http_requests_total\{method="GET",route="\/fail",status="500"\} [1-9]\d*$/m);
    assert.match(body, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(body, /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/predict",status="200"\} \d+$/m);
    assert.match(body, /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/predict",status="200"\} [1-9]\d*$/m);
    assert.match(body, /^http_request_duration_seconds_sum\{method="GET",route="\/health",status="200"\} [0-9.e-]+$/m);
    assert.match(body, /^http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} [1-9]\d*$/m);
    assert.match(body, /^process_cpu_seconds_total [0-9.e-]+$/m, 'collectDefaultMetrics');
    assert.match(body, /^nodejs_version_info\{/m);
    assert.ok(body.endsWith('# EOF\n'), 'OpenMetrics ends with # EOF');
  });

  it('+Inf bucket equals _count for every series (cumulative histogram)', async () => {
    const r = await scrape(`${service.url}/metrics`, { timeoutMs: 5000, maxBytes: DEFAULT_SCRAPE_MAX_BYTES });
    assert.ok(r.ok);
    const inf = [...r.body.matchAll(/^http_request_duration_seconds_bucket\{le="\+Inf",(.*)\} (\d+)$/gm)];
    assert.ok(inf.length >= 3);
    for (const [, labels, n] of inf) {
      // Rendered in one pass, so the two lines of one series agree.
      const count = new RegExp(`^http_request_duration_seconds_count\\{${labels.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\} (\\d+)$`, 'm').exec(r.body);
      assert.ok(count, labels);
      assert.equal(count[1], n, labels);
    }
  });

  it('serves text 0.0.4 to a client that does not ask for OpenMetrics, gzipped when asked, with the same names', async () => {
    // One OpenMetrics render first: prom-client renames counters when rendering OpenMetrics, which must not leak into text.
    await scrape(`${service.url}/metrics`, { timeoutMs: 5000, maxBytes: DEFAULT_SCRAPE_MAX_BYTES });
    const plain = await getText(`${service.url}/metrics`, { Accept: 'text/plain' });
    assert.equal(plain.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body, /^# TYPE http_requests_total counter$/m);
    assert.match(plain.body, /^http_requests_total\{method="GET",route="\/predict",status="200"\} \d+$/m);
    assert.doesNotMatch(plain.body, /# EOF/);

    const gz = await getText(`${service.url}/metrics`, { Accept: 'text/plain', 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
  });

  it('handlers: /predict and /health answer 200, unknown paths 404 (counted as route="unknown")', async () => {
    assert.equal((await getText(`${service.url}/health`, {})).body, '{"status":"ok"}');
    assert.match((await getText(`${service.url}/predict`, {})).body, /"prediction"/);
    await getText(`${service.url}/nope`, {});
    const r = await scrape(`${service.url}/metrics`, { timeoutMs: 5000, maxBytes: DEFAULT_SCRAPE_MAX_BYTES });
    assert.ok(r.ok);
    assert.match(r.body, /^http_requests_total\{method="GET",route="unknown",status="404"\} [1-9]\d*$/m);
    assert.doesNotMatch(r.body, /route="\/metrics"/, 'scrapes are not counted');
  });
});
