import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { readBody, type BodyRead } from './body';
import { failure, networkFailure, redactUrl, type HttpFailure } from './failure';
import { DEFAULT_MAX_REDIRECTS, isRedirect, redirectTarget } from './redirects';

/**
 * One bounded HTTP GET for the health view (a /metrics scrape or a Prometheus API call).
 * Every failure comes back as `{ ok: false, reason, detail }`: the reason is short enough for a
 * tree node (`ECONNREFUSED`, `timeout`, `too large (> 10 MB)`), the detail says what happened.
 * Nothing throws and nothing is left running once the promise settles.
 */

export interface HttpGetOptions {
  /** Covers the whole exchange: connecting, every redirect, headers and the full body. */
  readonly timeoutMs: number;
  /** Limit on the body, both as sent and after gzip decompression. */
  readonly maxBytes: number;
  /** The Accept header. */
  readonly accept: string;
  readonly bearerToken?: string;
  readonly signal?: AbortSignal;
  /** Redirects followed before giving up; 0 turns a redirect into an `HTTP 3xx` failure. Default 10, as Prometheus. */
  readonly maxRedirects?: number;
}

export interface HttpResponse {
  readonly ok: true;
  readonly status: number;
  readonly statusText: string;
  /** The Content-Type header as sent ('' when missing). */
  readonly contentType: string;
  /** The decompressed body. For a non-2xx status at most 64 KiB of it (enough for an error message). */
  readonly body: Buffer;
  /** The URL that answered, after redirects (credentials removed). */
  readonly url: string;
  readonly durationMs: number;
  /** Epoch ms when the final response's headers arrived: the closest the client gets to when the values were read. */
  readonly receivedAt: number;
}

export type HttpGetResult = HttpResponse | HttpFailure;

const USER_AGENT = 'drift-inspector';

/** Parses a settings value; only absolute http(s) URLs are accepted. */
export function parseHttpUrl(raw: string): URL | HttpFailure {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return failure('invalid URL', `"${text}" is not an absolute URL (expected e.g. http://127.0.0.1:8000/metrics).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failure('invalid URL', `Only http and https are supported, not ${url.protocol} ("${redactUrl(url)}").`);
  }
  return url;
}

/** `text/plain; version=0.0.4` -> `text/plain`. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * GET with a deadline, a body limit counted after decompression, and redirects. What decides is
 * elsewhere: which redirects are followed (redirects.ts), how a body is decoded and limited
 * (body.ts), how failures read (failure.ts). What stays here is the request's life: one timer,
 * one abort listener, every request of the chain dropped by finish().
 */
export function httpGet(rawUrl: string, options: HttpGetOptions): Promise<HttpGetResult> {
  return new Promise<HttpGetResult>((resolve) => {
    const started = performance.now();
    const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const { signal, maxBytes } = options;
    let settled = false;
    /** Every request of the redirect chain, so that finish() can drop them all. */
    const requests: http.ClientRequest[] = [];
    let body: BodyRead | undefined;
    let timer: NodeJS.Timeout | undefined = undefined; // set once the URL is valid; finish() may run before

    const onAbort = (): void => finish(failure('cancelled', 'The request was cancelled.'));
    function finish(result: HttpGetResult): void {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Destroying after a complete response is harmless; after a failure it frees the socket at once.
      body?.destroy();
      for (const r of requests) r.destroy();
      resolve(result);
    }

    const parsed = parseHttpUrl(rawUrl);
    if (!(parsed instanceof URL)) return finish(parsed);
    const first: URL = parsed;
    const token = options.bearerToken?.trim();
    // A token with a line break or control character would be a header injection; Node would throw.
    if (token !== undefined && token !== '' && !/^[\x21-\x7e]+$/.test(token)) {
      return finish(failure('invalid bearer token', 'The bearer token contains spaces or control characters.'));
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(
      () => finish(failure('timeout', `No complete answer within ${options.timeoutMs} ms (GET ${redactUrl(first)}).`)),
      options.timeoutMs,
    );

    const visited = new Set<string>([first.href]);
    request(first, 0);

    function request(url: URL, hop: number): void {
      const headers: http.OutgoingHttpHeaders = {
        Accept: options.accept,
        'Accept-Encoding': 'gzip',
        'User-Agent': USER_AGENT,
      };
      // As browsers and fetch do: the token is for the configured origin, never for where a redirect points.
      if (token && url.origin === first.origin) headers.Authorization = `Bearer ${token}`;
      const transport = url.protocol === 'https:' ? https : http;
      let req: http.ClientRequest;
      try {
        // agent: false - a fresh connection per poll, so nothing idles between polls or outlives a test.
        req = transport.request(url, { method: 'GET', headers, agent: false });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        return finish(failure('invalid request', `${err.message} (GET ${redactUrl(url)}).`));
      }
      requests.push(req);
      // Only the latest hop counts: a late error on a redirect already followed is no failure.
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (req === requests[requests.length - 1]) finish(networkFailure(err, url));
      });
      req.on('response', (res) => onResponse(res, url, hop));
      req.end();
    }

    function onResponse(res: http.IncomingMessage, url: URL, hop: number): void {
      const receivedAt = Date.now();
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (isRedirect(status, location, maxRedirects)) {
        res.resume();
        const next = redirectTarget(status, location, url, { visited, hop, maxRedirects });
        if (!(next instanceof URL)) return finish(next);
        visited.add(next.href);
        return request(next, hop + 1);
      }
      body = readBody(res, url, maxBytes, isSuccess(status), (read) => {
        if (!Buffer.isBuffer(read)) return finish(read);
        finish({
          ok: true,
          status,
          statusText: res.statusMessage ?? '',
          contentType: res.headers['content-type'] ?? '',
          body: read,
          url: redactUrl(url),
          durationMs: performance.now() - started,
          receivedAt,
        });
      });
    }
  });
}
