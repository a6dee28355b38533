import type { ClientConfig } from 'pg';
import { DatasetReadError } from '../read/dataset';
import type { ServerSource } from './name';
import type { PeriodUnit } from '../../shared/timeline';
import { GroupedCounts, pickTimeColumn, ROWS_COLUMN, TRUNC_UNIT, type ColumnSpec, type ProfileHead, type SampleRequest, type SourceTimeline } from './grouped';
import type { SourceProfile } from './sourceProfile';
import { booleanText, isoText, mapPostgresType, quoteIdent } from './types';
import { splitQualified } from './name';

export interface ServerOptions {
  /** Give up after this long (connect and every query). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The password (the CLI passes PGPASSWORD / CLICKHOUSE_PASSWORD, VS Code its SecretStorage). */
  readonly password?: string;
  readonly onProgress?: (column: string) => void;
  /** Profile a seeded sample of the rows (grouped.ts SampleRequest). */
  readonly sample?: SampleRequest;
}

export const DEFAULT_SERVER_TIMEOUT_MS = 300_000;

/** The FROM clause: a (schema-qualified) table, or the user's query as a subquery. */
export function postgresRelation(src: ServerSource): string {
  if (src.table !== undefined) return splitQualified(src.table).map(quoteIdent).join('.');
  return `(${src.query!.replace(/;\s*$/, '')}) AS q`;
}

interface PgError {
  code?: string;
  message?: string;
  position?: string;
  errno?: number;
  hint?: string;
}

/** A pg/socket error in words naming the server; the engine's message and position as given. */
export function describePostgresError(src: ServerSource, e: unknown, timeoutMs: number): string {
  const where = `PostgreSQL at ${src.host}:${src.port}`;
  const err = (e ?? {}) as PgError;
  const msg = err.message ?? String(e);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${where}: connection refused (is the server running and listening there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: unknown host ${src.host}`;
    case 'ETIMEDOUT':
      return `${where}: no answer (connection timed out)`;
    case 'ECONNRESET':
      return `${where}: the server closed the connection`;
    case '28P01':
    case '28000':
      return `${where}: login refused for user '${src.user ?? 'postgres'}' (${msg}); the password comes from PGPASSWORD`;
    case '3D000':
      return `${where}: ${msg}`;
    case '42P01':
      return `${where}: ${msg}${src.table !== undefined ? ` (no table '${src.table}')` : ''}`;
    case '57014':
      return `${where}: the query was stopped after ${timeoutMs / 1000} s (the timeout setting)`;
  }
  if (/timeout expired|Connection terminated due to connection timeout/i.test(msg)) return `${where}: no answer within ${timeoutMs / 1000} s (the timeout setting)`;
  if (/password authentication|SASL|client password must be a string/i.test(msg)) return `${where}: login refused for user '${src.user ?? 'postgres'}' (${msg}); set PGPASSWORD`;
  const pos = err.position ? ` at position ${err.position}` : '';
  return `${where}: ${msg}${pos}${err.code && /^[0-9A-Z]{5}$/.test(err.code) ? ` (SQLSTATE ${err.code})` : ''}`;
}

type PgClient = typeof import('pg').Client;

/**
 * pg is loaded on first use: importing it pulls in Node's fetch stack (undici), which cost every
 * start of the CLI and of each worker thread about 50 ms of CPU, for the few runs that read PostgreSQL
 * (measured: bench/results.md, "Measurements behind tuning choices").
 */
function loadClient(): PgClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('pg') as typeof import('pg')).Client;
}

function clientConfig(src: ServerSource, options: ServerOptions, timeoutMs: number): ClientConfig {
  return {
    host: src.host,
    port: src.port,
    user: src.user ?? 'postgres',
    database: src.database ?? src.user ?? 'postgres',
    // Never from the URI (name.ts refuses one there); empty means none.
    password: options.password ?? '',
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 5000,
    application_name: 'drift-inspector',
    ...(src.params.get('sslmode') === 'require' ? { ssl: { rejectUnauthorized: false } } : {}),
  };
}

/**
 * Profiles a PostgreSQL table or query: column types from the result's type OIDs, then ONE query
 * whose GROUPING SETS group every column by its value (and, for a timeline, by the time bucket),
 * which PostgreSQL computes in one scan of the relation (grouped.ts describes the result's shape).
 * Cancel sends pg_cancel_backend for the running query from a second connection.
 */
export async function profilePostgres(src: ServerSource, options: ServerOptions = {}): Promise<SourceProfile> {
  const g = await groupedPostgres(src, options);
  return g.counts.whole(g.head);
}

/** The rows cut into period buckets by the server (one GROUP BY), each bucket profiled. */
export async function timelinePostgres(src: ServerSource, options: ServerOptions, timeColumn: string | undefined, unit: PeriodUnit): Promise<SourceTimeline> {
  const g = await groupedPostgres(src, options, { column: timeColumn, unit });
  return { whole: g.counts.whole(g.head), ...g.counts.periods(g.head), timeColumn: g.timeColumn! };
}

/** date_trunc of the time column as a naive timestamp: wall-clock time in the session's zone, as its text is written. */
function postgresBucket(col: string, typname: string, unit: PeriodUnit, display: string, name: string): string {
  const u = `'${TRUNC_UNIT[unit]}'`;
  if (typname === 'date') return `date_trunc(${u}, ${col}::timestamp)`;
  if (typname === 'timestamp') return `date_trunc(${u}, ${col})`;
  if (typname === 'timestamptz') return `date_trunc(${u}, ${col})::timestamp`;
  throw new DatasetReadError(display, `column '${name}' is of type ${typname}, which holds no date: periods are cut on a date or timestamp column`);
}

async function groupedPostgres(
  src: ServerSource,
  options: ServerOptions,
  bucket?: { readonly column: string | undefined; readonly unit: PeriodUnit },
): Promise<{ head: ProfileHead; counts: GroupedCounts; timeColumn?: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  options.signal?.throwIfAborted();
  const Client = loadClient();
  const client = new Client(clientConfig(src, options, timeoutMs));
  // A socket error after connecting would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  let backendPid: number | undefined;
  const onAbort = () => {
    if (backendPid === undefined) return;
    const canceller = new Client(clientConfig(src, options, 5000));
    canceller.on('error', () => undefined);
    canceller
      .connect()
      .then(() => canceller.query('SELECT pg_cancel_backend($1)', [backendPid]))
      .catch(() => undefined)
      .finally(() => canceller.end().catch(() => undefined));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const queries: string[] = [];
  const fail = (e: unknown): never => {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new DatasetReadError(src.display, describePostgresError(src, e, timeoutMs));
  };
  try {
    await client.connect().catch(fail);
    backendPid = (client as unknown as { processID?: number }).processID;
    const run = async (sql: string, values?: unknown[]) => {
      queries.push(sql);
      return client.query({ text: sql, values, rowMode: 'array' }).catch(fail);
    };
    let from = postgresRelation(src);
    const shape = await run(`SELECT * FROM ${from} LIMIT 0`);
    const oids = [...new Set(shape.fields.map((f) => f.dataTypeID))];
    const typeRows = await client
      .query<{ oid: number; typname: string; typcategory: string; display: string }>('SELECT oid::int AS oid, typname, typcategory, format_type(oid, NULL) AS display FROM pg_type WHERE oid = ANY($1::oid[])', [oids])
      .catch(fail);
    const types = new Map(typeRows.rows.map((r) => [r.oid, r]));
    const specs: ColumnSpec[] = shape.fields.map((f) => {
      const t = types.get(f.dataTypeID);
      return {
        name: f.name,
        sourceType: t?.display ?? `oid ${f.dataTypeID}`,
        mapped: t ? mapPostgresType(t.typname, t.typcategory, f.dataTypeModifier) : ({ kind: 'unsupported' } as const),
      };
    });
    const time = bucket ? pickTimeColumn(specs, bucket.column, src.display) : undefined;
    const counts = new GroupedCounts(specs, bucket?.unit);
    let sampled: ProfileHead['sampled'];
    if (options.sample) {
      const total = Number((await run(`SELECT count(*) FROM ${from}`)).rows[0][0]);
      sampled = { seed: options.sample.seed, requested: options.sample.rows, fileRows: total };
      // md5 of the row's text and the seed: the same rows for the same data and seed.
      const row = `ROW(${specs.map((s) => quoteIdent(s.name)).join(', ')})::text`;
      from = `(SELECT * FROM ${from} ORDER BY md5(${row} || ':${options.sample.seed}') LIMIT ${options.sample.rows}) AS drift_sample`;
    }
    // Every usable column as c<i> of a subquery (the user's names can be anything), the bucket as drift_b.
    const used = specs.map((s, i) => ({ s, i })).filter(({ s }) => s.mapped.kind !== 'unsupported');
    const inner = used.map(({ s, i }) => `${quoteIdent(s.name)} AS c${i}`);
    if (time) {
      const f = shape.fields[specs.indexOf(time)];
      inner.push(`${postgresBucket(quoteIdent(time.name), types.get(f.dataTypeID)?.typname ?? '', bucket!.unit, src.display, time.name)} AS drift_b`);
    }
    const b = time ? ['drift_b'] : [];
    const sets = [...used.map(({ i }) => `(${[...b, `c${i}`].join(', ')})`), `(${b.join(', ')})`];
    const when = (kind: 'numeric' | 'categories', cast: string) => {
      const arms = used.filter(({ s }) => s.mapped.kind === kind).map(({ i }) => `WHEN GROUPING(c${i}) = 0 THEN c${i}::${cast}`);
      return arms.length ? `CASE ${arms.join(' ')} END` : `NULL::${cast}`;
    };
    const index = used.length ? `CASE ${used.map(({ i }) => `WHEN GROUPING(c${i}) = 0 THEN ${i}`).join(' ')} ELSE ${ROWS_COLUMN} END` : String(ROWS_COLUMN);
    // Grouped on each column's own type, converted after: one cast per distinct value.
    const sql =
      `SELECT ${time ? 'drift_b::text' : 'NULL::text'}, ${index}, ${when('numeric', 'float8')}, ${when('categories', 'text')}, count(*) ` +
      `FROM (SELECT ${inner.length ? inner.join(', ') : '1 AS drift_one'} FROM ${from}) AS s GROUP BY GROUPING SETS (${sets.join(', ')})`;
    options.onProgress?.(`${used.length} columns, one query`);
    const result = await run(sql);
    const text = specs.map((s) => (s.mapped.kind === 'categories' && s.mapped.logical === 'boolean' ? booleanText : s.mapped.kind === 'categories' && s.mapped.logical === 'datetime' ? isoText : (v: string) => v));
    for (const [bt, c, vn, vt, n] of result.rows as [string | null, number, number | null, string | null, string][]) {
      const column = Number(c);
      const value = column === ROWS_COLUMN ? null : specs[column].mapped.kind === 'numeric' ? (vn === null ? null : Number(vn)) : vt === null ? null : text[column](String(vt));
      counts.add(bt, column, value, Number(n));
    }
    const head: ProfileHead = { source: src.display, engine: 'postgres', format: src.table !== undefined ? 'table' : 'query', queries, ...(sampled ? { sampled } : {}) };
    return { head, counts, ...(time ? { timeColumn: time.name } : {}) };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}

/** The tables and views of the connection's database (schema-qualified outside `public`). */
export async function listPostgresTables(src: ServerSource, options: ServerOptions = {}): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  const Client = loadClient();
  const client = new Client(clientConfig(src, options, timeoutMs));
  client.on('error', () => undefined);
  const fail = (e: unknown): never => {
    throw new DatasetReadError(src.display, describePostgresError(src, e, timeoutMs));
  };
  try {
    await client.connect().catch(fail);
    const r = await client
      .query<{ name: string }>(
        "SELECT CASE WHEN table_schema = 'public' THEN table_name ELSE table_schema || '.' || table_name END AS name FROM information_schema.tables " +
          "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
      )
      .catch(fail);
    return r.rows.map((row) => row.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}
