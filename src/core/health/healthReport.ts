import { histogramQuantileDetail } from './histogramQuantile';
import { histogramIncrease, histogramSeries } from './histogramSeries';
import { sampleKey, seriesKey, type Labels, type MetricFamily, type ParseResult, type Sample } from '../prom/model';
import { parseLabelFloat } from '../prom/exposition/numbers';
import { runInSlices, runToEnd, STEP_LINES, type Steps } from '../prom/exposition/steps';
import { counterRate, type CounterRate } from './rates';

/**
 * A service's health from two consecutive scrapes of its /metrics (docs/prometheus.md sections
 * 6, 7 and 10): request rate, error ratio, latency percentiles, process CPU / memory / file
 * descriptors / uptime, Node's event-loop lag and GC, Python's GC. It knows the metric names of
 * prometheus_client, prometheus-fastapi-instrumentator and prom-client, and takes a counter or
 * histogram the user picked instead. Every number says which metric it came from; a part whose
 * metrics are absent is undefined.
 */

export interface Snapshot {
  readonly result: ParseResult;
  /** Epoch ms when the response arrived (the time used for rates unless samples carry timestamps). */
  readonly receivedMs: number;
}

export type HealthUnit = 'req/s' | '%' | 'ms' | 'bytes' | 'count' | 's' | '/s';

export interface HealthValue {
  /** null when the metric is there but gives no number now (first poll, no requests in the interval). */
  readonly value: number | null;
  readonly unit: HealthUnit;
  /** Where the number comes from, in PromQL words, e.g. `rate(http_requests_total)`. */
  readonly source: string;
  /** Why the value is null, or what to keep in mind (e.g. "above the largest bucket, 1 s"). */
  readonly note?: string;
}

export interface NamedValue {
  readonly name: string;
  readonly value: HealthValue;
}

export interface HealthReport {
  /** Seconds between the two scrapes; undefined on the first poll. */
  readonly intervalSeconds?: number;
  readonly runtime?: { readonly name: string; readonly source: string };
  readonly requests?: {
    readonly total: HealthValue;
    /** Busiest first. */
    readonly byHandler: NamedValue[];
    /** The label the handlers come from (`handler`, `route`, ...). */
    readonly handlerLabel?: string;
  };
  /** 5xx share of the requests, percent. */
  readonly errorRatio?: HealthValue;
  readonly latency?: { readonly p50: HealthValue; readonly p90: HealthValue; readonly p99: HealthValue; readonly mean?: HealthValue };
  /** 100% = one core busy. */
  readonly cpu?: HealthValue;
  readonly memory?: HealthValue;
  readonly heapUsed?: HealthValue;
  readonly openFds?: HealthValue;
  readonly maxFds?: HealthValue;
  readonly uptime?: HealthValue;
  /** The process start time changed between the scrapes. */
  readonly restarted?: { readonly value: boolean; readonly source: string };
  readonly eventLoopLag?: HealthValue;
  readonly gc?: { readonly collections: HealthValue; readonly byGeneration: NamedValue[]; readonly timeInGc?: HealthValue };
  /** E.g. a metric the user picked that is not in the scrape (the known names were used instead). */
  readonly notes?: string[];
}

export interface HealthOptions {
  /** A counter (its family or `_total` sample name) or a histogram/summary family to count requests with. */
  readonly requestMetric?: string;
  /** A histogram or summary family for latency. */
  readonly latencyMetric?: string;
}

/** Request counters, most specific first: fastapi-instrumentator, starlette_exporter, prometheus_flask_exporter. */
const REQUEST_COUNTERS = ['http_requests_total', 'starlette_requests_total', 'flask_http_request_total'];
const REQUEST_COUNTER_PATTERN = /(^|_)http_requests?_total$/;
/** Latency histograms; the instrumentator's high-resolution one first (its labelled one has only 0.1/0.5/1 s buckets). */
const LATENCY_HISTOGRAMS = [
  'http_request_duration_highr_seconds',
  'http_request_duration_seconds',
  'starlette_request_duration_seconds',
  'flask_http_request_duration_seconds',
];
const LATENCY_PATTERN = /_request_duration_(?:highr_)?(?:seconds|milliseconds|ms)$/;
const HANDLER_LABELS = ['handler', 'route', 'path', 'endpoint', 'url'];
const STATUS_LABELS = ['status', 'code', 'status_code', 'http_status', 'response_code'];
const SERVER_ERROR = /^5(?:\d\d|xx)$/i;

/** One scrape, indexed. */
class Scrape {
  private readonly byName = new Map<string, Sample[]>();
  private readonly byKey = new Map<string, Sample>();
  private readonly families = new Map<string, MetricFamily>();

  constructor(readonly snap: Snapshot) {}

  /** Indexes the samples, pausing as the parser does (a large scrape has thousands). */
  *index(): Steps<this> {
    for (const f of this.snap.result.families) this.families.set(f.name, f);
    const samples = this.snap.result.samples;
    for (let i = 0; i < samples.length; i++) {
      if (i % STEP_LINES === 0) yield;
      const s = samples[i];
      let list = this.byName.get(s.name);
      if (!list) this.byName.set(s.name, (list = []));
      list.push(s);
      this.byKey.set(sampleKey(s), s);
    }
    return this;
  }

  samples(name: string): Sample[] {
    return this.byName.get(name) ?? [];
  }

  value(name: string): number | undefined {
    return this.byName.get(name)?.[0]?.value;
  }

  series(name: string, labels: Labels): Sample | undefined {
    return this.byKey.get(seriesKey(name, labels));
  }

  family(name: string): MetricFamily | undefined {
    return this.families.get(name);
  }

  familyOf(sampleName: string): MetricFamily | undefined {
    const s = this.byName.get(sampleName)?.[0];
    return s ? this.families.get(s.family) : undefined;
  }

  timeOf(s: Sample): number {
    return s.timestampMs ?? this.snap.receivedMs;
  }
}

/** `x_total` / `x_count` -> `x_created` (OpenMetrics `_created`, or client_python's 0.0.4 `_created` gauge). */
function createdName(sampleName: string): string {
  return sampleName.replace(/_(total|count)$/, '') + '_created';
}

interface SeriesRate {
  readonly labels: Labels;
  readonly rate: CounterRate | undefined;
  /** Value now (cumulative since the series started). */
  readonly value: number;
}

/**
 * Each scrape's index, made once: a scrape is the current one in one poll and the previous one in
 * the next, and indexing a large one twice was half of computeHealth's time (bench/results-load.md).
 */
const indexes = new WeakMap<Snapshot, Scrape>();

function* indexed(snap: Snapshot): Steps<Scrape> {
  let scrape = indexes.get(snap);
  if (!scrape) {
    scrape = yield* new Scrape(snap).index();
    indexes.set(snap, scrape);
  }
  return scrape;
}

export function computeHealth(prev: Snapshot | undefined, cur: Snapshot, options: HealthOptions = {}): HealthReport {
  return runToEnd(computeHealthSteps(prev, cur, options));
}

/** computeHealth a slice at a time (prom/exposition/steps.ts): the health view's driver. */
export function computeHealthInSlices(prev: Snapshot | undefined, cur: Snapshot, options: HealthOptions = {}): Promise<HealthReport> {
  return runInSlices(computeHealthSteps(prev, cur, options));
}

function* computeHealthSteps(prev: Snapshot | undefined, cur: Snapshot, options: HealthOptions): Steps<HealthReport> {
  const c = yield* indexed(cur);
  const p = prev ? yield* indexed(prev) : undefined;
  return reportOf(prev, cur, c, p, options);
}

function reportOf(prev: Snapshot | undefined, cur: Snapshot, c: Scrape, p: Scrape | undefined, options: HealthOptions): HealthReport {
  const intervalSeconds = prev ? (cur.receivedMs - prev.receivedMs) / 1000 : undefined;

  const startNow = c.value('process_start_time_seconds');
  const startBefore = p?.value('process_start_time_seconds');
  const restarted = startNow !== undefined && startBefore !== undefined && Math.abs(startNow - startBefore) > 1e-6;

  /** Rate of every series of a counter sample name between the scrapes. */
  const rates = (name: string): SeriesRate[] =>
    c.samples(name).map((s) => {
      const created = c.series(createdName(name), s.labels);
      const before = p?.series(name, s.labels);
      const reading = { value: s.value, timeMs: c.timeOf(s), ...(created ? { createdMs: created.value * 1000 } : {}) };
      const createdBefore = before ? p?.series(createdName(name), s.labels) : undefined;
      const rate = counterRate(
        before && p ? { value: before.value, timeMs: p.timeOf(before), ...(createdBefore ? { createdMs: createdBefore.value * 1000 } : {}) } : undefined,
        reading,
        { restarted, ...(prev ? { previousScrapeMs: prev.receivedMs, absentBefore: !restarted } : {}) },
      );
      return { labels: s.labels, rate, value: s.value };
    });

  /** Sum of per-second rates; null (with why) when no series has one yet. */
  const summed = (list: SeriesRate[], unit: HealthUnit, source: string, scale = 1): HealthValue => {
    const known = list.filter((r) => r.rate?.perSecond !== undefined);
    if (!p) return { value: null, unit, source, note: 'needs a second scrape' };
    if (known.length === 0) return { value: null, unit, source, note: 'no series present in both scrapes' };
    return { value: known.reduce((sum, r) => sum + (r.rate?.perSecond ?? 0), 0) * scale, unit, source };
  };

  const report: { -readonly [K in keyof HealthReport]: HealthReport[K] } = {};
  if (intervalSeconds !== undefined) report.intervalSeconds = intervalSeconds;

  const runtime = runtimeOf(c);
  if (runtime) report.runtime = runtime;

  const notes: string[] = [];
  // Requests, per handler, and the 5xx share.
  const requestSource = pickRequestSource(c, options.requestMetric, notes);
  if (requestSource) {
    const list = rates(requestSource);
    const source = `rate(${requestSource})`;
    const handlerLabel = HANDLER_LABELS.find((l) => list.some((r) => r.labels[l] !== undefined));
    const byHandler: NamedValue[] = [];
    if (handlerLabel) {
      const groups = new Map<string, SeriesRate[]>();
      for (const r of list) {
        const h = r.labels[handlerLabel] ?? '';
        groups.set(h, [...(groups.get(h) ?? []), r]);
      }
      for (const [name, group] of groups) byHandler.push({ name, value: summed(group, 'req/s', `sum by (${handlerLabel}) (${source})`) });
      byHandler.sort((a, b) => (b.value.value ?? -1) - (a.value.value ?? -1));
    }
    report.requests = { total: summed(list, 'req/s', `sum(${source})`), byHandler, ...(handlerLabel ? { handlerLabel } : {}) };
    const statusLabel = STATUS_LABELS.find((l) => list.some((r) => r.labels[l] !== undefined));
    if (statusLabel) report.errorRatio = errorRatio(list, statusLabel, requestSource, p !== undefined);
  }

  const latency = pickLatencySource(c, options.latencyMetric, notes);
  if (latency) report.latency = latencyOf(latency, c, p, restarted, prev?.receivedMs);

  // Process (prometheus_client on Linux, prom-client): CPU, memory, descriptors, uptime.
  const cpuName = c.samples('process_cpu_seconds_total').length > 0 ? 'process_cpu_seconds_total' : undefined;
  if (cpuName) report.cpu = summed(rates(cpuName), '%', `rate(${cpuName}) x 100`, 100);
  const gauge = (name: string, unit: HealthUnit, scale = 1): HealthValue | undefined => {
    const v = c.value(name);
    return v === undefined ? undefined : { value: v * scale, unit, source: name };
  };
  const memory = gauge('process_resident_memory_bytes', 'bytes');
  if (memory) report.memory = memory;
  const heap = gauge('nodejs_heap_size_used_bytes', 'bytes');
  if (heap) report.heapUsed = heap;
  const fds = gauge('process_open_fds', 'count');
  if (fds) report.openFds = fds;
  const maxFds = gauge('process_max_fds', 'count');
  if (maxFds) report.maxFds = maxFds;
  if (startNow !== undefined) {
    report.uptime = { value: cur.receivedMs / 1000 - startNow, unit: 's', source: 'time() - process_start_time_seconds' };
    if (startBefore !== undefined) report.restarted = { value: restarted, source: 'changes(process_start_time_seconds)' };
  }

  // Node: the event-loop delay percentiles; the plain gauge is measured during the scrape itself.
  const lag =
    gauge('nodejs_eventloop_lag_p99_seconds', 'ms', 1000) ??
    gauge('nodejs_eventloop_lag_mean_seconds', 'ms', 1000) ??
    withNote(gauge('nodejs_eventloop_lag_seconds', 'ms', 1000), 'measured while the scrape ran; it includes the scrape itself');
  if (lag) report.eventLoopLag = lag;

  // GC: Python's collections per generation; Node's GC pauses (a histogram per kind).
  if (c.samples('python_gc_collections_total').length > 0) {
    const list = rates('python_gc_collections_total');
    report.gc = {
      collections: summed(list, '/s', 'sum(rate(python_gc_collections_total))'),
      byGeneration: list.map((r) => ({
        name: `generation ${r.labels.generation ?? '?'}`,
        value: summed([r], '/s', `rate(python_gc_collections_total{generation="${r.labels.generation ?? ''}"})`),
      })),
    };
  } else if (c.samples('nodejs_gc_duration_seconds_count').length > 0) {
    const counts = rates('nodejs_gc_duration_seconds_count');
    report.gc = {
      collections: summed(counts, '/s', 'sum(rate(nodejs_gc_duration_seconds_count))'),
      byGeneration: counts.map((r) => ({
        name: r.labels.kind ?? '?',
        value: summed([r], '/s', `rate(nodejs_gc_duration_seconds_count{kind="${r.labels.kind ?? ''}"})`),
      })),
      timeInGc: summed(rates('nodejs_gc_duration_seconds_sum'), '%', 'sum(rate(nodejs_gc_duration_seconds_sum)) x 100', 100),
    };
  }
  if (notes.length > 0) report.notes = notes;
  return report;
}

function withNote(v: HealthValue | undefined, note: string): HealthValue | undefined {
  return v && { ...v, note };
}

function runtimeOf(c: Scrape): HealthReport['runtime'] {
  const py = c.samples('python_info')[0];
  if (py) return { name: `${py.labels.implementation ?? 'Python'} ${py.labels.version ?? ''}`.trim(), source: 'python_info' };
  const node = c.samples('nodejs_version_info')[0];
  if (node) return { name: `Node.js ${node.labels.version ?? ''}`.trim(), source: 'nodejs_version_info' };
  return undefined;
}

const COUNTING = new Set(['counter', 'unknown', 'untyped']);
const DISTRIBUTION = new Set(['histogram', 'summary', 'unknown', 'untyped']);

/** The sample name to count requests with: a counter's `_total` series, or a histogram's `_count`. */
function pickRequestSource(c: Scrape, picked: string | undefined, notes: string[]): string | undefined {
  if (picked !== undefined) {
    for (const name of [picked, `${picked}_total`, `${picked}_count`]) if (c.samples(name).length > 0) return name;
    const known = pickRequestSource(c, undefined, notes);
    notes.push(`the request metric "${picked}" is not in this scrape${known ? `; using ${known}` : ''}`);
    return known;
  }
  const isCounter = (name: string): boolean => c.samples(name).length > 0 && COUNTING.has(c.familyOf(name)?.type ?? 'unknown');
  for (const name of REQUEST_COUNTERS) if (isCounter(name)) return name;
  for (const f of c.snap.result.samples) if (REQUEST_COUNTER_PATTERN.test(f.name) && isCounter(f.name)) return f.name;
  // No counter: any request histogram's _count counts requests (the labelled one before the high-resolution one).
  for (const name of [...LATENCY_HISTOGRAMS.slice(1), LATENCY_HISTOGRAMS[0]]) if (c.samples(`${name}_count`).length > 0) return `${name}_count`;
  const family = c.snap.result.families.find((f) => LATENCY_PATTERN.test(f.name) && c.samples(`${f.name}_count`).length > 0);
  return family ? `${family.name}_count` : undefined;
}

interface LatencySource {
  readonly name: string;
  readonly kind: 'histogram' | 'summary';
  /** To milliseconds. */
  readonly scale: number;
  readonly unitNote?: string;
}

function pickLatencySource(c: Scrape, picked: string | undefined, notes: string[]): LatencySource | undefined {
  const describe = (name: string): LatencySource | undefined => {
    const type = c.family(name)?.type ?? 'unknown';
    const kind = c.samples(`${name}_bucket`).length > 0 ? 'histogram' : c.samples(name).some((s) => s.labels.quantile !== undefined) || type === 'summary' ? 'summary' : undefined;
    if (kind === undefined || !DISTRIBUTION.has(type)) return undefined;
    if (/_seconds$/.test(name)) return { name, kind, scale: 1000 };
    if (/_(milliseconds|ms)$/.test(name)) return { name, kind, scale: 1 };
    return { name, kind, scale: 1000, unitNote: 'no unit in the name: read as seconds' };
  };
  if (picked !== undefined) {
    const mine = describe(picked);
    if (mine) return mine;
    const known = pickLatencySource(c, undefined, notes);
    notes.push(`the latency metric "${picked}" is not a histogram or summary in this scrape${known ? `; using ${known.name}` : ''}`);
    return known;
  }
  for (const name of LATENCY_HISTOGRAMS) {
    const s = describe(name);
    if (s?.kind === 'histogram') return s;
  }
  for (const f of c.snap.result.families) {
    if (!LATENCY_PATTERN.test(f.name)) continue;
    const s = describe(f.name);
    if (s) return s;
  }
  return undefined;
}

function errorRatio(list: SeriesRate[], statusLabel: string, source: string, twoScrapes: boolean): HealthValue {
  const sourceText = `sum(rate(${source}{${statusLabel}=~"5.."})) / sum(rate(${source})) x 100`;
  const isError = (r: SeriesRate): boolean => SERVER_ERROR.test(r.labels[statusLabel] ?? '');
  if (!twoScrapes) {
    // One scrape: the share since the process started is still worth showing.
    const total = list.reduce((n, r) => n + r.value, 0);
    const errors = list.filter(isError).reduce((n, r) => n + r.value, 0);
    return total > 0
      ? { value: (100 * errors) / total, unit: '%', source: sourceText, note: 'since the process started (first scrape)' }
      : { value: null, unit: '%', source: sourceText, note: 'no requests yet' };
  }
  const rate = (r: SeriesRate): number => r.rate?.perSecond ?? 0;
  const total = list.reduce((n, r) => n + rate(r), 0);
  const errors = list.filter(isError).reduce((n, r) => n + rate(r), 0);
  return total > 0 ? { value: (100 * errors) / total, unit: '%', source: sourceText } : { value: null, unit: '%', source: sourceText, note: 'no requests in the interval' };
}

function latencyOf(src: LatencySource, c: Scrape, p: Scrape | undefined, restarted: boolean, previousMs: number | undefined): HealthReport['latency'] {
  const window = p ? undefined : 'since the process started (first scrape)';
  const join = (...notes: Array<string | undefined>): { note?: string } => {
    const text = notes.filter((n): n is string => n !== undefined).join('; ');
    return text ? { note: text } : {};
  };

  if (src.kind === 'summary') {
    // Summaries are precomputed by the client over its own window; they cannot be merged across series.
    const counts = c.samples(`${src.name}_count`);
    const busiest = counts.reduce<Sample | undefined>((best, s) => (best === undefined || s.value > best.value ? s : best), undefined);
    const base = busiest?.labels ?? {};
    const quantile = (q: number): HealthValue => {
      const s = c.samples(src.name).find((x) => parseLabelFloat(x.labels.quantile ?? '') === q && sameExcept(x.labels, base, 'quantile'));
      const source = `${src.name}{quantile="${q}"}`;
      return s === undefined || Number.isNaN(s.value)
        ? { value: null, unit: 'ms', source, note: 'the summary has no such quantile' }
        : { value: s.value * src.scale, unit: 'ms', source, ...join('as computed by the client over its own window', src.unitNote) };
    };
    const mean = meanOf(src, c, p, restarted);
    return { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), ...(mean ? { mean } : {}) };
  }

  const inc = histogramIncrease(p ? histogramSeries(p.snap.result, src.name) : undefined, histogramSeries(c.snap.result, src.name), {
    restarted,
    absentMeansNew: !restarted,
    ...(previousMs === undefined ? {} : { previousScrapeMs: previousMs }),
  });
  const quantile = (q: number): HealthValue => {
    const source = `histogram_quantile(${q}, sum by (le) (increase(${src.name}_bucket)))`;
    if (inc.count === 0) return { value: null, unit: 'ms', source, note: p ? 'no requests in the interval' : 'no requests yet' };
    const d = histogramQuantileDetail(q, inc.buckets);
    if (Number.isNaN(d.value)) return { value: null, unit: 'ms', source, note: 'the histogram has no +Inf bucket or no observations' };
    const above = d.aboveLargestBound ? `above ${d.value * src.scale} ms, the largest finite bucket; the true value is higher` : undefined;
    return { value: d.value * src.scale, unit: 'ms', source, ...join(above, window, src.unitNote) };
  };
  const mean: HealthValue =
    inc.count > 0
      ? { value: (inc.sum / inc.count) * src.scale, unit: 'ms', source: `increase(${src.name}_sum) / increase(${src.name}_count)`, ...join(window, src.unitNote) }
      : { value: null, unit: 'ms', source: `increase(${src.name}_sum) / increase(${src.name}_count)`, note: 'no requests in the interval' };
  return { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), mean };
}

function meanOf(src: LatencySource, c: Scrape, p: Scrape | undefined, restarted: boolean): HealthValue | undefined {
  const source = `increase(${src.name}_sum) / increase(${src.name}_count)`;
  const counts = c.samples(`${src.name}_count`);
  if (counts.length === 0) return undefined;
  let count = 0;
  let sum = 0;
  for (const s of counts) {
    const total = c.series(`${src.name}_sum`, s.labels)?.value ?? 0;
    const before = p?.series(`${src.name}_count`, s.labels);
    const sumBefore = p?.series(`${src.name}_sum`, s.labels)?.value ?? 0;
    const reset = restarted || (before !== undefined && s.value < before.value);
    count += before && !reset ? s.value - before.value : s.value;
    sum += before && !reset ? total - sumBefore : total;
  }
  return count > 0 ? { value: (sum / count) * src.scale, unit: 'ms', source } : { value: null, unit: 'ms', source, note: 'no requests in the interval' };
}

function sameExcept(a: Labels, b: Labels, except: string): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete(except);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}
