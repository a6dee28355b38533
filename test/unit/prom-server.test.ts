import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as RunService from '../../demo/run-service';
import type * as StartPrometheus from '../../scripts/prometheus/start-prometheus';
import { instantQuery, queryServerHealth, serverHealthQueries, singleValue, type PromQueryResult } from '../../src/core/prom/http/promApi';

const ROOT = path.join(__dirname, '..', '..', '..');
// Plain JavaScript helpers outside the compiled tree, typed by their .d.ts files.
/* eslint-disable @typescript-eslint/no-require-imports */
const { startDemoService } = require(path.join(ROOT, 'demo', 'run-service.js')) as typeof RunService;
const { startPrometheus, PROMETHEUS } = require(path.join(ROOT, 'scripts', 'prometheus', 'start-prometheus.js')) as typeof StartPrometheus;
/* eslint-enable @typescript-eslint/no-require-imports */

const JOB = 'demo-svc';
const LOAD_RPS = 20;
const OPTS = { timeoutMs: 5000 };

/** Polls `probe` until it returns a value, or fails with the last thing seen. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, last: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`${what} not seen within ${timeoutMs} ms; last: ${last()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function value(r: PromQueryResult, name: string): number {
  assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
  const v = singleValue(r);
  assert.ok(v !== undefined, `${name}: no single value in ${JSON.stringify(r.data)}`);
  return v;
}

describe('a real Prometheus (Debian package) scraping the real demo service', function () {
  this.timeout(90000);
  let service: RunService.RunningDemoService | undefined;
  let prometheus: StartPrometheus.RunningPrometheus | undefined;

  before(async function () {
    // A missing server fails here, never skips: `npm test` runs scripts/preflight.js first, which installs it.
    assert.ok(fs.existsSync(PROMETHEUS), `${PROMETHEUS} is missing: run \`bash scripts/prometheus/install.sh\` (as root; .ci/run does)`);
    service = await startDemoService({ loadRps: LOAD_RPS });
    prometheus = await startPrometheus({ targets: [service.url.replace(/^http:\/\//, '')], scrapeIntervalSeconds: 1, job: JOB });
  });
  after(async () => {
    await prometheus?.stop();
    await service?.stop();
  });

  it('runs on 127.0.0.1 in its own process', () => {
    assert.ok(prometheus);
    assert.match(prometheus.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(prometheus.pid > 0);
  });

  it(`up{job="${JOB}"} becomes 1 (Prometheus negotiated OpenMetrics with prom-client and accepted it)`, async () => {
    const url = prometheus!.url;
    let last: PromQueryResult | undefined;
    const up = await until('up == 1', 30000, async () => {
      last = await instantQuery(url, serverHealthQueries(JOB).up, OPTS);
      return last.ok && singleValue(last) === 1 ? 1 : undefined;
    }, () => JSON.stringify(last));
    assert.equal(up, 1);
    assert.ok(last?.ok && last.data.resultType === 'vector');
    assert.deepEqual(last.data.result[0].metric, { __name__: 'up', instance: service!.url.slice('http://'.length), job: JOB });
  });

  it('the request rate over a 5 s window matches the load generator', async () => {
    const q = serverHealthQueries(JOB, { window: '5s' });
    let last: PromQueryResult | undefined;
    // A rate needs two scrapes in the window; let the window fill.
    await until('a request rate', 20000, async () => {
      last = await instantQuery(prometheus!.url, q.requestRate, OPTS);
      const v = singleValue(last);
      return v !== undefined && v > 0 ? v : undefined;
    }, () => JSON.stringify(last));
    await new Promise((r) => setTimeout(r, 5000));
    const rate = value(await instantQuery(prometheus!.url, q.requestRate, OPTS), 'requestRate');
    assert.ok(rate > LOAD_RPS * 0.5 && rate < LOAD_RPS * 1.5, `rate ${rate} req/s for a load of ${LOAD_RPS} req/s`);
  });

  it('every health query answers: rate, error ratio, p50 <= p90 <= p99, CPU, memory', async () => {
    const r = await queryServerHealth(prometheus!.url, JOB, OPTS);
    const rate = value(r.requestRate, 'requestRate');
    assert.ok(rate > 0, `rate ${rate}`);
    const errors = value(r.errorRatio, 'errorRatio');
    // 10% of the load goes to /fail, which fails half the time.
    assert.ok(errors >= 0 && errors < 0.3, `error ratio ${errors}`);
    const [p50, p90, p99] = [value(r.p50, 'p50'), value(r.p90, 'p90'), value(r.p99, 'p99')];
    // /predict takes 5-20 ms (5% 50-150 ms); the histogram's largest finite bucket is 2.5 s.
    assert.ok(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= 2.5, `p50 ${p50}, p90 ${p90}, p99 ${p99}`);
    assert.ok(p50 < 0.05, `p50 ${p50}`);
    assert.ok(value(r.cpu, 'cpu') >= 0);
    assert.ok(value(r.residentMemory, 'residentMemory') > 1e6);
    const up = r.up;
    assert.ok(up.ok && up.data.resultType === 'vector' && up.data.result.length === 1);
  });

  it('a PromQL syntax error comes back as API error: bad_data', async () => {
    const r = await instantQuery(prometheus!.url, 'sum(up', OPTS);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'API error: bad_data');
    assert.match(r.detail, /parse error/);
  });
});
