import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DatasetReadError } from '../read/dataset';
import type { ServerSource } from './name';
import type { ServerOptions } from './postgres';
import { DEFAULT_SERVER_TIMEOUT_MS } from './postgres';
import type { PeriodUnit } from '../../shared/timeline';
import { GroupedCounts, pickTimeColumn, ROWS_COLUMN, type ColumnSpec, type ProfileHead, type SourceTimeline } from './grouped';
import type { SourceProfile } from './sourceProfile';
import { booleanText, isoText, mapClickHouseType, quoteBacktick, unwrapClickHouse } from './types';
import { splitQualified } from './name';

/**
 * ClickHouse over its HTTP interface with Node's http module: the official @clickhouse/client
 * needs a server newer than Debian's 18.16 (it sends settings and formats 18.16 does not know).
 * Reads are POSTs with `readonly=2` (the server refuses any write, settings such as
 * max_execution_time still apply): a profile is one query whose text grows with the columns, and
 * 18.16 answers 400 to a GET whose URL passes about 16 KB. Only KILL QUERY (cancel) and the tests'
 * DDL are POSTs without it.
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
  /** READ: a POST the server runs read-only; POST: anything (KILL QUERY, the tests' DDL). */
  readonly method: 'READ' | 'POST';
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
  if (c.method === 'READ') params.set('readonly', '2');
  const user = src.user ?? 'default';
  const auth = Buffer.from(`${user}:${password ?? ''}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: src.host,
        port: src.port,
        path: `/?${params.toString()}`,
        method: 'POST',
        headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'text/plain; charset=utf-8' },
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
    req.end(c.sql);
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
 * Profiles a ClickHouse table or query in ONE query: a UNION ALL of one `GROUP BY value` per
 * column (and, for a timeline, per time bucket) plus the row count (grouped.ts describes the
 * result). ClickHouse 18.16 has no GROUPING SETS; the branches of one UNION ALL run in parallel and
 * each reads only its own column (and the time column), so the data is read once per column as
 * before, in one round trip. On a Distributed table every branch runs on every shard and the
 * initiator merges the partial counts, so only (value, count) pairs cross the network. Cancel stops
 * the request and sends KILL QUERY for its query_id.
 */
export async function profileClickHouse(src: ServerSource, options: ServerOptions = {}): Promise<SourceProfile> {
  const g = await groupedClickHouse(src, options);
  return g.counts.whole(g.head);
}

/** The rows cut into period buckets by the server (one query), each bucket profiled. */
export async function timelineClickHouse(src: ServerSource, options: ServerOptions, timeColumn: string | undefined, unit: PeriodUnit): Promise<SourceTimeline> {
  const g = await groupedClickHouse(src, options, { column: timeColumn, unit });
  return { whole: g.counts.whole(g.head), ...g.counts.periods(g.head), timeColumn: g.timeColumn! };
}

const CH_TRUNC: Readonly<Record<PeriodUnit, string>> = { h: 'toStartOfHour', d: 'toStartOfDay', w: 'toMonday', M: 'toStartOfMonth', Q: 'toStartOfQuarter', y: 'toStartOfYear' };

/** The period's first instant as text, in the zone the column's own text is written in. */
function clickHouseBucket(col: string, type: string, unit: PeriodUnit): string {
  const t = unwrapClickHouse(type);
  // 18.16's toStartOfHour / toStartOfDay take no Date: a date is its own day, and its hour is its
  // midnight, which period.ts reads from the date's text.
  if ((t === 'Date' || t === 'Date32') && (unit === 'h' || unit === 'd')) return `toNullable(toString(${col}))`;
  return `toNullable(toString(${CH_TRUNC[unit]}(${col})))`;
}

async function groupedClickHouse(
  src: ServerSource,
  options: ServerOptions,
  bucket?: { readonly column: string | undefined; readonly unit: PeriodUnit },
): Promise<{ head: ProfileHead; counts: GroupedCounts; timeColumn?: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  options.signal?.throwIfAborted();
  const password = options.password;
  const queries: string[] = [];
  let running: string | undefined;
  const onAbort = () => {
    if (!running) return;
    // KILL QUERY is not read-only. Its failure changes nothing for the caller.
    call(src, password, { method: 'POST', sql: `KILL QUERY WHERE query_id = '${running}' ASYNC`, timeoutMs: 5000 }).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const run = async (sql: string) => {
    queries.push(sql);
    running = randomUUID();
    try {
      return await call(src, password, { method: 'READ', sql, queryId: running, timeoutMs, signal: options.signal });
    } finally {
      running = undefined;
    }
  };
  try {
    let from = clickHouseRelation(src);
    const shapeText = await run(`SELECT * FROM ${from} LIMIT 0 FORMAT TabSeparatedWithNamesAndTypes`);
    const [names = [], types = []] = parseTabSeparated(shapeText) as string[][];
    const specs: ColumnSpec[] = names.map((name, i) => ({ name, sourceType: types[i], mapped: mapClickHouseType(types[i]) }));
    const time = bucket ? pickTimeColumn(specs, bucket.column, src.display) : undefined;
    const b = time ? clickHouseBucket(quoteBacktick(time.name), time.sourceType, bucket!.unit) : undefined;
    const counts = new GroupedCounts(specs, bucket?.unit);
    let sampled: ProfileHead['sampled'];
    if (options.sample) {
      const total = Number((await run(`SELECT count() FROM ${from} FORMAT TabSeparated`)).trim());
      sampled = { seed: options.sample.seed, requested: options.sample.rows, fileRows: total };
      // cityHash64 of the seed and the row's values (as text: NULL and every type hash alike).
      const row = specs.map((s) => `ifNull(toString(${quoteBacktick(s.name)}), '\\N')`).join(', ');
      from = `(SELECT * FROM ${from} ORDER BY cityHash64(toUInt64(${options.sample.seed}), ${row}) LIMIT ${options.sample.rows})`;
    }
    // Every branch has the same column types: 18.16's UNION ALL does not convert them.
    const NO_NUM = 'CAST(NULL AS Nullable(Float64))';
    const NO_TEXT = 'CAST(NULL AS Nullable(String))';
    const branches = [
      b
        ? `SELECT ${b} AS drift_b, toInt32(${ROWS_COLUMN}) AS drift_c, ${NO_NUM} AS drift_vn, ${NO_TEXT} AS drift_vt, count() AS drift_n FROM ${from} GROUP BY drift_b`
        : `SELECT ${NO_TEXT} AS drift_b, toInt32(${ROWS_COLUMN}) AS drift_c, ${NO_NUM} AS drift_vn, ${NO_TEXT} AS drift_vt, count() AS drift_n FROM ${from}`,
    ];
    specs.forEach((s, i) => {
      if (s.mapped.kind === 'unsupported') return;
      // Grouped on the column's own type (on every shard), converted after: one cast per distinct value.
      const value = s.mapped.kind === 'numeric' ? `toNullable(toFloat64(drift_v)) AS drift_vn, ${NO_TEXT} AS drift_vt` : `${NO_NUM} AS drift_vn, toNullable(toString(drift_v)) AS drift_vt`;
      const inner = b ? `SELECT ${b} AS drift_b, ${quoteBacktick(s.name)} AS drift_v, count() AS drift_n FROM ${from} GROUP BY drift_b, drift_v` : `SELECT ${quoteBacktick(s.name)} AS drift_v, count() AS drift_n FROM ${from} GROUP BY drift_v`;
      // Every column aliased: 18.16 merges identical expressions of one SELECT into one column.
      branches.push(`SELECT ${b ? 'drift_b' : `${NO_TEXT} AS drift_b`}, toInt32(${i}) AS drift_c, ${value}, drift_n FROM (${inner})`);
    });
    options.onProgress?.(`${branches.length - 1} columns, one query`);
    const body = await run(`SELECT drift_b, drift_c, drift_vn, drift_vt, drift_n FROM (${branches.join(' UNION ALL ')}) FORMAT TabSeparated`);
    const text = specs.map((s) => (s.mapped.kind === 'categories' && s.mapped.logical === 'boolean' ? booleanText : s.mapped.kind === 'categories' && s.mapped.logical === 'datetime' ? isoText : (v: string) => v));
    for (const [bt, c, vn, vt, n] of parseTabSeparated(body)) {
      const column = Number(c);
      const value = column === ROWS_COLUMN ? null : specs[column].mapped.kind === 'numeric' ? (vn === null ? null : parseClickHouseNumber(vn)) : vt === null ? null : text[column](vt);
      counts.add(bt, column, value, Number(n));
    }
    const head: ProfileHead = { source: src.display, engine: 'clickhouse', format: src.table !== undefined ? 'table' : 'query', queries, ...(sampled ? { sampled } : {}) };
    return { head, counts, ...(time ? { timeColumn: time.name } : {}) };
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
    method: 'READ',
    sql: 'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name FORMAT TabSeparated',
    timeoutMs,
    signal: options.signal,
  });
  return parseTabSeparated(body).map((r) => r[0] ?? '');
}
