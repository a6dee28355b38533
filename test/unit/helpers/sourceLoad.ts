import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Dataset } from '../../../src/core/read/dataset';
import { clickHouseExecute } from '../../../src/core/sources/clickhouse';
import type { ServerSource } from '../../../src/core/sources/name';

/** A column's SQL type when a natively read file is loaded into a database: what a user would pick. */
export type LoadType = 'int' | 'float' | 'text' | 'timestamp';

const DATE = /^(\d{4})[/-](\d\d)[/-](\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?$/;

export interface Table {
  readonly columns: readonly { readonly name: string; readonly type: LoadType }[];
  /** Row-major cells: numbers, strings, or null for missing. */
  readonly rows: readonly (readonly (number | string | null)[])[];
}

/** The file's columns as a table: integer numbers BIGINT, other numbers DOUBLE, all-date text TIMESTAMP, text TEXT. */
export function tableOf(d: Dataset): Table {
  const columns = d.columns.map((c) => {
    if (c.storage === 'numeric') return { name: c.name, type: (c.integer ? 'int' : 'float') as LoadType };
    const used = new Set<number>();
    for (const code of c.codes) if (code >= 0) used.add(code);
    const dates = used.size > 0 && [...used].every((i) => DATE.test(c.dictionary[i]));
    return { name: c.name, type: (dates ? 'timestamp' : 'text') as LoadType };
  });
  const rows: (number | string | null)[][] = [];
  for (let r = 0; r < d.rows; r++) {
    rows.push(
      d.columns.map((c, i) => {
        if (c.storage === 'numeric') return Number.isNaN(c.values[r]) ? null : c.values[r];
        const code = c.codes[r];
        if (code < 0) return null;
        const v = c.dictionary[code];
        if (columns[i].type !== 'timestamp') return v;
        const m = DATE.exec(v)!;
        return `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
      }),
    );
  }
  return { columns, rows };
}

const quoteIdent = (n: string) => `"${n.replace(/"/g, '""')}"`;
const csvCell = (v: number | string | null) => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);

/** The table as CSV (missing = empty, text always quoted), in a file the postgres user can read. */
export function writeCsv(t: Table, dir: string, name: string): string {
  const path = join(dir, `${name}.csv`);
  const lines = [t.columns.map((c) => csvCell(c.name)).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))];
  writeFileSync(path, lines.join('\n') + '\n');
  chmodSync(path, 0o644);
  return path;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drift-inspector-sources-test-'));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const SQL_TYPES: Record<LoadType, { duck: string; pg: string; ch: string }> = {
  int: { duck: 'BIGINT', pg: 'bigint', ch: 'Nullable(Int64)' },
  float: { duck: 'DOUBLE', pg: 'double precision', ch: 'Nullable(Float64)' },
  text: { duck: 'VARCHAR', pg: 'text', ch: 'Nullable(String)' },
  timestamp: { duck: 'TIMESTAMP', pg: 'timestamp', ch: 'Nullable(DateTime)' },
};

/** Creates `name` in a DuckDB database file and fills it from the CSV. */
export async function loadDuckDb(database: string, name: string, t: Table, csv: string): Promise<void> {
  const instance = await DuckDBInstance.create(database);
  const con = await instance.connect();
  await con.run(`CREATE TABLE ${quoteIdent(name)} (${t.columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPES[c.type].duck}`).join(', ')})`);
  await con.run(`COPY ${quoteIdent(name)} FROM '${csv.replace(/'/g, "''")}' (HEADER true, NULLSTR '')`);
  con.closeSync();
  instance.closeSync();
}

/** Creates `name` in PostgreSQL (through the helper's psql, as the superuser) and fills it from the CSV. */
export function loadPostgres(psql: (sql: string, db?: string) => string, db: string, name: string, t: Table, csv: string): void {
  psql(`CREATE TABLE ${quoteIdent(name)} (${t.columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPES[c.type].pg}`).join(', ')})`, db);
  psql(`COPY ${quoteIdent(name)} FROM '${csv.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`, db);
}

const tsvCell = (v: number | string | null) =>
  v === null ? '\\N' : typeof v === 'number' ? String(v) : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const backtick = (n: string) => `\`${n.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

/**
 * Creates `name`_local (MergeTree) on every shard, deals the rows out to the shards in turn, and
 * creates `name` as a Distributed table over the cluster on every shard.
 */
export async function loadClickHouse(shards: readonly ServerSource[], cluster: string, name: string, t: Table): Promise<void> {
  const cols = t.columns.map((c) => `${backtick(c.name)} ${SQL_TYPES[c.type].ch}`).join(', ');
  for (const [i, shard] of shards.entries()) {
    await clickHouseExecute(shard, `CREATE TABLE ${backtick(`${name}_local`)} (${cols}) ENGINE = MergeTree ORDER BY tuple()`);
    const mine = t.rows.filter((_, r) => r % shards.length === i);
    await clickHouseExecute(shard, `INSERT INTO ${backtick(`${name}_local`)} FORMAT TabSeparated\n${mine.map((r) => r.map(tsvCell).join('\t')).join('\n')}\n`);
  }
  for (const shard of shards) {
    await clickHouseExecute(shard, `CREATE TABLE ${backtick(name)} AS ${backtick(`${name}_local`)} ENGINE = Distributed(${cluster}, default, ${backtick(`${name}_local`)})`);
  }
}
