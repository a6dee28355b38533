/**
 * How an HTTP GET fails (httpGet.ts): a short reason for a tree node and a detail for a tooltip or
 * the log, neither carrying the bearer token or URL credentials.
 */

export interface HttpFailure {
  readonly ok: false;
  /** Short, for a tree node: `ECONNREFUSED`, `HTTP 404`, `timeout`, `redirect loop`, ... */
  readonly reason: string;
  /** One or two sentences for a tooltip or the log. Never contains the bearer token or URL credentials. */
  readonly detail: string;
}

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

/** Node's error codes are what users search for; HTTP parser codes mean "that port does not speak HTTP". */
export function networkFailure(err: NodeJS.ErrnoException, url: URL): HttpFailure {
  const where = `GET ${redactUrl(url)}`;
  const code = err.code;
  if (code?.startsWith('HPE_')) return failure('not HTTP', `The server did not answer in HTTP (${err.message}; ${where}).`);
  if (code === 'ECONNRESET') return failure('ECONNRESET', `The connection was closed before a complete answer (${where}).`);
  return failure(code ?? 'network error', `${err.message} (${where}).`);
}
