import { redactCredentials } from '../format/redact';
import { DatasetReadError } from '../read/dataset';
import { isImageGlob } from '../images/files';

/**
 * What a source name stands for: a file (the native readers or DuckDB), a glob of files (DuckDB),
 * a DuckDB database file or SQL over files, a ClickHouse or PostgreSQL table or query.
 */
export type SourceName =
  | { readonly kind: 'file'; readonly path: string; readonly display: string }
  | { readonly kind: 'glob'; readonly pattern: string; readonly display: string }
  | { readonly kind: 'duckdb'; readonly database?: string; readonly table?: string; readonly query?: string; readonly display: string }
  | ServerSource;

export interface ServerSource {
  readonly kind: 'clickhouse' | 'postgres';
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  readonly database?: string;
  readonly table?: string;
  readonly query?: string;
  /** Other URL parameters (e.g. sslmode), kept for the engine. */
  readonly params: ReadonlyMap<string, string>;
  /** The URI with any credential removed: what every message shows. */
  readonly display: string;
}

const SCHEMES = /^(postgres|postgresql|clickhouse|duckdb):/i;
const GLOB = /[*?[{]/;

/** Removes a password from anything that looks like a URI with credentials (for messages). */
export function redact(text: string): string {
  return redactCredentials(text);
}

/** True for names that are URIs of a database source (not plain paths). */
export function isSourceUri(name: string): boolean {
  return SCHEMES.test(name);
}

/**
 * Parses a source name as the CLI and the extension take it. `connection`: a connection of the
 * driftInspector.sources setting, which names no table yet (its tables are listed).
 */
export function parseSourceName(name: string, connection = false): SourceName {
  const scheme = SCHEMES.exec(name)?.[1].toLowerCase();
  if (scheme === 'duckdb') return parseDuckDb(name, connection);
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'clickhouse') return parseServer(name, scheme === 'clickhouse' ? 'clickhouse' : 'postgres', connection);
  // A glob of images is an image set (src/core/images), read natively; other globs go to DuckDB.
  if (GLOB.test(name) && !isImageGlob(name)) return { kind: 'glob', pattern: name, display: name };
  return { kind: 'file', path: name, display: name };
}

function parseDuckDb(name: string, connection: boolean): SourceName {
  // duckdb:PATH/FILE.duckdb?table=NAME, duckdb:?query=SQL (SQL over files, in memory).
  const rest = name.slice('duckdb:'.length);
  const q = rest.indexOf('?');
  const path = decodeURIComponent(q < 0 ? rest : rest.slice(0, q));
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  const table = params.get('table') ?? undefined;
  const query = params.get('query') ?? undefined;
  const display = name;
  if (table !== undefined && query !== undefined) throw new DatasetReadError(display, 'give table= or query=, not both');
  if (table === undefined && query === undefined && !connection) throw new DatasetReadError(display, 'name a table (?table=NAME) or a query (?query=URL-encoded SQL)');
  if (connection && !path) throw new DatasetReadError(display, 'a DuckDB connection names its database file: duckdb:PATH/FILE.duckdb');
  if (table !== undefined && !path) throw new DatasetReadError(display, 'table= needs a database file: duckdb:PATH/FILE.duckdb?table=NAME');
  return { kind: 'duckdb', ...(path ? { database: path } : {}), ...(table !== undefined ? { table } : {}), ...(query !== undefined ? { query } : {}), display };
}

function parseServer(name: string, kind: 'clickhouse' | 'postgres', connection: boolean): ServerSource {
  const display = redact(name);
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    throw new DatasetReadError(display, `not a valid ${kind === 'clickhouse' ? 'clickhouse://HOST:PORT/DB?table=NAME' : 'postgres://USER@HOST:PORT/DB?table=NAME'} URI`);
  }
  const env = kind === 'clickhouse' ? 'CLICKHOUSE_PASSWORD' : 'PGPASSWORD';
  if (url.password) throw new DatasetReadError(display, `a password in the URI is not accepted (it would show in process lists and shell history); set ${env} instead`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new DatasetReadError(display, 'no host in the URI');
  const port = url.port ? Number(url.port) : kind === 'clickhouse' ? 8123 : 5432;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
  const params = new Map<string, string>();
  let table: string | undefined;
  let query: string | undefined;
  for (const [k, v] of url.searchParams) {
    if (k === 'table') table = v;
    else if (k === 'query') query = v;
    else params.set(k, v);
  }
  if (table !== undefined && query !== undefined) throw new DatasetReadError(display, 'give table= or query=, not both');
  if (table === undefined && query === undefined && !connection) throw new DatasetReadError(display, 'name a table (?table=NAME) or a query (?query=URL-encoded SQL)');
  if (table !== undefined && table.trim() === '') throw new DatasetReadError(display, 'table= is empty');
  return {
    kind,
    host,
    port,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(database ? { database } : {}),
    ...(table !== undefined ? { table } : {}),
    ...(query !== undefined ? { query } : {}),
    params,
    display,
  };
}

/** Splits `schema.table` on the first unquoted dot (names with dots can be written "a.b"). */
export function splitQualified(name: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '"') {
      if (quoted && name[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === '.' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}
