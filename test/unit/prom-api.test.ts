import { strict as assert } from 'node:assert';
import type * as http from 'node:http';
import {
  instantQuery,
  promApiUrl,
  promqlString,
  serverHealthQueries,
  singleValue,
  type PromQueryResult,
} from '../../src/core/prom/http/promApi';
import { closedPort, serve, type TestServer } from './helpers/servers';

const OPTS = { timeoutMs: 2000 };

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function expectFailure(r: PromQueryResult, reason: string): string {
  assert.equal(r.ok, false, `expected "${reason}", got ${JSON.stringify(r)}`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.reason, reason, r.detail);
  return r.detail;
}

/** Responses shaped like Prometheus 2.42's (docs/prometheus.md section 8), from a stub on 127.0.0.1. */
describe('promApi: /api/v1/query against a stub server', () => {
  let stub: TestServer;
  let lastUrl = '';
  before(async () => {
    stub = await serve((req, res) => {
      lastUrl = req.url ?? '';
      const url = new URL(req.url ?? '/', 'http://x');
      const query = url.searchParams.get('query');
      if (url.pathname !== '/api/v1/query' && url.pathname !== '/prom/api/v1/query') return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      switch (query) {
        case 'up':
          return json(res, 200, {
            status: 'success',
            data: {
              resultType: 'vector',
              result: [
                { metric: { __name__: 'up', instance: '127.0.0.1:1', job: 'svc' }, value: [1795727626.886, '1'] },
                { metric: { __name__: 'up', instance: '127.0.0.1:2', job: 'svc' }, value: [1795727626.886, '0'] },
              ],
            },
          });
        case 'specials':
          return json(res, 200, {
            status: 'success',
            warnings: ['PromQL info: metric might not be a counter'],
            data: {
              resultType: 'vector',
              result: ['NaN', '+Inf', '-Inf', '1e-05', '0.25'].map((v, i) => ({ metric: { i: String(i) }, value: [1, v] })),
            },
          });
        case 'scalar(1)':
          return json(res, 200, { status: 'success', data: { resultType: 'scalar', result: [1795727626.886, '1'] } });
        case 'up[1m]':
          return json(res, 200, {
            status: 'success',
            data: { resultType: 'matrix', result: [{ metric: { job: 'svc' }, values: [[1, '1'], [2, '0']] }] },
          });
        case 'sum(up':
          return json(res, 400, {
            status: 'error',
            errorType: 'bad_data',
            error: 'invalid parameter "query": 1:7: parse error: unclosed left parenthesis',
          });
        case 'bad value':
          return json(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0x1'] }] } });
        case 'html':
          res.writeHead(200, { 'Content-Type': 'text/html' });
          return void res.end('<html>Grafana</html>');
        default:
          return json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
      }
    });
  });
  after(() => stub.close());

  it('parses a vector (labels, Unix-second timestamps, values as numbers)', async () => {
    const r = await instantQuery(stub.url, 'up', OPTS);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.data.resultType, 'vector');
    assert.deepEqual(r.data.result, [
      { metric: { __name__: 'up', instance: '127.0.0.1:1', job: 'svc' }, timestamp: 1795727626.886, value: 1 },
      { metric: { __name__: 'up', instance: '127.0.0.1:2', job: 'svc' }, timestamp: 1795727626.886, value: 0 },
    ]);
    assert.equal(new URL(lastUrl, 'http://x').searchParams.get('query'), 'up');
  });

  it('turns "NaN", "+Inf", "-Inf" into numbers and keeps warnings', async () => {
    const r = await instantQuery(stub.url, 'specials', OPTS);
    assert.ok(r.ok && r.data.resultType === 'vector');
    assert.deepEqual(r.data.result.map((s) => s.value), [NaN, Infinity, -Infinity, 1e-5, 0.25]);
    assert.deepEqual(r.warnings, ['PromQL info: metric might not be a counter']);
  });

  it('parses scalar and matrix results; singleValue picks the one number', async () => {
    const scalar = await instantQuery(stub.url, 'scalar(1)', OPTS);
    assert.equal(singleValue(scalar), 1);
    const matrix = await instantQuery(stub.url, 'up[1m]', OPTS);
    assert.ok(matrix.ok && matrix.data.resultType === 'matrix');
    assert.deepEqual(matrix.data.result[0].values, [{ timestamp: 1, value: 1 }, { timestamp: 2, value: 0 }]);
    assert.equal(singleValue(matrix), undefined);
    assert.equal(singleValue(await instantQuery(stub.url, 'up', OPTS)), undefined, 'two series: no single value');
    assert.equal(singleValue(await instantQuery(stub.url, 'empty', OPTS)), undefined, 'no data yet');
  });

  it('passes the evaluation time', async () => {
    await instantQuery(stub.url, 'up', { ...OPTS, time: 1795727626.5 });
    assert.equal(new URL(lastUrl, 'http://x').searchParams.get('time'), '1795727626.5');
  });

  it('a PromQL error (HTTP 400 with an error envelope) -> API error: bad_data with the message', async () => {
    const detail = expectFailure(await instantQuery(stub.url, 'sum(up', OPTS), 'API error: bad_data');
    assert.match(detail, /unclosed left parenthesis/);
  });

  it('not a Prometheus server: HTML -> not a Prometheus API; a wrong path -> HTTP 404; a malformed value -> not a Prometheus API', async () => {
    expectFailure(await instantQuery(stub.url, 'html', OPTS), 'not a Prometheus API');
    expectFailure(await instantQuery(`${stub.url}/wrong`, 'up', OPTS), 'HTTP 404');
    assert.ok((await instantQuery(`${stub.url}/prom/`, 'up', OPTS)).ok, 'a path prefix is kept');
    expectFailure(await instantQuery(stub.url, 'bad value', OPTS), 'not a Prometheus API');
  });

  it('network faults come back like scrape() faults', async () => {
    expectFailure(await instantQuery('not a url', 'up', OPTS), 'invalid URL');
    expectFailure(await instantQuery(`http://127.0.0.1:${await closedPort()}`, 'up', OPTS), 'ECONNREFUSED');
  });

  it('builds API URLs under a path prefix', () => {
    const u = promApiUrl('http://127.0.0.1:9090/prometheus?x=1', 'api/v1/query');
    assert.ok(u instanceof URL);
    assert.equal(u.href, 'http://127.0.0.1:9090/prometheus/api/v1/query');
    const v = promApiUrl('http://127.0.0.1:9090/', '/api/v1/query');
    assert.ok(v instanceof URL);
    assert.equal(v.href, 'http://127.0.0.1:9090/api/v1/query');
  });
});

describe('serverHealthQueries: the PromQL for one job', () => {
  it('up, rates and quantiles over the client-library metric names', () => {
    const q = serverHealthQueries('svc');
    assert.equal(q.up, 'up{job="svc"}');
    assert.equal(q.requestRate, 'sum(rate(http_requests_total{job="svc"}[1m])) or sum(rate(http_request_duration_seconds_count{job="svc"}[1m]))');
    assert.equal(
      q.p99,
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_highr_seconds_bucket{job="svc"}[1m])))' +
        ' or histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="svc"}[1m])))',
    );
    assert.match(q.p50, /^histogram_quantile\(0\.5, /);
    assert.match(q.p90, /^histogram_quantile\(0\.9, /);
    assert.match(q.errorRatio, /http_requests_total\{job="svc",status=~"5\.\."\}/);
    assert.match(q.errorRatio, /code=~"5\.\."/);
    assert.match(q.errorRatio, /status_code=~"5\.\."/);
    assert.match(q.errorRatio, /or vector\(0\)\) \/ sum\(rate\(http_requests_total\{job="svc"\}\[1m\]\)\)/);
    assert.equal(q.cpu, 'sum(rate(process_cpu_seconds_total{job="svc"}[1m]))');
    assert.equal(q.residentMemory, 'sum(process_resident_memory_bytes{job="svc"})');
  });

  it('escapes the job name and takes another window', () => {
    assert.equal(promqlString('a"b\\c'), '"a\\"b\\\\c"');
    const q = serverHealthQueries('we"ird', { window: '5m' });
    assert.equal(q.up, 'up{job="we\\"ird"}');
    assert.match(q.requestRate, /\[5m\]/);
    assert.throws(() => serverHealthQueries('svc', { window: '1 minute' }), /not a PromQL duration/);
  });
});
