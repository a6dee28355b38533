import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DatasetReadError } from '../read/dataset';
import type { ServerSource } from './name';
import type { ServerOptions } from './postgres';
import { DEFAULT_SERVER_TIMEOUT_MS } from './postgres';
import { categoryColumn, numericColumn, type SourceColumn, type SourceProfile } from './sourceProfile';
import { booleanText, isoText, mapClickHouseType, quoteBacktick } from './types';
import { splitQualified } from './name';

/**
 * ClickHouse over its HTTP interface with Node's http module: the official @clickhouse/client
 * needs a server newer than Debian's 18.16 (it sends settings and formats 18.16 does not know).
 * Reads go by GET, which the server runs read-only; only KILL QUERY (cancel) is a POST.
 */

/** An error the server answered with: its code and message (with the position where it gives one). */
export class ClickHouseError extends Error {
  override readonly name = 'ClickHouseError';
  constructor(
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = ..." (18.x) or "Code: 60. DB::Exception: ... (UNKNOWN_TABLE) (version ...)" (newer). */
export function parseClickHouseError(body: string): ClickHouseError {
  const code = /^Code:\s*(\d+)/.exec(body.trim())?.[1];
  let msg = body.trim();
  const old = /e\.displayText\(\) = (?:DB::Exception: )?([\s\S]*?)(?:, e\.what\(\) = [\s\S]*)?$/.exec(msg);
  if (old) msg = old[1];
  else msg = msg.replace(/^Code:\s*\d+[.,]\s*(?:DB::Exception:\s*)?/, '').replace(/\s*\(version [^)]*\)\s*$/, '');
  // The syntax error's list of expected tokens runs to hundreds of words; the position is what helps.
  msg = msg.replace(/(Syntax error: failed at position \d+[^.]*?)\. Expected one of:[\s\S]*$/, '$1');
  return new ClickHouseError(code === undefined ? undefined : Number(code), msg.trim().replace(/\s*:$/, ''));
}

/** Reads TabSeparated text: rows of fields, `\N` as null, backslash escapes undone. */
export function parseTabSeparated(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    rows.push(line.split('\t').map(unescapeField));
  }
  return rows;
}

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0', "'": "'", '\\': '\\', a: '\x07', v: '\v' };

function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** A number as ClickHouse writes Float64 in text formats (inf, -inf, nan, -nan included). */
export function parseClickHouseNumber(text: string): number {
  switch (text) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '-nan':
      return NaN;
  }
  return Number(text);
}

export function clickHouseRelation(src: ServerSource): string {
  if (src.table !== undefined) return splitQualified(src.table).map(quoteBacktick).join('.');
  return `(${src.query!.replace(/;\s*$/, '')})`;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly sql: string;
  readonly queryId?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

function describeSocketError(src: ServerSource, e: NodeJS.ErrnoException): string {
  const where = `ClickHouse at ${src.host}:${src.port}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `${where}: connection refused (is the server running, with its HTTP interface on this port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: unknown host ${src.host}`;
    case 'ECONNRESET':
      return `${where}: the server closed the connection`;
    default:
      return `${where}: ${e.message}`;
  }
}

/** One HTTP request; resolves with the body, rejects with DatasetReadError naming the server. */
function call(src: ServerSource, password: string | undefined, c: Call): Promise<string> {
  const where = `ClickHouse at ${src.host}:${src.port}`;
  const params = new URLSearchParams();
  if (src.database) params.set('database', src.database);
  if (c.queryId) params.set('query_id', c.queryId);
  params.set('max_execution_time', String(Math.max(1, Math.ceil(c.timeoutMs / 1000))));
  if (c.method === 'GET') params.set('query', c.sql);
  const user = src.user ?? 'default';
  const auth = Buffer.from(`${user}:${password ?? ''}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: src.host,
        port: src.port,
        method: c.method,
        path: `/?${params.toString()}`,
        headers: { Authorization: `Basic ${auth}`, ...(c.method === 'POST' ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}) },
        agent: false,
        // A bit longer than the server's own limit, so the server's message wins when it has one.
        timeout: c.timeoutMs + 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('error', (e) => reject(new DatasetReadError(src.display, describeSocketError(src, e))));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          // An error can also arrive after a 200 header, at the end of a streamed body.
          if (res.statusCode !== 200 || /^Code: \d+[.,] (e\.displayText|DB::Exception)/m.test(body.slice(-4000))) {
            const err = parseClickHouseError(body.slice(body.lastIndexOf('Code: ') >= 0 ? body.lastIndexOf('Code: ') : 0));
            reject(new DatasetReadError(src.display, clickHouseProblem(src, err, c.timeoutMs, res.statusCode)));
          } else resolve(body);
        });
      },
    );
    const onAbort = () => req.destroy(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
    c.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => c.signal?.removeEventListener('abort', onAbort));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'DRIFT_TIMEOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (c.signal?.aborted) return reject(c.signal.reason);
      if (e.code === 'DRIFT_TIMEOUT') return reject(new DatasetReadError(src.display, `${where}: no answer within ${c.timeoutMs / 1000} s (the timeout setting)`));
      reject(new DatasetReadError(src.display, describeSocketError(src, e)));
    });
    req.end(c.method === 'POST' ? c.sql : undefined);
  });
}

function clickHouseProblem(src: ServerSource, err: ClickHouseError, timeoutMs: number, status: number | undefined): string {
  const where = `ClickHouse at ${src.host}:${src.port}`;
  switch (err.code) {
    case 192: // UNKNOWN_USER
    case 193: // WRONG_PASSWORD
    case 194: // REQUIRED_PASSWORD
    case 516: // AUTHENTICATION_FAILED
      return `${where}: login refused for user '${src.user ?? 'default'}' (${err.message}); the password comes from CLICKHOUSE_PASSWORD`;
    case 159: // TIMEOUT_EXCEEDED
      return `${where}: the query was stopped after ${timeoutMs / 1000} s (the timeout setting): ${err.message}`;
  }
  return `${where}: ${err.message}${err.code !== undefined ? ` (code ${err.code})` : status && status !== 200 ? ` (HTTP ${status})` : ''}`;
}

/**
 * Profiles a ClickHouse table or query. Each column is one `GROUP BY` query; on a Distributed
 * table the server runs it on every shard and merges the partial counts, so only (value, count)
 * pairs cross the network. Cancel stops the request and sends KILL QUERY for its query_id.
 */
export async function profileClickHouse(src: ServerSource, options: ServerOptions = {}): Promise<SourceProfile> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  options.signal?.throwIfAborted();
  const password = options.password;
  const queries: string[] = [];
  let running: string | undefined;
  const onAbort = () => {
    if (!running) return;
    // KILL QUERY is not read-only: POST. Its failure changes nothing for the caller.
    call(src, password, { method: 'POST', sql: `KILL QUERY WHERE query_id = '${running}' ASYNC`, timeoutMs: 5000 }).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const run = async (sql: string) => {
    queries.push(sql);
    running = randomUUID();
    try {
      return await call(src, password, { method: 'GET', sql, queryId: running, timeoutMs, signal: options.signal });
    } finally {
      running = undefined;
    }
  };
  try {
    const from = clickHouseRelation(src);
    const shapeText = await run(`SELECT * FROM ${from} LIMIT 0 FORMAT TabSeparatedWithNamesAndTypes`);
    const [names = [], types = []] = parseTabSeparated(shapeText) as string[][];
    const rows = Number((await run(`SELECT count() FROM ${from} FORMAT TabSeparated`)).trim());
    const columns: SourceColumn[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const type = types[i];
      const mapped = mapClickHouseType(type);
      if (mapped.kind === 'unsupported') {
        columns.push({ name, kind: 'unsupported', sourceType: type, rows });
        continue;
      }
      options.signal?.throwIfAborted();
      options.onProgress?.(name);
      const col = quoteBacktick(name);
      if (mapped.kind === 'numeric') {
        // Grouped on the column's own type (on every shard), converted after: one cast per distinct value.
        const body = await run(`SELECT toFloat64(drift_value), drift_count FROM (SELECT ${col} AS drift_value, count() AS drift_count FROM ${from} GROUP BY drift_value) FORMAT TabSeparated`);
        const r = parseTabSeparated(body).map(([v, n]) => ({ value: v === null ? null : parseClickHouseNumber(v), count: Number(n) }));
        columns.push(numericColumn(name, type, mapped.integer, r));
      } else {
        const body = await run(`SELECT toString(drift_value), drift_count FROM (SELECT ${col} AS drift_value, count() AS drift_count FROM ${from} GROUP BY drift_value) FORMAT TabSeparated`);
        const text = mapped.logical === 'boolean' ? booleanText : mapped.logical === 'datetime' ? isoText : (v: string) => v;
        const r = parseTabSeparated(body).map(([v, n]) => ({ value: v === null ? null : text(v), count: Number(n) }));
        columns.push(categoryColumn(name, type, mapped.logical, r));
      }
    }
    return { source: src.display, engine: 'clickhouse', format: src.table !== undefined ? 'table' : 'query', rows, columns, queries, warnings: [] };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs one statement by POST (DDL and inserts: tests, the bench). Not used by profiling. */
export function clickHouseExecute(src: ServerSource, sql: string, password?: string, timeoutMs = 60_000): Promise<string> {
  return call(src, password, { method: 'POST', sql, timeoutMs });
}

/** The tables of the connection's database (`default` when the URI names none). */
export async function listClickHouseTables(src: ServerSource, options: ServerOptions = {}): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  const body = await call(src, options.password, {
    method: 'GET',
    sql: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name FORMAT TabSeparated',
    timeoutMs,
    signal: options.signal,
  });
  return parseTabSeparated(body).map((r) => r[0] ?? '');
}
