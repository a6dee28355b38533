import { queryServerHealth, singleValue } from '../prom/http/promApi';
import { scrape } from '../prom/http/scrape';
import type { EndpointConfig, HealthSettings } from './endpointConfig';
import type { EndpointSnapshot, FamilyView } from './healthModel';
import { computeHealthInSlices, type HealthReport, type HealthValue } from './healthReport';
import { parseScrapeInSlices, type ParsedScrape } from './parsedScrape';
import { runInSlices, runToEnd, STEP_LINES, type Steps } from '../prom/exposition/steps';
import { SeriesHeads } from '../prom/exposition/text/seriesHeads';

/** Points kept per series for the session trend (at 10 s polls: one hour). */
const TREND_POINTS = 360;
const TREND_SERIES = 2000;

/**
 * One endpoint's polling state: the last good report survives failures (marked stale), rates
 * come from consecutive good scrapes, and each series keeps a short history for its trend.
 */
export class EndpointMonitor {
  private snapshot: EndpointSnapshot = { status: 'pending', stale: false };
  private previous: ParsedScrape | undefined;
  /**
   * Per series, the last TREND_POINTS (time, value) pairs in a ring of one Float64Array: up to
   * TREND_SERIES x TREND_POINTS pairs per endpoint live for the session, and as small arrays they
   * filled the old generation with objects every major GC had to trace (bench/results-load.md).
   */
  private readonly trends = new Map<string, { readonly ring: Float64Array; next: number; size: number }>();
  private failures = 0;
  /** The series lines this endpoint wrote before, read once (prom/exposition/text/seriesHeads.ts). */
  private readonly heads = new SeriesHeads();

  constructor(readonly config: EndpointConfig) {}

  get state(): EndpointSnapshot {
    return this.snapshot;
  }

  /** Consecutive failed polls (for back-off). */
  get failureCount(): number {
    return this.failures;
  }

  trend(key: string): ReadonlyArray<[number, number]> {
    const t = this.trends.get(key);
    if (!t) return [];
    const out: Array<[number, number]> = [];
    const first = (t.next - t.size + TREND_POINTS) % TREND_POINTS;
    for (let i = 0; i < t.size; i++) {
      const k = (first + i) % TREND_POINTS;
      out.push([t.ring[2 * k], t.ring[2 * k + 1]]);
    }
    return out;
  }

  async poll(settings: HealthSettings, token: string | undefined, signal?: AbortSignal): Promise<EndpointSnapshot> {
    try {
      this.snapshot = this.config.prometheus ? await this.pollServer(settings, token, signal) : await this.pollMetrics(settings, token, signal);
    } catch (e) {
      // Nothing may escape into the extension host; an unexpected error is this endpoint's problem.
      this.snapshot = this.down('error', e instanceof Error ? e.message : String(e));
    }
    this.failures = this.snapshot.status === 'down' ? this.failures + 1 : 0;
    return this.snapshot;
  }

  private down(reason: string, detail: string): EndpointSnapshot {
    const last = this.snapshot;
    return { ...last, status: 'down', reason, detail, stale: last.report !== undefined || last.families !== undefined };
  }

  private async pollMetrics(settings: HealthSettings, token: string | undefined, signal?: AbortSignal): Promise<EndpointSnapshot> {
    if (!this.config.url) return this.down('invalid URL', 'the endpoint has neither "url" nor "prometheus" and "job"');
    const res = await scrape(this.config.url, { timeoutMs: settings.timeoutMs, maxBytes: settings.maxBytes, bearerToken: token, signal });
    if (!res.ok) return this.down(res.reason, res.detail);
    // In slices: a large body never holds the extension host's event loop for long (bench/results-load.md).
    const parsed = await parseScrapeInSlices(res.body, res.contentType, res.scrapedAt, this.heads);
    if ('error' in parsed) return this.down('not Prometheus text', parsed.error);
    const report = await computeHealthInSlices(this.previous, parsed, { requestMetric: this.config.requestMetric, latencyMetric: this.config.latencyMetric });
    this.previous = parsed;
    const families = parsed.families;
    await runInSlices(this.record(parsed.receivedMs, families));
    return { status: 'up', lastGoodAt: res.scrapedAt, stale: false, report, families, raw: res.body, warnings: parsed.warnings };
  }

  private async pollServer(settings: HealthSettings, token: string | undefined, signal?: AbortSignal): Promise<EndpointSnapshot> {
    const job = this.config.job ?? '';
    if (!job) return this.down('no job', 'a Prometheus endpoint needs "job": the job label of the service');
    const r = await queryServerHealth(this.config.prometheus!, job, { timeoutMs: settings.timeoutMs, maxBytes: settings.maxBytes, bearerToken: token, signal });
    const up = r.up;
    if (!up.ok) return this.down(up.reason, up.detail);
    const upValue = singleValue(up);
    if (upValue === undefined) return this.down('no such job', `Prometheus has no target with job="${job}"`);
    if (upValue < 1) return this.down('target down', `Prometheus reports up{job="${job}"} = 0: its last scrape of the service failed`);
    const v = (k: keyof typeof r) => singleValue(r[k]);
    const src = `Prometheus ${this.config.prometheus}, job="${job}"`;
    // The server's answers in the report's units (its queries are in prom/http/promApi.ts).
    const value = (k: keyof typeof r, unit: HealthValue['unit'], scale = 1): HealthValue | undefined => {
      const x = v(k);
      return x === undefined || Number.isNaN(x) ? undefined : { value: x * scale, unit, source: src };
    };
    const latency = (k: 'p50' | 'p90' | 'p99'): HealthValue => value(k, 'ms', 1000) ?? { value: null, unit: 'ms', source: src, note: 'no answer from Prometheus' };
    const total = value('requestRate', 'req/s');
    const report: HealthReport = {
      ...(total ? { requests: { total, byHandler: [] } } : {}),
      ...optional('errorRatio', value('errorRatio', '%', 100)),
      latency: { p50: latency('p50'), p90: latency('p90'), p99: latency('p99') },
      ...optional('cpu', value('cpu', '%', 100)),
      ...optional('memory', value('residentMemory', 'bytes')),
    };
    const now = Date.now();
    const families: FamilyView[] = Object.entries(r).map(([k, res]) => ({
      name: k,
      type: 'query',
      series: res.ok ? [{ key: `query:${k}`, label: k, value: singleValue(res) ?? NaN }] : [],
    }));
    runToEnd(this.record(now, families));
    return { status: 'up', lastGoodAt: now, stale: false, report, families };
  }

  /** Adds a scrape's values to the trends, pausing as the parser does (a large scrape has thousands of series). */
  private *record(t: number, families: FamilyView[]): Steps<void> {
    let n = 0;
    for (const f of families) {
      for (const s of f.series) {
        if (n++ % STEP_LINES === 0) yield;
        let points = this.trends.get(s.key);
        if (!points) {
          if (this.trends.size >= TREND_SERIES) continue;
          points = { ring: new Float64Array(2 * TREND_POINTS), next: 0, size: 0 };
          this.trends.set(s.key, points);
        }
        points.ring[2 * points.next] = t;
        points.ring[2 * points.next + 1] = s.value;
        points.next = (points.next + 1) % TREND_POINTS;
        points.size = Math.min(TREND_POINTS, points.size + 1);
      }
    }
  }
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
