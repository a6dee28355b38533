/**
 * The DuckDB child process: opens an in-memory (or the named) database with a memory limit and a
 * spill folder, profiles one relation (one query grouping every column by value, and by time
 * bucket for a timeline: grouped.ts) and sends the profile to its parent (duckdb.ts) over IPC. DuckDB runs here, not in the extension host or the CLI's main
 * process, so running out of memory ends only this process and the parent reports it.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDbReply, DuckDbRequest } from './duckdbProtocol';
import type { PeriodUnit } from '../../shared/timeline';
import { DatasetReadError } from '../read/dataset';
import { GroupedCounts, pickTimeColumn, ROWS_COLUMN, TRUNC_UNIT, type ColumnSpec, type ProfileHead } from './grouped';
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

async function profile(req: DuckDbRequest): Promise<DuckDbReply> {
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
  let from = 'drift_source';
  const described = await run(`DESCRIBE SELECT * FROM ${from}`);
  const schema = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const specs: ColumnSpec[] = schema.map((c) => ({ name: c.column_name, sourceType: c.column_type, mapped: mapDuckDbType(c.column_type) }));
  const bucket = req.bucket;
  const time = bucket ? pickTimeColumn(specs, bucket.column, req.display) : undefined;
  const b = time ? duckDbBucket(quoteIdent(time.name), time.sourceType, bucket!.unit, req.display, time.name) : undefined;
  const counts = new GroupedCounts(specs, bucket?.unit);
  let sampled: ProfileHead['sampled'];
  if (req.sample) {
    const total = Number((await run(`SELECT count(*)::DOUBLE FROM ${from}`)).getRowsJS()[0][0]);
    sampled = { seed: req.sample.seed, requested: req.sample.rows, fileRows: total };
    // hash of the seed and the row's values: the same rows for the same data and seed.
    const row = specs.map((s) => quoteIdent(s.name)).join(', ');
    await run(`CREATE TEMP TABLE drift_sample AS SELECT * FROM ${from} ORDER BY hash(${req.sample.seed}::UBIGINT, ${row}) LIMIT ${req.sample.rows}`);
    from = 'drift_sample';
  }
  // One query: a UNION ALL of one GROUP BY per column (and time bucket) plus the row count per
  // bucket, each branch reading only its column of a Parquet view, as the per-column queries did.
  // Grouped on each column's own type, converted after: one cast per distinct value, not per row.
  const branches = [`SELECT ${b ?? 'NULL::VARCHAR'} AS b, ${ROWS_COLUMN} AS c, NULL::DOUBLE AS vn, NULL::VARCHAR AS vt, count(*)::DOUBLE AS n FROM ${from}${b ? ' GROUP BY 1' : ''}`];
  specs.forEach((spec, i) => {
    if (spec.mapped.kind === 'unsupported') return;
    const value = spec.mapped.kind === 'numeric' ? 'CAST(v AS DOUBLE), NULL::VARCHAR' : 'NULL::DOUBLE, CAST(v AS VARCHAR)';
    branches.push(`SELECT b, ${i}, ${value}, n FROM (SELECT ${b ?? 'NULL::VARCHAR'} AS b, ${quoteIdent(spec.name)} AS v, count(*)::DOUBLE AS n FROM ${from} GROUP BY ALL)`);
  });
  await send({ type: 'progress', column: `${branches.length - 1} columns, one query` });
  // Per (bucket, column): finite values and their counts as JSON arrays (one string each:
  // converting values one by one through the binding costs ~1 us each); NULL/NaN and the
  // infinities as sums. yyjson writes doubles in their shortest round-trip form, so JSON.parse
  // gives back the same doubles.
  const result = await run(
    `WITH g AS (${branches.join(' UNION ALL ')}) SELECT b, c, ` +
      'to_json(coalesce(list(vn) FILTER (WHERE isfinite(vn)), [])), to_json(coalesce(list(n) FILTER (WHERE isfinite(vn)), [])), ' +
      'to_json(coalesce(list(vt) FILTER (WHERE vt IS NOT NULL), [])), to_json(coalesce(list(n) FILTER (WHERE vt IS NOT NULL), [])), ' +
      "coalesce(sum(n) FILTER (WHERE vt IS NULL AND (vn IS NULL OR isnan(vn))), 0), coalesce(sum(n) FILTER (WHERE vn = 'inf'::DOUBLE), 0), " +
      "coalesce(sum(n) FILTER (WHERE vn = '-inf'::DOUBLE), 0), sum(n) FROM g GROUP BY b, c",
  );
  for (const [bt, c, nums, numCounts, texts, textCounts, missing, pos, neg, total] of result.getRowsJS()) {
    const column = Number(c);
    const bucketText = bt === null ? null : String(bt);
    if (column === ROWS_COLUMN) {
      counts.add(bucketText, column, null, Number(total));
      continue;
    }
    const spec = specs[column];
    const add = (value: number | string | null, n: number) => {
      if (n > 0) counts.add(bucketText, column, value, n);
    };
    if (spec.mapped.kind === 'numeric') {
      const values = JSON.parse(nums as string) as number[];
      const ns = JSON.parse(numCounts as string) as number[];
      for (let k = 0; k < values.length; k++) add(values[k], ns[k]);
      add(Infinity, Number(pos));
      add(-Infinity, Number(neg));
    } else {
      const text = spec.mapped.kind === 'categories' && spec.mapped.logical === 'boolean' ? booleanText : spec.mapped.kind === 'categories' && spec.mapped.logical === 'datetime' ? isoText : (v: string) => v;
      const values = JSON.parse(texts as string) as string[];
      const ns = JSON.parse(textCounts as string) as number[];
      for (let k = 0; k < values.length; k++) add(text(values[k]), ns[k]);
    }
    add(null, Number(missing));
  }
  con.closeSync();
  instance.closeSync();
  const format = req.relation.kind === 'files' ? req.relation.format : req.relation.kind;
  const head: ProfileHead = { source: req.display, engine: 'duckdb', format, queries, ...(sampled ? { sampled } : {}) };
  if (!time) return { type: 'profile', profile: counts.whole(head) };
  return { type: 'timeline', timeline: { whole: counts.whole(head), ...counts.periods(head), timeColumn: time.name } };
}

/** date_trunc of the time column as a naive timestamp's text: wall-clock time in the session's zone, as its text is written. */
function duckDbBucket(col: string, type: string, unit: PeriodUnit, display: string, name: string): string {
  const t = type.trim().toUpperCase();
  const u = `'${TRUNC_UNIT[unit]}'`;
  if (t === 'DATE') return `CAST(date_trunc(${u}, CAST(${col} AS TIMESTAMP)) AS VARCHAR)`;
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return `CAST(CAST(date_trunc(${u}, ${col}) AS TIMESTAMP) AS VARCHAR)`;
  if (t.startsWith('TIMESTAMP')) return `CAST(date_trunc(${u}, CAST(${col} AS TIMESTAMP)) AS VARCHAR)`;
  throw new DatasetReadError(display, `column '${name}' is of type ${type}, which holds no date: periods are cut on a date or timestamp column`);
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
    (reply) => send(reply).then(() => process.exit(0)),
    // The parent names the source; a DatasetReadError's own words are the problem.
    (e: unknown) => send({ type: 'error', message: e instanceof DatasetReadError ? e.problem : e instanceof Error ? e.message : String(e) }).then(() => process.exit(0)),
  );
});
