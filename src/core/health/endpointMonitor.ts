import { queryServerHealth, singleValue } from '../prom/http/promApi';
import { scrape } from '../prom/http/scrape';
import type { EndpointConfig, HealthSettings } from '../../extension/health/healthSettings';
import type { EndpointSnapshot, FamilyView, HealthFigures } from './healthModel';
import { figuresFromScrapes, parseScrape, type ParsedScrape } from './scrapeFigures';

/** Points kept per series for the session trend (at 10 s polls: one hour). */
const TREND_POINTS = 360;
const TREND_SERIES = 2000;

/**
 * One endpoint's polling state: the last good figures survive failures (marked stale), rates
 * come from consecutive good scrapes, and each series keeps a short history for its trend.
 */
export class EndpointMonitor {
  private snapshot: EndpointSnapshot = { status: 'pending', stale: false };
  private previous: ParsedScrape | undefined;
  private readonly trends = new Map<string, Array<[number, number]>>();
  private failures = 0;

  constructor(readonly config: EndpointConfig) {}

  get state(): EndpointSnapshot {
    return this.snapshot;
  }

  /** Consecutive failed polls (for back-off). */
  get failureCount(): number {
    return this.failures;
  }

  trend(key: string): ReadonlyArray<[number, number]> {
    return this.trends.get(key) ?? [];
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
    return { ...last, status: 'down', reason, detail, stale: last.figures !== undefined || last.families !== undefined };
  }

  private async pollMetrics(settings: HealthSettings, token: string | undefined, signal?: AbortSignal): Promise<EndpointSnapshot> {
    if (!this.config.url) return this.down('invalid URL', 'the endpoint has neither "url" nor "prometheus" and "job"');
    const res = await scrape(this.config.url, { timeoutMs: settings.timeoutMs, maxBytes: settings.maxBytes, bearerToken: token, signal });
    if (!res.ok) return this.down(res.reason, res.detail);
    const parsed = parseScrape(res.body, res.contentType, res.scrapedAt);
    if ('error' in parsed) return this.down('not Prometheus text', parsed.error);
    const figures = figuresFromScrapes(this.previous, parsed, { requestMetric: this.config.requestMetric, latencyMetric: this.config.latencyMetric });
    this.previous = parsed;
    const families = parsed.families;
    this.record(parsed.scrapedAt, families);
    return { status: 'up', lastGoodAt: res.scrapedAt, stale: false, figures, families, raw: res.body, warnings: parsed.warnings };
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
    const rate = v('requestRate');
    const err = v('errorRatio');
    const figures: HealthFigures = {
      requestRate: rate === undefined ? undefined : { value: rate, source: src, byHandler: [] },
      errorRatePercent: err === undefined || Number.isNaN(err) ? undefined : { value: err * 100, source: src },
      latencyMs: { p50: ms(v('p50')), p90: ms(v('p90')), p99: ms(v('p99')), source: src },
      cpuPercent: v('cpu') === undefined ? undefined : { value: v('cpu')! * 100, source: src },
      memoryBytes: v('residentMemory') === undefined ? undefined : { value: v('residentMemory')!, source: src },
    };
    const now = Date.now();
    const families: FamilyView[] = Object.entries(r).map(([k, res]) => ({
      name: k,
      type: 'query',
      series: res.ok ? [{ key: `query:${k}`, label: k, value: singleValue(res) ?? NaN }] : [],
    }));
    this.record(now, families);
    return { status: 'up', lastGoodAt: now, stale: false, figures, families };
  }

  private record(t: number, families: FamilyView[]): void {
    for (const f of families) {
      for (const s of f.series) {
        let points = this.trends.get(s.key);
        if (!points) {
          if (this.trends.size >= TREND_SERIES) continue;
          points = [];
          this.trends.set(s.key, points);
        }
        points.push([t, s.value]);
        if (points.length > TREND_POINTS) points.shift();
      }
    }
  }
}

function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined || Number.isNaN(seconds) ? undefined : seconds * 1000;
}
