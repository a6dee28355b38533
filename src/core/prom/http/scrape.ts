import { failure, type HttpFailure } from './failure';
import { httpGet, isSuccess, mediaType } from './httpGet';

/**
 * Fetches a service's metrics endpoint the way Prometheus does (docs/prometheus.md section 4), and
 * turns every way it can go wrong into `{ ok: false, reason, detail }` for the health tree.
 * It does not parse: the body goes to the exposition parser, chosen by `contentType`.
 */

export interface ScrapeOptions {
  /** The whole request, redirects and body included (Prometheus' default scrape timeout is 10 s). */
  readonly timeoutMs: number;
  /** Body size limit, applied to the decompressed size too. See DEFAULT_SCRAPE_MAX_BYTES. */
  readonly maxBytes: number;
  readonly bearerToken?: string;
  readonly signal?: AbortSignal;
  /** Default 10. */
  readonly maxRedirects?: number;
}

export interface ScrapeSuccess {
  readonly ok: true;
  readonly body: string;
  /** The body's bytes as received (after Content-Encoding): for a parser that checks UTF-8 itself. */
  readonly bytes: Uint8Array;
  /** As sent; `application/openmetrics-text` -> OpenMetrics parser, otherwise text 0.0.4. '' when missing. */
  readonly contentType: string;
  readonly status: number;
  readonly durationMs: number;
  /** Epoch ms when the response headers arrived; the time to use for rates between scrapes. */
  readonly scrapedAt: number;
}

export type ScrapeFailure = HttpFailure;
export type ScrapeResult = ScrapeSuccess | ScrapeFailure;

export const DEFAULT_SCRAPE_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;

/** What Prometheus 2.42 sends (verified in the doc): OpenMetrics first, text 0.0.4 as fallback. */
export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const NOT_PROMETHEUS = 'not Prometheus text';
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const JSON_TYPES = new Set(['application/json', 'application/problem+json']);

/** The first line of an error body, so `HTTP 500` can say why. */
function snippet(body: Buffer, contentType: string): string {
  if (HTML_TYPES.has(mediaType(contentType))) return '';
  const text = body.subarray(0, 400).toString('utf8').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  if (text === '' || text.startsWith('<')) return '';
  return text.length > 120 ? `: ${text.slice(0, 120)}…` : `: ${text}`;
}

export async function scrape(url: string, options: ScrapeOptions): Promise<ScrapeResult> {
  const res = await httpGet(url, { ...options, accept: SCRAPE_ACCEPT });
  if (!res.ok) return res;
  const where = res.url;

  if (!isSuccess(res.status)) {
    let hint = '';
    if (res.status === 401 || res.status === 403) {
      hint = options.bearerToken ? ' The bearer token was refused.' : ' The endpoint may need a bearer token.';
    }
    const status = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
    return failure(`HTTP ${res.status}`, `${status} from ${where}${snippet(res.body, res.contentType)}.${hint}`);
  }

  const type = mediaType(res.contentType);
  if (HTML_TYPES.has(type)) {
    return failure(NOT_PROMETHEUS, `${where} answered with an HTML page (${type}), not metrics. Is the path /metrics?`);
  }
  if (JSON_TYPES.has(type)) {
    return failure(
      NOT_PROMETHEUS,
      `${where} answered with JSON (${type}), not metrics. For a Prometheus server, configure it as a server source.`,
    );
  }
  if (type.startsWith('application/vnd.google.protobuf')) {
    return failure(NOT_PROMETHEUS, `${where} answered with the protobuf format, which is not supported (text was asked for).`);
  }
  // A gzip body without Content-Encoding is a proxy misconfiguration that parsers report as gibberish.
  if (res.body.length >= 2 && res.body[0] === 0x1f && res.body[1] === 0x8b) {
    return failure(NOT_PROMETHEUS, `The body of ${where} is gzip-compressed but has no Content-Encoding header.`);
  }
  const body = res.body.toString('utf8');
  // An HTML error page served as text/plain (or without a type) would otherwise surface as a parse error on line 1.
  if (body.trimStart().startsWith('<')) {
    return failure(NOT_PROMETHEUS, `The body of ${where} looks like HTML or XML (starts with "<"), not metrics.`);
  }
  return {
    ok: true,
    body,
    bytes: res.body,
    contentType: res.contentType,
    status: res.status,
    durationMs: res.durationMs,
    scrapedAt: res.receivedAt,
  };
}
