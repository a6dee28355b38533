import { strict as assert } from 'assert';
import { spawn, type ChildProcessByStdio } from 'child_process';
import type { Readable, Writable } from 'stream';
import * as path from 'path';
import { EndpointMonitor } from '../../src/core/health/endpointMonitor';
import type { HealthSettings } from '../../src/core/health/endpointConfig';

// Issue 13, load: a short run of `npm run load`'s endpoint mix (bench/loadEndpoints.js: healthy,
// slow, hanging, 10 MB bodies with and without Content-Length, gzip bombs, large bodies, flapping)
// through the health view's own monitor. Each endpoint's state is asserted; no timing is (the
// deadline is generous so that a loaded machine still decides each case the same way).
const ROOT = path.join(__dirname, '..', '..', '..');

interface Info {
  readonly endpoints: { name: string; kind: string; url: string }[];
}

const SETTINGS: HealthSettings = {
  endpoints: [],
  untrustedSkipped: 0,
  pollIntervalMs: 1000,
  timeoutMs: 10_000,
  maxBytes: 10 * 1024 * 1024,
  errorRatePercent: 5,
  p99LatencyMs: 1000,
};

describe('health view under the load mix: every endpoint ends in its state (issue 13)', function () {
  this.timeout(120_000);
  let child: ChildProcessByStdio<Writable, Readable, null>;
  let info: Info;
  let output = '';
  const waitFor = (line: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (output.includes(line)) {
          child.stdout.off('data', check);
          resolve();
        }
      };
      child.stdout.on('data', check);
      check();
    });

  before(async () => {
    // Scale 0.2: every kind at least once, and both 10 MB variants (Content-Length, chunked).
    child = spawn(process.execPath, [path.join(ROOT, 'bench/loadEndpoints.js'), '--scale', '0.2'], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor('\n');
    info = JSON.parse(output.slice(0, output.indexOf('\n'))) as Info;
  });
  after(() => {
    child.stdin.end();
    child.kill();
  });

  it('healthy, slow and large are up with figures; hanging times out; 10 MB bodies and gzip bombs are too large', async () => {
    const monitors = info.endpoints.filter((e) => e.kind !== 'flapping').map((e) => ({ e, m: new EndpointMonitor({ name: e.name, url: e.url }) }));
    assert.deepEqual(new Set(monitors.map((x) => x.e.kind)), new Set(['healthy', 'slow', 'hanging', 'huge', 'gzip-bomb', 'large']));
    // Twice: the second scrape gives rates.
    for (let round = 0; round < 2; round++) await Promise.all(monitors.map((x) => x.m.poll(SETTINGS, undefined)));
    for (const { e, m } of monitors) {
      const s = m.state;
      const where = `${e.name}: ${s.status} ${s.reason ?? ''} ${s.detail ?? ''}`;
      if (e.kind === 'healthy' || e.kind === 'slow') {
        assert.equal(s.status, 'up', where);
        // 20 requests between scrapes of the same endpoint; the rate is positive.
        assert.ok((s.report?.requests?.total.value ?? 0) > 0, where);
        assert.ok(s.report?.latency?.p99.value !== null, where);
      } else if (e.kind === 'large') {
        assert.equal(s.status, 'up', where);
        assert.equal(s.families?.find((f) => f.name === 'app_items_total')?.series.length, 8000, where);
      } else if (e.kind === 'hanging') {
        assert.equal(s.status, 'down', where);
        assert.equal(s.reason, 'timeout', where);
      } else {
        assert.equal(s.status, 'down', where);
        assert.match(s.reason ?? '', /^too large \(> 10 MB\)$/, where);
      }
    }
  });

  it('flapping: down (ECONNREFUSED, the last values kept as stale) when its port closes, up again when it opens', async () => {
    const e = info.endpoints.find((x) => x.kind === 'flapping')!;
    const m = new EndpointMonitor({ name: e.name, url: e.url });
    assert.equal((await m.poll(SETTINGS, undefined)).status, 'up');
    child.stdin.write(`down ${e.name}\n`);
    await waitFor(`ok ${e.name}\n`);
    output = output.replace(`ok ${e.name}\n`, '');
    const down = await m.poll(SETTINGS, undefined);
    assert.equal(down.status, 'down');
    assert.equal(down.reason, 'ECONNREFUSED');
    assert.equal(down.stale, true);
    assert.ok(down.report, 'the last good values stay');
    child.stdin.write(`up ${e.name}\n`);
    await waitFor(`ok ${e.name}\n`);
    const up = await m.poll(SETTINGS, undefined);
    assert.equal(up.status, 'up', `${up.reason} ${up.detail}`);
    assert.equal(up.stale, false);
  });
});
