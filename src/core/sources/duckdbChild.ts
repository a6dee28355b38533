/**
 * The DuckDB child process: opens an in-memory (or the named) database with a memory limit and a
 * spill folder, profiles one relation (GROUP BY value counts per column) and sends the profile to
 * its parent (duckdb.ts) over IPC. DuckDB runs here, not in the extension host or the CLI's main
 * process, so running out of memory ends only this process and the parent reports it.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbReply, DuckDbRequest } from './duckdbProtocol';
import { categoryColumn, numericColumn, type SourceColumn, type SourceProfile, type ValueCount } from './sourceProfile';
import { booleanText, isoText, mapDuckDbType, quoteIdent, quoteString } from './types';

function send(reply: DuckDbReply): Promise<void> {
  return new Promise((resolve) => process.send!(reply, undefined, undefined, () => resolve()));
}

/** The FROM clause for the relation. */
export function relationSql(req: DuckDbRequest): string {
  const r = req.relation;
  if (r.kind === 'table') return r.table.split('.').map(quoteIdent).join('.');
  if (r.kind === 'query') return `(${r.query}) AS q`;
  if (r.kind === 'list-tables') throw new Error('no relation to profile');
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
  // One name for the relation, so every column's query names it instead of repeating the reader
  // call. Parquet, tables and queries stay a view (each column's query reads only that column);
  // CSV and JSON are parsed once into a temporary table (DuckDB compresses it and, past the
  // memory limit, moves it to the spill folder) instead of once per column.
  const rowFormat = req.relation.kind === 'files' && req.relation.format !== 'parquet';
  await run(`CREATE TEMP ${rowFormat ? 'TABLE' : 'VIEW'} drift_source AS SELECT * FROM ${relationSql(req)}`);
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
      // Finite values and their counts as two JSON arrays (one string each: converting values one by
      // one through the binding costs ~1 us each); NULL/NaN and the infinities as sums. yyjson writes
      // doubles in their shortest round-trip form, so JSON.parse gives back the same doubles.
      const [vs, ns, missing, pos, neg] = await oneRow(
        run,
        // Grouped on the column's own type, converted after: one cast per distinct value, not per row.
        `WITH r AS (SELECT ${col} AS v, count(*)::DOUBLE AS n FROM ${from} GROUP BY 1), g AS (SELECT CAST(v AS DOUBLE) AS v, n FROM r) ` +
          'SELECT to_json(coalesce(list(v) FILTER (WHERE isfinite(v)), [])), to_json(coalesce(list(n) FILTER (WHERE isfinite(v)), [])), ' +
          "coalesce(sum(n) FILTER (WHERE v IS NULL OR isnan(v)), 0), coalesce(sum(n) FILTER (WHERE v = 'inf'::DOUBLE), 0), coalesce(sum(n) FILTER (WHERE v = '-inf'::DOUBLE), 0) FROM g",
      );
      const values = JSON.parse(vs as string) as number[];
      const counts = JSON.parse(ns as string) as number[];
      const r: ValueCount<number>[] = values.map((value, i) => ({ value, count: counts[i] }));
      r.push({ value: null, count: missing as number }, { value: Infinity, count: pos as number }, { value: -Infinity, count: neg as number });
      columns.push(numericColumn(name, type, mapped.integer, r.filter((x) => x.count > 0)));
    } else {
      const [vs, ns, missing] = await oneRow(
        run,
        `WITH r AS (SELECT ${col} AS v, count(*)::DOUBLE AS n FROM ${from} GROUP BY 1), g AS (SELECT CAST(v AS VARCHAR) AS v, n FROM r) ` +
          'SELECT to_json(coalesce(list(v) FILTER (WHERE v IS NOT NULL), [])), to_json(coalesce(list(n) FILTER (WHERE v IS NOT NULL), [])), coalesce(sum(n) FILTER (WHERE v IS NULL), 0) FROM g',
      );
      const text = mapped.logical === 'boolean' ? booleanText : mapped.logical === 'datetime' ? isoText : (v: string) => v;
      const values = JSON.parse(vs as string) as string[];
      const counts = JSON.parse(ns as string) as number[];
      const r: ValueCount<string>[] = values.map((v, i) => ({ value: text(v), count: counts[i] }));
      if ((missing as number) > 0) r.push({ value: null, count: missing as number });
      columns.push(categoryColumn(name, type, mapped.logical, r));
    }
  }
  con.closeSync();
  instance.closeSync();
  const format = req.relation.kind === 'files' ? req.relation.format : req.relation.kind;
  return { source: req.display, engine: 'duckdb', format, rows, columns, queries, warnings: [] };
}

async function oneRow(run: (sql: string) => ReturnType<DuckDBConnection['runAndReadAll']>, sql: string): Promise<unknown[]> {
  const reader = await run(sql);
  return reader.getRowsJS()[0];
}

async function listTables(database: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(database, { access_mode: 'READ_ONLY' });
  const con = await instance.connect();
  const r = await con.runAndReadAll(
    "SELECT CASE WHEN table_schema = 'main' THEN table_name ELSE table_schema || '.' || table_name END FROM information_schema.tables ORDER BY 1",
  );
  const names = r.getRowsJS().map((row) => String(row[0]));
  con.closeSync();
  instance.closeSync();
  return names;
}

process.once('message', (req: DuckDbRequest) => {
  if (req.relation.kind === 'list-tables') {
    listTables(req.relation.database).then(
      (tables) => send({ type: 'tables', tables }).then(() => process.exit(0)),
      (e: unknown) => send({ type: 'error', message: e instanceof Error ? e.message : String(e) }).then(() => process.exit(0)),
    );
    return;
  }
  profile(req).then(
    (p) => send({ type: 'profile', profile: p }).then(() => process.exit(0)),
    (e: unknown) => send({ type: 'error', message: e instanceof Error ? e.message : String(e) }).then(() => process.exit(0)),
  );
});
