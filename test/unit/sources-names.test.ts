import { strict as assert } from 'node:assert';
import { DatasetReadError } from '../../src/core/read/dataset';
import { parseClickHouseError, parseClickHouseNumber, parseTabSeparated } from '../../src/core/sources/clickhouse';
import { engineFor } from '../../src/core/sources/index';
import { parseSourceName, redact, splitQualified } from '../../src/core/sources/name';
import { categoryColumn, numericColumn, toDataset, type SourceProfile } from '../../src/core/sources/sourceProfile';
import { toDatasetProfile } from '../../src/core/sources/toProfile';
import { mapClickHouseType, mapDuckDbType, mapPostgresType } from '../../src/core/sources/types';

describe('sources: naming a source', () => {
  it('URIs, globs and paths', () => {
    const pg = parseSourceName('postgres://ml@db.internal:5433/prod?table=public.predictions&sslmode=require');
    assert.ok(pg.kind === 'postgres');
    assert.equal(pg.host, 'db.internal');
    assert.equal(pg.port, 5433);
    assert.equal(pg.user, 'ml');
    assert.equal(pg.database, 'prod');
    assert.equal(pg.table, 'public.predictions');
    assert.equal(pg.params.get('sslmode'), 'require');
    const ch = parseSourceName(`clickhouse://127.0.0.1:8123/default?query=${encodeURIComponent('SELECT a FROM t WHERE b = 1')}`);
    assert.ok(ch.kind === 'clickhouse' && ch.query === 'SELECT a FROM t WHERE b = 1' && ch.port === 8123);
    assert.equal((parseSourceName('clickhouse://h/db?table=t') as { port: number }).port, 8123);
    assert.equal((parseSourceName('postgresql://u@h/db?table=t') as { port: number }).port, 5432);
    const duck = parseSourceName('duckdb:data/warehouse.duckdb?table=events');
    assert.ok(duck.kind === 'duckdb' && duck.database === 'data/warehouse.duckdb' && duck.table === 'events');
    const sql = parseSourceName(`duckdb:?query=${encodeURIComponent("SELECT * FROM 'logs/*.parquet'")}`);
    assert.ok(sql.kind === 'duckdb' && sql.database === undefined && sql.query === "SELECT * FROM 'logs/*.parquet'");
    assert.equal(parseSourceName('logs/2026-*.parquet').kind, 'glob');
    assert.equal(parseSourceName('data/ref.csv').kind, 'file');
  });

  it('refuses a password in the URI without printing it, and names what is missing', () => {
    assert.throws(() => parseSourceName('postgres://u:s3cret@h:5432/db?table=t'), (e: Error) => e instanceof DatasetReadError && /PGPASSWORD/.test(e.message) && !/s3cret/.test(e.message));
    assert.throws(() => parseSourceName('clickhouse://u:s3cret@h/db?table=t'), (e: Error) => /CLICKHOUSE_PASSWORD/.test(e.message) && !/s3cret/.test(e.message));
    assert.throws(() => parseSourceName('postgres://u@h/db'), /name a table \(\?table=NAME\) or a query/);
    assert.throws(() => parseSourceName('postgres://u@h/db?table=a&query=b'), /not both/);
    assert.throws(() => parseSourceName('duckdb:?table=t'), /needs a database file/);
  });

  it('redacts credentials in any message', () => {
    assert.equal(redact('failed: postgres://u:pw@h:1/db?table=t and clickhouse://a:b@c/d'), 'failed: postgres://u:***@h:1/db?table=t and clickhouse://a:***@c/d');
    assert.equal(redact('postgres://u@h/db'), 'postgres://u@h/db');
  });

  it('schema-qualified names split on unquoted dots', () => {
    assert.deepEqual(splitQualified('public.t'), ['public', 't']);
    assert.deepEqual(splitQualified('"my.schema"."a""b"'), ['my.schema', 'a"b']);
  });

  it('--engine auto picks native within the memory budget, DuckDB past it; globs need DuckDB', () => {
    const file = parseSourceName(__filename);
    assert.equal(engineFor(file, { engine: 'auto' }), 'native');
    assert.equal(engineFor(file, { engine: 'auto', memoryBudgetMB: 1e-6 }), 'duckdb');
    assert.equal(engineFor(file, { engine: 'duckdb' }), 'duckdb');
    assert.throws(() => engineFor(parseSourceName('a/*.parquet'), { engine: 'native' }), /read by DuckDB/);
  });
});

describe('sources: engine types map to our typing rules', () => {
  it('DuckDB', () => {
    assert.deepEqual(mapDuckDbType('BIGINT'), { kind: 'numeric', integer: true });
    assert.deepEqual(mapDuckDbType('DOUBLE'), { kind: 'numeric', integer: false });
    assert.deepEqual(mapDuckDbType('DECIMAL(10,0)'), { kind: 'numeric', integer: true });
    assert.deepEqual(mapDuckDbType('DECIMAL(10,2)'), { kind: 'numeric', integer: false });
    assert.deepEqual(mapDuckDbType('VARCHAR'), { kind: 'categories' });
    assert.deepEqual(mapDuckDbType('BOOLEAN'), { kind: 'categories', logical: 'boolean' });
    assert.deepEqual(mapDuckDbType('TIMESTAMP WITH TIME ZONE'), { kind: 'categories', logical: 'datetime' });
    for (const t of ['INTEGER[]', 'STRUCT(a INTEGER)', 'MAP(VARCHAR, INTEGER)', 'JSON', 'BLOB', 'INTERVAL']) assert.equal(mapDuckDbType(t).kind, 'unsupported', t);
  });
  it('ClickHouse (Nullable and LowCardinality unwrapped)', () => {
    assert.deepEqual(mapClickHouseType('Nullable(Int64)'), { kind: 'numeric', integer: true });
    assert.deepEqual(mapClickHouseType('UInt8'), { kind: 'numeric', integer: true });
    assert.deepEqual(mapClickHouseType('Float32'), { kind: 'numeric', integer: false });
    assert.deepEqual(mapClickHouseType('Decimal(18, 0)'), { kind: 'numeric', integer: true });
    assert.deepEqual(mapClickHouseType('Decimal64(4)'), { kind: 'numeric', integer: false });
    assert.deepEqual(mapClickHouseType('LowCardinality(Nullable(String))'), { kind: 'categories' });
    assert.deepEqual(mapClickHouseType("Enum8('a' = 1, 'b' = 2)"), { kind: 'categories' });
    assert.deepEqual(mapClickHouseType("DateTime('UTC')"), { kind: 'categories', logical: 'datetime' });
    assert.deepEqual(mapClickHouseType('Bool'), { kind: 'categories', logical: 'boolean' });
    for (const t of ['Array(UInt8)', 'Tuple(Int8, String)', 'Map(String, Int64)', 'Nested(a Int8)']) assert.equal(mapClickHouseType(t).kind, 'unsupported', t);
  });
  it('PostgreSQL (numeric typmod decides integer)', () => {
    assert.deepEqual(mapPostgresType('int8', 'N', -1), { kind: 'numeric', integer: true });
    assert.deepEqual(mapPostgresType('float8', 'N', -1), { kind: 'numeric', integer: false });
    assert.deepEqual(mapPostgresType('numeric', 'N', ((10 << 16) | 0) + 4), { kind: 'numeric', integer: true });
    assert.deepEqual(mapPostgresType('numeric', 'N', ((10 << 16) | 2) + 4), { kind: 'numeric', integer: false });
    assert.deepEqual(mapPostgresType('numeric', 'N', -1), { kind: 'numeric', integer: false });
    assert.deepEqual(mapPostgresType('varchar', 'S', -1), { kind: 'categories' });
    assert.deepEqual(mapPostgresType('mood', 'E', -1), { kind: 'categories' });
    assert.deepEqual(mapPostgresType('timestamptz', 'D', -1), { kind: 'categories', logical: 'datetime' });
    for (const [n, c] of [['_int4', 'A'], ['jsonb', 'U'], ['bytea', 'U'], ['interval', 'T']]) assert.equal(mapPostgresType(n, c, -1).kind, 'unsupported', n);
  });
});

describe('sources: ClickHouse text formats', () => {
  it('TabSeparated escapes and NULL', () => {
    assert.deepEqual(parseTabSeparated('a\\tb\t\\N\nx\\\\y\t\\n\n'), [['a\tb', null], ['x\\y', '\n']]);
  });
  it('Float64 text: inf, -inf, nan', () => {
    assert.equal(parseClickHouseNumber('inf'), Infinity);
    assert.equal(parseClickHouseNumber('-inf'), -Infinity);
    assert.ok(Number.isNaN(parseClickHouseNumber('-nan')));
    assert.equal(parseClickHouseNumber('0.30000000000000004'), 0.1 + 0.2);
  });
  it('error bodies of 18.x and newer servers', () => {
    const old = parseClickHouseError("Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = DB::Exception\n");
    assert.equal(old.code, 60);
    assert.equal(old.message, "Table default.x doesn't exist.");
    const syntax = parseClickHouseError('Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 14 (end of query): . Expected one of: a, b, c, e.what() = DB::Exception');
    assert.equal(syntax.message, 'Syntax error: failed at position 14 (end of query)');
    const recent = parseClickHouseError("Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE) (version 23.8.1.1)");
    assert.equal(recent.code, 60);
    assert.equal(recent.message, 'Table default.x does not exist. (UNKNOWN_TABLE)');
  });
});

describe('sources: profiles from GROUP BY rows', () => {
  const numeric = numericColumn('x', 'DOUBLE', false, [
    { value: 2.5, count: 3 },
    { value: null, count: 1 },
    { value: NaN, count: 2 },
    { value: -0, count: 1 },
    { value: 0, count: 1 },
    { value: Infinity, count: 1 },
    { value: -1, count: 2 },
  ]);
  const cats = categoryColumn('c', 'VARCHAR', undefined, [
    { value: 'b', count: 2 },
    { value: null, count: 1 },
    { value: 'a', count: 3 },
  ]);
  const profile: SourceProfile = { source: 's', engine: 'duckdb', format: 'table', rows: 11, columns: [numeric, { ...cats, rows: 11, missing: 6 }], queries: [], warnings: [] };

  it('NaN and NULL are missing, infinities counted apart, -0 is 0, values ascending', () => {
    assert.equal(numeric.missing, 3);
    assert.equal(numeric.positiveInfinity, 1);
    assert.deepEqual([...numeric.values], [-1, 0, 2.5]);
    assert.deepEqual([...numeric.counts], [2, 2, 3]);
    assert.equal(numeric.rows, 11);
  });

  it('the shared profile type: invariants of src/core/profile/profile.ts', () => {
    const p = toDatasetProfile(profile);
    const n = p.columns[0];
    assert.ok(n.kind === 'numeric');
    assert.equal(n.count, 7);
    assert.equal(n.rows, n.count + n.missing + n.nonFinite);
    assert.equal(n.min, -1);
    assert.equal(n.max, 2.5);
    assert.equal(n.moments.sum, 5.5);
    assert.ok(Math.abs(n.moments.mean - 5.5 / 7) < 1e-15);
    const c = p.columns[1];
    assert.ok(c.kind === 'category');
    assert.deepEqual(c.values, ['a', 'b']);
    assert.deepEqual([...c.counts], [3, 2]);
  });

  it('as a Dataset: each value repeated its count, missing as NaN / -1', () => {
    const d = toDataset(profile);
    const col = d.columns[0];
    assert.ok(col.storage === 'numeric');
    assert.equal(col.values.length, 11);
    assert.equal(col.infinities, 1);
    assert.equal([...col.values].filter((v) => Number.isNaN(v)).length, 3);
  });
});
