/**
 * The DuckDB child process: opens an in-memory (or the named) database with a memory limit and a
 * spill folder, profiles one relation (GROUP BY value counts per column) and sends the profile to
 * its parent (duckdb.ts) over IPC. DuckDB runs here, not in the extension host or the CLI's main
 * process, so running out of memory ends only this process and the parent reports it.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbReply, DuckDbRequest } from './duckdbProtocol';
import { categoryColumn, numericColumn, type SourceColumn, type SourceProfile } from './sourceProfile';
import { booleanText, isoText, mapDuckDbType, quoteIdent, quoteString } from './types';

function send(reply: DuckDbReply): Promise<void> {
  return new Promise((resolve) => process.send!(reply, undefined, undefined, () => resolve()));
}

/** The FROM clause for the relation. */
export function relationSql(req: DuckDbRequest): string {
  const r = req.relation;
  if (r.kind === 'table') return r.table.split('.').map(quoteIdent).join('.');
  if (r.kind === 'query') return `(${r.query}) AS q`;
  const p = quoteString(r.pattern);
  switch (r.format) {
    case 'parquet':
      return `read_parquet(${p}, union_by_name = true)`;
    case 'csv':
    case 'tsv': {
      const nulls = `[${req.nullTokens.map((t) => quoteString(t)).join(', ')}]`;
      return `read_csv(${p}, header = true, nullstr = ${nulls}${r.format === 'tsv' ? ", delim = '\\t'" : ''}, union_by_name = true)`;
    }
    case 'json':
    case 'jsonl':
      return `read_json_auto(${p}, union_by_name = true)`;
  }
}

async function profile(req: DuckDbRequest): Promise<SourceProfile> {
  const database = req.relation.kind === 'files' ? undefined : req.relation.database;
  const instance = await DuckDBInstance.create(database ?? ':memory:', {
    memory_limit: `${req.memoryLimitMB}MB`,
    temp_directory: req.tempDirectory,
    // Order does not matter to a profile; keeping it costs memory.
    preserve_insertion_order: 'false',
    ...(req.threads ? { threads: String(req.threads) } : {}),
    // A database file is only read (and may be open elsewhere for reading too).
    ...(database ? { access_mode: 'READ_ONLY' } : {}),
  });
  const con = await instance.connect();
  const queries: string[] = [];
  const run = async (sql: string) => {
    queries.push(sql);
    return con.runAndReadAll(sql);
  };
  // One view, so every column's query names it instead of repeating the reader call.
  await run(`CREATE TEMP VIEW drift_source AS SELECT * FROM ${relationSql(req)}`);
  const from = 'drift_source';
  const described = await run(`DESCRIBE SELECT * FROM ${from}`);
  const schema = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const rowsResult = await run(`SELECT count(*)::DOUBLE AS n FROM ${from}`);
  const rows = Number(rowsResult.getRowsJS()[0][0]);
  const columns: SourceColumn[] = [];
  for (const { column_name: name, column_type: type } of schema) {
    const mapped = mapDuckDbType(type);
    const col = quoteIdent(name);
    if (mapped.kind === 'unsupported') {
      columns.push({ name, kind: 'unsupported', sourceType: type, rows });
      continue;
    }
    await send({ type: 'progress', column: name });
    if (mapped.kind === 'numeric') {
      const r = await groupBy(con, run, `SELECT CAST(${col} AS DOUBLE) AS v, count(*)::DOUBLE AS n FROM ${from} GROUP BY 1`);
      columns.push(numericColumn(name, type, mapped.integer, r.map(([v, n]) => ({ value: v as number | null, count: n }))));
    } else {
      const r = await groupBy(con, run, `SELECT CAST(${col} AS VARCHAR) AS v, count(*)::DOUBLE AS n FROM ${from} GROUP BY 1`);
      const text = mapped.logical === 'boolean' ? booleanText : mapped.logical === 'datetime' ? isoText : (v: string) => v;
      columns.push(categoryColumn(name, type, mapped.logical, r.map(([v, n]) => ({ value: v === null ? null : text(v as string), count: n }))));
    }
  }
  con.closeSync();
  instance.closeSync();
  const format = req.relation.kind === 'files' ? req.relation.format : req.relation.kind;
  return { source: req.display, engine: 'duckdb', format, rows, columns, queries, warnings: [] };
}

async function groupBy(
  _con: DuckDBConnection,
  run: (sql: string) => ReturnType<DuckDBConnection['runAndReadAll']>,
  sql: string,
): Promise<[unknown, number][]> {
  const reader = await run(sql);
  const [values, counts] = reader.getColumnsJS() as [unknown[], number[]];
  return values.map((v, i) => [v, counts[i]]);
}

process.once('message', (req: DuckDbRequest) => {
  profile(req).then(
    (p) => send({ type: 'profile', profile: p }).then(() => process.exit(0)),
    (e: unknown) => send({ type: 'error', message: e instanceof Error ? e.message : String(e) }).then(() => process.exit(0)),
  );
});
