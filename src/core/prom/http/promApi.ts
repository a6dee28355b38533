import { setOwn } from '../../format/dataKeys';
import { isDecimalToken } from '../../format/decimal';
import { failure, type HttpFailure } from './failure';
import { httpGet, isSuccess, mediaType, parseHttpUrl } from './httpGet';

/**
 * A small client for a Prometheus server's instant-query API (`GET /api/v1/query`, docs/prometheus.md
 * section 8), plus the PromQL the health view asks for a job. Failures come back like scrape's:
 * `{ ok: false, reason, detail }`, never thrown.
 */

export interface PromApiOptions {
  readonly timeoutMs: number;
  /** Response size limit (default 10 MB). */
  readonly maxBytes?: number;
  readonly bearerToken?: string;
  readonly signal?: AbortSignal;
  readonly maxRedirects?: number;
}

export interface InstantQueryOptions extends PromApiOptions {
  /** Evaluation time, Unix seconds; default: the server's now. */
  readonly time?: number;
}

export interface PromPoint {
  /** Unix seconds, as the API gives it. */
  readonly timestamp: number;
  /** NaN and +-Inf arrive as the strings "NaN", "+Inf", "-Inf" and are turned into numbers. */
  readonly value: number;
}

export interface PromVectorSample extends PromPoint {
  readonly metric: Readonly<Record<string, string>>;
}

export interface PromMatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly PromPoint[];
}

export type PromQueryData =
  | { readonly resultType: 'vector'; readonly result: readonly PromVectorSample[] }
  | { readonly resultType: 'matrix'; readonly result: readonly PromMatrixSeries[] }
  | { readonly resultType: 'scalar'; readonly result: PromPoint }
  | { readonly resultType: 'string'; readonly result: { readonly timestamp: number; readonly value: string } };

export interface PromQuerySuccess {
  readonly ok: true;
  readonly data: PromQueryData;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

export type PromQueryResult = PromQuerySuccess | HttpFailure;

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const NOT_API = 'not a Prometheus API';

/** `base` may carry a path prefix (`http://host/prometheus`); the API lives under it. */
export function promApiUrl(base: string, path: string): URL | HttpFailure {
  const url = parseHttpUrl(base);
  if (!(url instanceof URL)) return url;
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL(path.replace(/^\/+/, ''), url);
}

export async function instantQuery(serverUrl: string, query: string, options: InstantQueryOptions): Promise<PromQueryResult> {
  const url = promApiUrl(serverUrl, 'api/v1/query');
  if (!(url instanceof URL)) return url;
  url.searchParams.set('query', query);
  if (options.time !== undefined) url.searchParams.set('time', String(options.time));
  const res = await httpGet(url.href, {
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    accept: 'application/json',
    bearerToken: options.bearerToken,
    signal: options.signal,
    maxRedirects: options.maxRedirects,
  });
  if (!res.ok) return res;

  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    if (!isSuccess(res.status)) return failure(`HTTP ${res.status}`, `${res.status} ${res.statusText} from ${res.url}.`);
    const type = mediaType(res.contentType) || 'no content type';
    return failure(NOT_API, `${res.url} did not answer JSON (${type}). Is it the Prometheus server's base URL?`);
  }
  if (!isRecord(json)) return failure(NOT_API, `${res.url} answered JSON that is not an API envelope.`);

  // Prometheus explains 400/422/503 in the envelope: that message is more useful than the status.
  if (json.status === 'error') {
    const type = typeof json.errorType === 'string' ? json.errorType : 'unknown';
    const message = typeof json.error === 'string' ? json.error : 'no message';
    return failure(`API error: ${type}`, `${message} (HTTP ${res.status}; query ${query}).`);
  }
  if (!isSuccess(res.status)) return failure(`HTTP ${res.status}`, `${res.status} ${res.statusText} from ${res.url}.`);
  if (json.status !== 'success') return failure(NOT_API, `${res.url} answered JSON without "status": "success".`);

  const data = readData(json.data);
  if (typeof data === 'string') return failure(NOT_API, `${res.url}: ${data}.`);
  const warnings = Array.isArray(json.warnings) ? json.warnings.filter((w): w is string => typeof w === 'string') : [];
  return { ok: true, data, warnings, durationMs: res.durationMs };
}

/** The one number of a query that yields a single series or a scalar; undefined when there is none (no data yet). */
export function singleValue(result: PromQueryResult): number | undefined {
  if (!result.ok) return undefined;
  const { data } = result;
  if (data.resultType === 'scalar') return data.result.value;
  if (data.resultType === 'vector' && data.result.length === 1) return data.result[0].value;
  return undefined;
}

// ---- PromQL for the health view ---------------------------------------------------------------

export interface ServerHealthQueries {
  /** `up` per instance of the job (1 = last scrape succeeded). */
  readonly up: string;
  /** Requests per second, summed over instances and labels. */
  readonly requestRate: string;
  /** Share of 5xx responses, 0..1; NaN when there was no traffic, no result when the job has no request counter. */
  readonly errorRatio: string;
  readonly p50: string;
  readonly p90: string;
  readonly p99: string;
  /** CPU seconds per second (1 = one full core), summed over instances. */
  readonly cpu: string;
  /** Resident memory in bytes, summed over instances. */
  readonly residentMemory: string;
}

export interface ServerHealthQueryOptions {
  /** The rate window; default `1m`. Needs at least two scrapes inside it. */
  readonly window?: string;
}

/**
 * Request counters in the order tried: fastapi-instrumentator and our demo expose `http_requests_total`;
 * any latency histogram's `_count` counts requests too (prom-client apps often have only that).
 */
const REQUEST_COUNTERS = ['http_requests_total', 'http_request_duration_seconds_count'] as const;
/** Where client libraries put the status code: instrumentator `status` ("5xx"), prom-client apps `code` or `status_code`. */
const STATUS_LABELS = ['status', 'code', 'status_code'] as const;
/** The high-resolution histogram first: instrumentator's labelled one has only 0.1/0.5/1 s buckets (docs/prometheus.md section 10). */
const LATENCY_HISTOGRAMS = ['http_request_duration_highr_seconds', 'http_request_duration_seconds'] as const;

/** A PromQL double-quoted string literal. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * PromQL for the health tree of one job. Alternatives are joined with `or`, which keeps the left
 * result when it exists: every alternative is aggregated to no labels, so they are interchangeable.
 */
export function serverHealthQueries(job: string, options: ServerHealthQueryOptions = {}): ServerHealthQueries {
  const window = options.window ?? '1m';
  if (!/^([0-9]+(ms|s|m|h|d|w|y))+$/.test(window)) {
    throw new RangeError(`serverHealthQueries: "${window}" is not a PromQL duration such as 1m or 30s`);
  }
  const sel = (metric: string, extra = ''): string => `${metric}{job=${promqlString(job)}${extra}}`;
  const rate = (metric: string, extra = ''): string => `sum(rate(${sel(metric, extra)}[${window}]))`;

  const requestRate = REQUEST_COUNTERS.map((m) => rate(m)).join(' or ');
  // `or vector(0)`: a service that never failed has no 5xx series at all, and that is a ratio of 0, not "no data".
  const errorRatio = REQUEST_COUNTERS.map((m) => {
    const errors = STATUS_LABELS.map((label) => rate(m, `,${label}=~"5.."`)).join(' or ');
    return `((${errors} or vector(0)) / ${rate(m)})`;
  }).join(' or ');
  const quantile = (q: number): string =>
    LATENCY_HISTOGRAMS.map((h) => `histogram_quantile(${q}, sum by (le) (rate(${sel(`${h}_bucket`)}[${window}])))`).join(' or ');

  return {
    up: sel('up'),
    requestRate,
    errorRatio,
    p50: quantile(0.5),
    p90: quantile(0.9),
    p99: quantile(0.99),
    cpu: rate('process_cpu_seconds_total'),
    residentMemory: `sum(${sel('process_resident_memory_bytes')})`,
  };
}

export type ServerHealthResults = { readonly [K in keyof ServerHealthQueries]: PromQueryResult };

/** Runs every health query for a job at once; each one succeeds or fails on its own. */
export async function queryServerHealth(
  serverUrl: string,
  job: string,
  options: InstantQueryOptions & ServerHealthQueryOptions,
): Promise<ServerHealthResults> {
  const queries = serverHealthQueries(job, options);
  const keys = Object.keys(queries) as (keyof ServerHealthQueries)[];
  const results = await Promise.all(keys.map((k) => instantQuery(serverUrl, queries[k], options)));
  return Object.fromEntries(keys.map((k, i) => [k, results[i]])) as unknown as ServerHealthResults;
}

// ---- reading the JSON --------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The API's sample value strings; anything else is a malformed answer. */
function parseValue(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  if (raw === 'NaN') return NaN;
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  // Number('') is 0 and Number('0x1') is 1: check the shape first.
  return isDecimalToken(raw) ? Number(raw) : undefined;
}

function readPoint(v: unknown): PromPoint | undefined {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number') return undefined;
  const value = parseValue(v[1]);
  return value === undefined ? undefined : { timestamp: v[0], value };
}

function readLabels(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') return undefined;
    setOwn(out, k, x);
  }
  return out;
}

/** The `data` member, or a string saying what is wrong with it. */
function readData(data: unknown): PromQueryData | string {
  if (!isRecord(data)) return 'no "data" object';
  const { resultType, result } = data;
  switch (resultType) {
    case 'vector': {
      if (!Array.isArray(result)) return 'vector result is not an array';
      const samples: PromVectorSample[] = [];
      for (const item of result) {
        const metric = isRecord(item) ? readLabels(item.metric) : undefined;
        const point = isRecord(item) ? readPoint(item.value) : undefined;
        if (!metric || !point) return 'malformed vector sample';
        samples.push({ metric, ...point });
      }
      return { resultType, result: samples };
    }
    case 'matrix': {
      if (!Array.isArray(result)) return 'matrix result is not an array';
      const series: PromMatrixSeries[] = [];
      for (const item of result) {
        const metric = isRecord(item) ? readLabels(item.metric) : undefined;
        const raw = isRecord(item) && Array.isArray(item.values) ? item.values : undefined;
        const values = raw?.map(readPoint);
        if (!metric || !values || values.some((p) => p === undefined)) return 'malformed matrix series';
        series.push({ metric, values: values as PromPoint[] });
      }
      return { resultType, result: series };
    }
    case 'scalar': {
      const point = readPoint(result);
      return point ? { resultType, result: point } : 'malformed scalar';
    }
    case 'string': {
      if (!Array.isArray(result) || typeof result[0] !== 'number' || typeof result[1] !== 'string') return 'malformed string result';
      return { resultType, result: { timestamp: result[0], value: result[1] } };
    }
    default:
      return `unknown resultType ${JSON.stringify(resultType)}`;
  }
}
