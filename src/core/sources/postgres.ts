import type { ClientConfig } from 'pg';
import { DatasetReadError } from '../read/dataset';
import type { ServerSource } from './name';
import { categoryColumn, numericColumn, type SourceColumn, type SourceProfile } from './sourceProfile';
import { booleanText, isoText, mapPostgresType, quoteIdent } from './types';
import { splitQualified } from './name';

export interface ServerOptions {
  /** Give up after this long (connect and every query). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The password (the CLI passes PGPASSWORD / CLICKHOUSE_PASSWORD, VS Code its SecretStorage). */
  readonly password?: string;
  readonly onProgress?: (column: string) => void;
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
 * Profiles a PostgreSQL table or query: column types from the result's type OIDs, then one
 * GROUP BY per column (value, count) computed by the server. Cancel sends pg_cancel_backend for
 * the running query from a second connection.
 */
export async function profilePostgres(src: ServerSource, options: ServerOptions = {}): Promise<SourceProfile> {
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
    const from = postgresRelation(src);
    const shape = await run(`SELECT * FROM ${from} LIMIT 0`);
    const oids = [...new Set(shape.fields.map((f) => f.dataTypeID))];
    const typeRows = await client
      .query<{ oid: number; typname: string; typcategory: string; display: string }>('SELECT oid::int AS oid, typname, typcategory, format_type(oid, NULL) AS display FROM pg_type WHERE oid = ANY($1::oid[])', [oids])
      .catch(fail);
    const types = new Map(typeRows.rows.map((r) => [r.oid, r]));
    const count = await run(`SELECT count(*) FROM ${from}`);
    const rows = Number(count.rows[0][0]);
    const columns: SourceColumn[] = [];
    for (const f of shape.fields) {
      const t = types.get(f.dataTypeID);
      const typeName = t?.display ?? `oid ${f.dataTypeID}`;
      const mapped = t ? mapPostgresType(t.typname, t.typcategory, f.dataTypeModifier) : ({ kind: 'unsupported' } as const);
      if (mapped.kind === 'unsupported') {
        columns.push({ name: f.name, kind: 'unsupported', sourceType: typeName, rows });
        continue;
      }
      options.signal?.throwIfAborted();
      options.onProgress?.(f.name);
      const col = quoteIdent(f.name);
      if (mapped.kind === 'numeric') {
        // Grouped on the column's own type, converted after: one cast per distinct value.
        const r = await run(`SELECT drift_value::float8, drift_count FROM (SELECT ${col} AS drift_value, count(*) AS drift_count FROM ${from} GROUP BY 1) AS g`);
        columns.push(numericColumn(f.name, typeName, mapped.integer, r.rows.map(([v, n]) => ({ value: v === null ? null : Number(v), count: Number(n) }))));
      } else {
        const r = await run(`SELECT drift_value::text, drift_count FROM (SELECT ${col} AS drift_value, count(*) AS drift_count FROM ${from} GROUP BY 1) AS g`);
        const text = mapped.logical === 'boolean' ? booleanText : mapped.logical === 'datetime' ? isoText : (v: string) => v;
        columns.push(categoryColumn(f.name, typeName, mapped.logical, r.rows.map(([v, n]) => ({ value: v === null ? null : text(String(v)), count: Number(n) }))));
      }
    }
    return { source: src.display, engine: 'postgres', format: src.table !== undefined ? 'table' : 'query', rows, columns, queries, warnings: [] };
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
