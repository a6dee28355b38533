import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as vscode from 'vscode';
import type * as DemoService from '../../demo/run-service';
import type * as Prometheus from '../../scripts/prometheus/start-prometheus';
import { TrendPanels } from '../../src/extension/health/trendPanel';
import { until } from './until';
import { testHooks } from './hooks';

// Real processes on loopback: the prom-client demo service and Debian's Prometheus.
const ROOT = path.join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDemoService } = require(path.join(ROOT, 'demo', 'run-service.js')) as typeof DemoService;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrometheus, PROMETHEUS } = require(path.join(ROOT, 'scripts', 'prometheus', 'start-prometheus.js')) as typeof Prometheus;

const api = testHooks;

async function setEndpoints(endpoints: unknown[]): Promise<void> {
  const c = vscode.workspace.getConfiguration('driftInspector.health');
  await c.update('pollIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
  await c.update('endpoints', endpoints, vscode.ConfigurationTarget.Global);
}

describe('Health view (real demo service and Prometheus on loopback)', function () {
  this.timeout(120_000);
  after(async () => setEndpoints([]));

  it('shows rates and latency; a killed service goes down with its last values kept; a restart brings it back', async () => {
    const { health } = await api();
    let service = await startDemoService({ loadRps: 30 });
    const port = Number(new URL(service.url).port);
    try {
      await setEndpoints([{ name: 'demo', url: `${service.url}/metrics` }]);
      const m = await until('the demo endpoint', () => health.endpointMonitors.find((x) => x.config.name === 'demo'));
      await until('a request rate', () => m.state.status === 'up' && (m.state.report?.requests?.total.value ?? 0) > 0 && (m.state.report?.latency?.p99.value ?? null) !== null);
      const up = m.state;
      console.log(`      up: ${up.report!.requests!.total.value!.toFixed(1)} req/s, errors ${up.report!.errorRatio?.value?.toFixed(2)}%, p50/p90/p99 ${up.report!.latency!.p50.value?.toFixed(1)}/${up.report!.latency!.p90.value?.toFixed(1)}/${up.report!.latency!.p99.value?.toFixed(1)} ms; status bar "${health.statusText}"`);
      assert.ok(up.report!.requests!.total.value! > 5 && up.report!.requests!.total.value! < 200, 'about the generated load');
      assert.ok(up.report!.latency!.p50.value! <= up.report!.latency!.p99.value!);
      assert.ok(up.report!.requests!.byHandler.some((h) => h.name.includes('/predict')), 'per-handler rates');
      assert.ok(up.families!.some((f) => f.name === 'process_cpu_seconds'), 'all metrics listed');
      assert.match(health.statusText!, /^\$\(pulse\) demo: [\d.]+ req\/s, [\d.]+% errors$/);

      await service.stop();
      await until('down', () => m.state.status === 'down');
      assert.strictEqual(m.state.reason, 'ECONNREFUSED');
      assert.strictEqual(m.state.stale, true, 'the last values stay, marked stale');
      assert.ok(m.state.report?.requests, 'last request rate kept');
      assert.match(health.statusText!, /demo: down \(ECONNREFUSED\)/);

      service = await startDemoService({ port, loadRps: 30 });
      await health.refresh();
      await until('up again', () => m.state.status === 'up' && !m.state.stale);
      assert.match(health.statusText!, /^\$\(pulse\) demo:/);
    } finally {
      await service.stop();
    }
  });

  it('an endpoint that fails never takes the others down (404, not Prometheus, invalid URL)', async () => {
    const { health } = await api();
    const service = await startDemoService();
    try {
      await setEndpoints([
        { name: 'good', url: `${service.url}/metrics` },
        { name: 'missing', url: `${service.url}/nope` },
        { name: 'bad url', url: 'not a url' },
        { name: 'refused', url: 'http://127.0.0.1:9/metrics' },
      ]);
      const by = (n: string) => health.endpointMonitors.find((x) => x.config.name === n);
      await until('all polled', () => ['good', 'missing', 'bad url', 'refused'].every((n) => by(n) && by(n)!.state.status !== 'pending'));
      assert.strictEqual(by('good')!.state.status, 'up');
      assert.strictEqual(by('missing')!.state.reason, 'HTTP 404');
      assert.strictEqual(by('bad url')!.state.reason, 'invalid URL');
      assert.strictEqual(by('refused')!.state.reason, 'ECONNREFUSED');
    } finally {
      await service.stop();
    }
  });

  it('falls back to a counter and a histogram the user picks', async () => {
    const { health } = await api();
    // A service whose metrics have no usual names: a job counter growing 50 per second.
    const started = Date.now();
    const server = http.createServer((_req, res) => {
      const n = Math.round(((Date.now() - started) / 1000) * 50);
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end(
        `# TYPE jobs_done_total counter\njobs_done_total ${n}\n` +
          `# TYPE job_seconds histogram\njob_seconds_bucket{le="0.1"} ${n}\njob_seconds_bucket{le="+Inf"} ${n}\njob_seconds_sum ${n * 0.05}\njob_seconds_count ${n}\n`,
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as import('net').AddressInfo).port}/metrics`;
    try {
      await setEndpoints([{ name: 'custom', url }]);
      let m = await until('the endpoint', () => health.endpointMonitors.find((x) => x.config.name === 'custom'));
      await until('two polls', () => m.state.status === 'up' && m.state.report !== undefined && m.state.lastGoodAt! - started > 1500);
      assert.strictEqual(m.state.report!.requests, undefined, 'no usual request counter');
      await setEndpoints([{ name: 'custom', url, requestMetric: 'jobs_done_total', latencyMetric: 'job_seconds' }]);
      m = await until('the endpoint', () => health.endpointMonitors.find((x) => x.config.name === 'custom' && x.config.requestMetric !== undefined));
      await until('a rate from the picked counter', () => (m.state.report?.requests?.total.value ?? 0) > 0);
      const rate = m.state.report!.requests!.total.value!;
      assert.ok(rate > 30 && rate < 70, `about 50/s, got ${rate}`);
      assert.match(m.state.report!.requests!.total.source, /jobs_done_total/);
      assert.ok((m.state.report!.latency?.p50.value ?? Infinity) <= 100, 'p50 within the 0.1 s bucket');
    } finally {
      server.close();
    }
  });

  it('with no endpoints the tree has no nodes, so the view\'s welcome text shows', async () => {
    const { health } = await api();
    await setEndpoints([]);
    await until('no monitors', () => (health.endpointMonitors.length === 0 ? true : undefined));
    assert.deepStrictEqual(health.tree.getChildren(), []);
  });

  it('trend panels close when their owner (the extension) is disposed', async () => {
    const trends = new TrendPanels();
    const panel = trends.show('x', [[1, 1], [2, 2]]);
    let closed = false;
    panel.onDidDispose(() => (closed = true));
    assert.strictEqual(trends.count, 1);
    trends.dispose();
    assert.ok(closed, 'the panel was disposed');
    assert.strictEqual(trends.count, 0);
  });

  it('commands: copy a series, show its trend, open the raw scrape; a bearer token goes to SecretStorage', async () => {
    const { health } = await api();
    const token = 's3cret-token';
    let n = 0;
    const server = http.createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.statusCode = 401;
        res.end('unauthorized');
        return;
      }
      n += 7;
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end(`# TYPE http_requests_total counter\nhttp_requests_total{route="/a",status="200"} ${n}\n`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as import('net').AddressInfo).port}/metrics`;
    try {
      await setEndpoints([{ name: 'secured', url }]);
      const m = await until('the endpoint', () => health.endpointMonitors.find((x) => x.config.name === 'secured'));
      await until('401', () => m.state.status === 'down' && m.state.reason === 'HTTP 401');
      await vscode.commands.executeCommand('driftInspector.health.setToken', { kind: 'endpoint', monitor: m }, token);
      await until('up with the token', () => m.state.status === 'up');
      const inSettings = JSON.stringify(vscode.workspace.getConfiguration('driftInspector').inspect('health.endpoints'));
      assert.ok(!inSettings.includes(token), 'the token is not in settings');
      await until('a few polls', () => (m.trend(m.state.families![0].series[0].key).length >= 3 ? true : undefined));

      const series = m.state.families!.find((f) => f.name === 'http_requests')?.series[0] ?? m.state.families![0].series[0];
      const node = { kind: 'series', monitor: m, family: 'http_requests', series };
      await vscode.commands.executeCommand('driftInspector.health.copySeries', node);
      assert.match(await vscode.env.clipboard.readText(), /^http_requests_total\{route="\/a",status="200"\} \d+$/);
      const panel = (await vscode.commands.executeCommand('driftInspector.health.showTrend', node)) as vscode.WebviewPanel;
      assert.match(panel.webview.html, /<path class="line" d="M[\d.]+,[\d.]+ L/);
      assert.match(panel.webview.html, /http_requests_total\{route=&quot;\/a&quot;,status=&quot;200&quot;\}/, 'series name escaped');
      panel.dispose();
      await vscode.commands.executeCommand('driftInspector.health.openRawScrape', { kind: 'endpoint', monitor: m });
      assert.match(vscode.window.activeTextEditor!.document.getText(), /# TYPE http_requests_total counter/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.commands.executeCommand('driftInspector.health.setToken', { kind: 'endpoint', monitor: m }, '');
    } finally {
      server.close();
    }
  });

  it('asks a real Prometheus server for up, rates and quantiles of a job', async function () {
    // scripts/preflight.js installs Debian's prometheus before the tests: missing is a failure, not a skip.
    assert.ok(fs.existsSync(PROMETHEUS), `${PROMETHEUS} is missing: run node scripts/preflight.js`);
    const { health } = await api();
    const service = await startDemoService({ loadRps: 30 });
    const prom = await startPrometheus({ targets: [`${service.url}/metrics`], scrapeIntervalSeconds: 1, job: 'demo' });
    try {
      await setEndpoints([{ name: 'via prometheus', prometheus: prom.url, job: 'demo' }]);
      const m = await until('the endpoint', () => health.endpointMonitors.find((x) => x.config.name === 'via prometheus'));
      await until('rates from Prometheus', () => m.state.status === 'up' && (m.state.report?.requests?.total.value ?? 0) > 0 && (m.state.report?.latency?.p99.value ?? null) !== null, 60_000);
      const r = m.state.report!;
      console.log(`      via Prometheus: ${r.requests!.total.value!.toFixed(1)} req/s, p99 ${r.latency!.p99.value?.toFixed(1)} ms`);
      assert.ok(r.latency!.p50.value! <= r.latency!.p99.value!);
      await setEndpoints([{ name: 'no job', prometheus: prom.url, job: 'nope' }]);
      const n = await until('the endpoint', () => health.endpointMonitors.find((x) => x.config.name === 'no job'));
      await until('down', () => n.state.status === 'down');
      assert.strictEqual(n.state.reason, 'no such job');
    } finally {
      await prom.stop();
      await service.stop();
    }
  });
});
