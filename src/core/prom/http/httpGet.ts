import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { formatBytes } from '../../format/bytes';
import { compressionOf, type Compression } from '../exposition/decode';

/**
 * One bounded HTTP GET for the health view (a /metrics scrape or a Prometheus API call).
 * Every failure comes back as `{ ok: false, reason, detail }`: the reason is short enough for a
 * tree node (`ECONNREFUSED`, `timeout`, `too large (> 10 MB)`), the detail says what happened.
 * Nothing throws and nothing is left running once the promise settles.
 */

export interface HttpFailure {
  readonly ok: false;
  /** Short, for a tree node: `ECONNREFUSED`, `HTTP 404`, `timeout`, `redirect loop`, ... */
  readonly reason: string;
  /** One or two sentences for a tooltip or the log. Never contains the bearer token or URL credentials. */
  readonly detail: string;
}

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

export const DEFAULT_MAX_REDIRECTS = 10;
const USER_AGENT = 'drift-inspector';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Error pages are only read for their message. */
const ERROR_BODY_BYTES = 64 * 1024;

export function failure(reason: string, detail: string): HttpFailure {
  return { ok: false, reason, detail };
}

/** The URL without user:password, for messages. */
export function redactUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

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

/** Node's error codes are what users search for; HTTP parser codes mean "that port does not speak HTTP". */
function networkFailure(err: NodeJS.ErrnoException, url: URL): HttpFailure {
  const where = `GET ${redactUrl(url)}`;
  const code = err.code;
  if (code?.startsWith('HPE_')) return failure('not HTTP', `The server did not answer in HTTP (${err.message}; ${where}).`);
  if (code === 'ECONNRESET') return failure('ECONNRESET', `The connection was closed before a complete answer (${where}).`);
  return failure(code ?? 'network error', `${err.message} (${where}).`);
}

/** `text/plain; version=0.0.4` -> `text/plain`. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Where a redirect answer points, or why it is not followed: not a URL, not http(s), a loop, or
 * one hop too many. (The token rule for the next hop is in request(): same origin only.)
 */
function redirectTarget(
  status: number,
  location: string,
  from: URL,
  chain: { readonly visited: ReadonlySet<string>; readonly hop: number; readonly maxRedirects: number },
): URL | HttpFailure {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return failure('invalid redirect', `HTTP ${status} to "${location}", which is not a URL.`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return failure('invalid redirect', `HTTP ${status} to ${next.protocol} (only http and https are followed).`);
  }
  if (chain.visited.has(next.href)) {
    return failure('redirect loop', `${redactUrl(from)} redirects back to ${redactUrl(next)}, which was already visited.`);
  }
  if (chain.hop + 1 > chain.maxRedirects) {
    return failure('too many redirects', `More than ${chain.maxRedirects} redirects, the last to ${redactUrl(next)}.`);
  }
  return next;
}

/** The streaming decoder for a body's compression (the whole-body one is prom/exposition/decode.ts). */
function streamDecoder(compression: Compression): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress {
  // Output in 1 MiB pieces, not zlib's 16 KiB: each piece is a round trip through the thread pool
  // and the event loop, and a 10 MiB body (or a gzip bomb up to the limit) in 640 round trips
  // missed its deadline when the loop was busy (bench/results-load.md); 10 pieces do not.
  const options = { chunkSize: 1 << 20 };
  if (compression === 'gzip') return zlib.createGunzip(options);
  if (compression === 'deflate') return zlib.createInflate(options);
  return zlib.createBrotliDecompress(options);
}

/**
 * GET with a deadline, a body limit counted after decompression, and redirects. The parts that
 * decide (redirectTarget, streamDecoder, compressionOf) are separate functions; what stays here is
 * the request's life: one timer, one abort listener, every request of the chain dropped by finish().
 */
export function httpGet(rawUrl: string, options: HttpGetOptions): Promise<HttpGetResult> {
  return new Promise<HttpGetResult>((resolve) => {
    const started = performance.now();
    const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const { signal, maxBytes } = options;
    let settled = false;
    /** Every request of the redirect chain, so that finish() can drop them all. */
    const requests: http.ClientRequest[] = [];
    let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined;
    let timer: NodeJS.Timeout | undefined = undefined; // set once the URL is valid; finish() may run before

    const onAbort = (): void => finish(failure('cancelled', 'The request was cancelled.'));
    function finish(result: HttpGetResult): void {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Destroying after a complete response is harmless; after a failure it frees the socket at once.
      decoder?.destroy();
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
      if (REDIRECT_STATUSES.has(status) && location !== undefined && maxRedirects > 0) {
        res.resume();
        const next = redirectTarget(status, location, url, { visited, hop, maxRedirects });
        if (!(next instanceof URL)) return finish(next);
        visited.add(next.href);
        return request(next, hop + 1);
      }

      const success = isSuccess(status);
      const limit = success ? maxBytes : Math.min(maxBytes, ERROR_BODY_BYTES);
      const tooLarge = (): void =>
        finish(failure(`too large (> ${formatBytes(maxBytes)})`, `The body of ${redactUrl(url)} is larger than ${formatBytes(maxBytes)}.`));
      const declared = Number(res.headers['content-length']);
      if (success && Number.isFinite(declared) && declared > maxBytes) return tooLarge();

      const chunks: Buffer[] = [];
      let rawBytes = 0;
      let bodyBytes = 0;
      let truncated = false;
      const complete = (): void =>
        finish({
          ok: true,
          status,
          statusText: res.statusMessage ?? '',
          contentType: res.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
          url: redactUrl(url),
          durationMs: performance.now() - started,
          receivedAt,
        });
      const keep = (chunk: Buffer): void => {
        if (truncated) return;
        bodyBytes += chunk.length;
        if (bodyBytes > limit) {
          if (success) return tooLarge();
          // An error page only needs its beginning; stop reading rather than fail.
          chunks.push(chunk.subarray(0, chunk.length - (bodyBytes - limit)));
          truncated = true;
          return complete();
        }
        chunks.push(chunk);
      };

      const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      const compression = compressionOf(encoding);
      if (compression === 'unsupported') {
        res.resume();
        return finish(failure('unsupported encoding', `Content-Encoding "${encoding}" from ${redactUrl(url)} (only gzip is asked for).`));
      }
      decoder = compression && streamDecoder(compression);
      if (decoder) {
        // Counting the decoder's output is what stops a gzip bomb: a small body that inflates past the limit.
        decoder.on('data', keep);
        decoder.on('end', complete);
        decoder.on('error', (err: Error) =>
          finish(failure(`invalid ${encoding}`, `The ${encoding} body of ${redactUrl(url)} could not be decompressed: ${err.message}.`)),
        );
      }
      const sink = decoder;
      res.on('data', (chunk: Buffer) => {
        rawBytes += chunk.length;
        if (rawBytes > maxBytes && success) return tooLarge();
        if (sink) sink.write(chunk);
        else keep(chunk);
      });
      res.on('end', () => (sink ? sink.end() : complete()));
      res.on('error', (err: NodeJS.ErrnoException) => finish(networkFailure(err, url)));
      res.on('close', () => {
        if (!res.complete) finish(failure('ECONNRESET', `The connection closed before the whole body arrived (GET ${redactUrl(url)}).`));
      });
    }
  });
}
