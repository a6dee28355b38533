import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import type * as StartClickHouse from '../../scripts/clickhouse/start-clickhouse';
import type * as StartPostgres from '../../scripts/postgres/start-postgres';
import type * as Provision from '../../scripts/sources-provision';
import { compareDatasets } from '../../src/core/drift/engine';
import { DatasetReadError, type Dataset } from '../../src/core/read/dataset';
import { readDatasetFile } from '../../src/core/read/index';
import { clickHouseExecute } from '../../src/core/sources/clickhouse';
import { annotateReport, listSourceTables, readSource, timelineSource, type SourceOptions } from '../../src/core/sources/index';
import { computeTimeline, computeTimelineFromProfiles } from '../../src/core/timeline/timeline';
import { parsePeriod } from '../../src/core/timeline/period';
import type { TimelineReport } from '../../src/shared/timeline';
import { parseSourceName, type ServerSource } from '../../src/core/sources/name';
import type { DriftReport } from '../../src/shared/report';
import { main } from '../../src/cli/main';
import { loadClickHouse, loadDuckDb, loadPostgres, removeDir, tableOf, tempDir, writeCsv, type Table } from './helpers/sourceLoad';

const ROOT = path.join(__dirname, '..', '..', '..');
const PAIRS = path.join(ROOT, 'test', 'fixtures', 'pairs');
/* eslint-disable @typescript-eslint/no-require-imports */
const { startClickHouseCluster } = require(path.join(ROOT, 'scripts', 'clickhouse', 'start-clickhouse.js')) as typeof StartClickHouse;
const { startPostgres } = require(path.join(ROOT, 'scripts', 'postgres', 'start-postgres.js')) as typeof StartPostgres;
const { provisionSourceServers } = require(path.join(ROOT, 'scripts', 'sources-provision.js')) as typeof Provision;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The real pairs of test/fixtures/pairs: dates, integers, decimals, text, missing values. */
const FIXTURES = ['flights-halves', 'penguins-halves', 'penguins-evenodd'];

/** Scores agree to 1e-9 absolute or 1e-6 relative (category order changes the order of float sums). */
function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

function assertSameScores(native: DriftReport, other: DriftReport, what: string): void {
  assert.equal(other.columns.length, native.columns.length, `${what}: columns ${other.columns.map((c) => c.name)}`);
  for (const n of native.columns) {
    const o = other.columns.find((c) => c.name === n.name);
    assert.ok(o, `${what}: column ${n.name} missing`);
    assert.equal(o.type, n.type, `${what}: ${n.name} type (${o.reason} / ${n.reason})`);
    assert.equal(o.test, n.test, `${what}: ${n.name} test`);
    assert.ok(close(o.score, n.score), `${what}: ${n.name} score ${o.score} vs native ${n.score}`);
    assert.equal(o.drifted, n.drifted, `${what}: ${n.name} verdict`);
  }
  assert.deepEqual(other.dataset, native.dataset, `${what}: dataset verdict`);
}

function assertSameTimeline(native: TimelineReport, other: TimelineReport, what: string): void {
  assert.deepEqual(
    other.chunks.map((c) => [c.start, c.end, c.rows]),
    native.chunks.map((c) => [c.start, c.end, c.rows]),
    `${what}: chunk bounds and rows`,
  );
  native.chunks.forEach((n, i) => {
    const o = other.chunks[i];
    assert.deepEqual(o.dataset, n.dataset, `${what}: chunk ${i} dataset verdict`);
    for (const nc of n.columns) {
      const oc = o.columns.find((c) => c.name === nc.name);
      assert.ok(oc, `${what}: chunk ${i} column ${nc.name} missing`);
      assert.equal(oc.type, nc.type, `${what}: chunk ${i} ${nc.name} type`);
      assert.equal(oc.test, nc.test, `${what}: chunk ${i} ${nc.name} test`);
      assert.ok(close(oc.score, nc.score), `${what}: chunk ${i} ${nc.name} score ${oc.score} vs native ${nc.score}`);
      assert.equal(oc.drifted, nc.drifted, `${what}: chunk ${i} ${nc.name} verdict (${oc.reason} / ${nc.reason})`);
    }
  });
  assert.deepEqual(
    other.columns.map((c) => [c.name, c.driftedChunks, c.testedChunks, c.firstDriftedChunk]),
    native.columns.map((c) => [c.name, c.driftedChunks, c.testedChunks, c.firstDriftedChunk]),
    `${what}: since when`,
  );
  assert.deepEqual(other.dataset, native.dataset, `${what}: dataset since when`);
}

async function compareSources(ref: string, cur: string, options: SourceOptions = {}): Promise<DriftReport> {
  const [r, c] = await Promise.all([readSource(ref, options), readSource(cur, options)]);
  return annotateReport(compareDatasets(r.dataset, c.dataset), r, c);
}

/** A ClickHouse query that takes about n seconds (its sleep() stops at 3 s a block; one branch a block). */
const sleeps = (n: number) => Array.from({ length: n }, () => 'SELECT sleep(2) AS x').join(' UNION ALL ');

/** Rejects with a DatasetReadError whose message matches every pattern. */
async function rejectsWith(p: Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DatasetReadError, `not a DatasetReadError: ${(e as Error)?.stack}`);
    for (const re of patterns) assert.match(e.message, re);
    return e.message;
  }
  assert.fail('did not reject');
}

describe('sources: DuckDB, a two-shard ClickHouse cluster and PostgreSQL give the native scores', function () {
  this.timeout(180000);
  let clickhouse: StartClickHouse.RunningClickHouseCluster | undefined;
  let postgres: StartPostgres.RunningPostgres | undefined;
  let dir = '';
  const tables = new Map<string, { reference: Table; current: Table; native: DriftReport; csv: [string, string] }>();
  let ch1: ServerSource;
  let pgUri = '';
  let chUri = '';

  before(async function () {
    provisionSourceServers();
    dir = tempDir();
    [clickhouse, postgres] = await Promise.all([startClickHouseCluster(), startPostgres()]);
    const shards = clickhouse.shards.map((s) => parseSourceName(`clickhouse://127.0.0.1:${s.httpPort}/default?table=x`) as ServerSource);
    ch1 = shards[0];
    pgUri = `postgres://postgres@127.0.0.1:${postgres.port}/postgres`;
    chUri = `clickhouse://127.0.0.1:${clickhouse.shards[0].httpPort}/default`;
    const duckFile = path.join(dir, 'pairs.duckdb');
    for (const name of FIXTURES) {
      const [ref, cur] = await Promise.all(['reference', 'current'].map((s) => readDatasetFile(path.join(PAIRS, `${name}-${s}.csv`))));
      const reference = tableOf(ref);
      const current = tableOf(cur);
      const csv: [string, string] = [writeCsv(reference, dir, `${name}-reference`), writeCsv(current, dir, `${name}-current`)];
      const t = (side: string) => `${name.replace(/-/g, '_')}_${side}`;
      for (const [side, table, file] of [['reference', reference, csv[0]], ['current', current, csv[1]]] as const) {
        await loadDuckDb(duckFile, t(side), table, file);
        loadPostgres(postgres.psql, 'postgres', t(side), table, file);
        await loadClickHouse(shards, clickhouse.cluster, t(side), table);
      }
      tables.set(name, { reference, current, native: compareDatasets(ref, cur), csv });
    }
    // Parquet files written by DuckDB, two per side, for the glob case.
    const instance = await DuckDBInstance.create(duckFile);
    const con = await instance.connect();
    for (const side of ['reference', 'current']) {
      for (const half of [0, 1]) {
        const out = path.join(dir, `penguins_halves_${side}-${half}.parquet`).replace(/'/g, "''");
        await con.run(`COPY (SELECT * FROM penguins_halves_${side} WHERE "Body Mass (g)" IS NULL OR ("Body Mass (g)"::BIGINT % 2) = ${half}) TO '${out}' (FORMAT parquet)`);
      }
    }
    con.closeSync();
    instance.closeSync();
  });

  after(async () => {
    await Promise.all([clickhouse?.stop(), postgres?.stop()]);
    if (dir) removeDir(dir);
  });

  for (const name of FIXTURES) {
    const t = (side: string) => `${name.replace(/-/g, '_')}_${side}`;
    it(`${name}: DuckDB over the CSV files`, async () => {
      const { native, csv } = tables.get(name)!;
      const report = await compareSources(path.join(PAIRS, `${name}-reference.csv`), path.join(PAIRS, `${name}-current.csv`), { engine: 'duckdb' });
      assertSameScores(native, report, 'duckdb csv');
      assert.equal(report.reference.engine, 'duckdb');
      assert.ok(report.reference.queries?.some((q) => /GROUP BY/.test(q)));
      assert.ok(csv[0]);
    });
    it(`${name}: a DuckDB database table`, async () => {
      const db = path.join(dir, 'pairs.duckdb');
      const report = await compareSources(`duckdb:${db}?table=${t('reference')}`, `duckdb:${db}?table=${t('current')}`);
      assertSameScores(tables.get(name)!.native, report, 'duckdb table');
    });
    it(`${name}: a PostgreSQL table and query`, async () => {
      const report = await compareSources(`${pgUri}?table=${t('reference')}`, `${pgUri}?query=${encodeURIComponent(`SELECT * FROM ${t('current')}`)}`);
      assertSameScores(tables.get(name)!.native, report, 'postgres');
      assert.equal(report.reference.engine, 'postgres');
      assert.equal(report.current.format, 'query');
    });
    it(`${name}: a Distributed table over two ClickHouse shards`, async () => {
      const report = await compareSources(`${chUri}?table=${t('reference')}`, `${chUri}?table=${t('current')}`);
      assertSameScores(tables.get(name)!.native, report, 'clickhouse');
      assert.equal(report.reference.engine, 'clickhouse');
      assert.equal(report.reference.rows, tables.get(name)!.native.reference.rows);
    });
  }

  it('the Distributed table really spans both shards (each holds part of the rows)', async () => {
    const local = await readSource(`clickhouse://127.0.0.1:${clickhouse!.shards[1].httpPort}/default?table=flights_halves_reference_local`);
    const all = await readSource(`${chUri}?table=flights_halves_reference`);
    assert.ok(local.dataset.rows > 0 && local.dataset.rows < all.dataset.rows, `${local.dataset.rows} of ${all.dataset.rows}`);
  });

  it('a quoted glob of Parquet files (DuckDB) gives the native scores of the whole CSVs', async () => {
    const report = await compareSources(path.join(dir, 'penguins_halves_reference-*.parquet'), path.join(dir, 'penguins_halves_current-*.parquet'));
    assertSameScores(tables.get('penguins-halves')!.native, report, 'parquet glob');
    assert.equal(report.reference.format, 'parquet');
  });

  it('SQL over files through DuckDB (duckdb:?query=)', async () => {
    const q = (side: string) => `duckdb:?query=${encodeURIComponent(`SELECT * FROM read_csv('${path.join(PAIRS, `flights-halves-${side}.csv`)}')`)}`;
    const report = await compareSources(q('reference'), q('current'));
    assertSameScores(tables.get('flights-halves')!.native, report, 'duckdb query');
  });

  it('the CLI compares a PostgreSQL table with a ClickHouse table (exit 0, engines named in JSON)', async () => {
    const out = path.join(dir, 'cli.json');
    const code = await main(['compare', `${pgUri}?table=flights_halves_reference`, `${chUri}?table=flights_halves_current`, '--format', 'json', '--out', out]);
    assert.equal(code, 0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const report = require(out) as DriftReport;
    assertSameScores(tables.get('flights-halves')!.native, report, 'cli');
    assert.equal(report.reference.engine, 'postgres');
    assert.equal(report.current.engine, 'clickhouse');
  });

  it('lists the tables of a connection (the extension\'s pickers), each as a source name', async () => {
    const pgTables = await listSourceTables(pgUri);
    assert.ok(pgTables.some((t) => t.table === 'flights_halves_reference' && t.source === `${pgUri}?table=flights_halves_reference`), JSON.stringify(pgTables));
    const chTables = await listSourceTables(chUri);
    assert.ok(chTables.some((t) => t.table === 'flights_halves_current'));
    const duckTables = await listSourceTables(`duckdb:${path.join(dir, 'pairs.duckdb')}`);
    assert.ok(duckTables.some((t) => t.table === 'penguins_halves_reference'));
    await rejectsWith(listSourceTables('postgres://postgres@127.0.0.1:1/postgres', { timeoutMs: 5000 }), /connection refused/);
  });

  it('the comparison worker thread reads sources and cancels the server query when the host asks', async () => {
    const workerPath = path.join(ROOT, 'out', 'src', 'threads', 'worker.js');
    const base = { settings: {}, generatedBy: 'test', sources: { engine: 'auto' as const } };
    const run = (referencePath: string, currentPath: string, cancelAfterMs?: number) =>
      new Promise<{ type: string; report?: DriftReport; message?: string }>((resolve, reject) => {
        const w = new Worker(workerPath, { workerData: { thread: 'compare', request: { ...base, referencePath, currentPath, referenceName: 'ref', currentName: 'cur' } } });
        w.on('message', (m: { type: string }) => {
          if (m.type !== 'progress') {
            resolve(m);
            void w.terminate();
          }
        });
        w.on('error', reject);
        if (cancelAfterMs !== undefined) setTimeout(() => w.postMessage({ type: 'cancel' }), cancelAfterMs);
      });
    const done = await run(`${pgUri}?table=flights_halves_reference`, `${chUri}?table=flights_halves_current`);
    assert.equal(done.type, 'done', done.message);
    assertSameScores(tables.get('flights-halves')!.native, { ...done.report!, reference: { ...done.report!.reference }, current: { ...done.report!.current } }, 'worker');
    assert.equal(done.report!.reference.engine, 'postgres');
    const slow = `${pgUri}?query=${encodeURIComponent('SELECT 1 AS x FROM pg_sleep(20)')}`;
    const cancelled = await run(slow, slow, 1000);
    assert.equal(cancelled.type, 'error');
    let active = '';
    for (let i = 0; i < 50; i++) {
      active = postgres!.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(20)%' AND state = 'active' AND pid <> pg_backend_pid()").trim();
      if (active === '0') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(active, '0', 'the query still runs on the server');
  });

  it('the comparison worker takes one password per side: two connections of one kind keep their own (VS Code SecretStorage per connection)', async () => {
    const workerPath = path.join(ROOT, 'out', 'src', 'threads', 'worker.js');
    const port = clickhouse!.shards[0].httpPort;
    // The reference as `default` (no password), the current as `drift` (its password): one password per kind could not serve both.
    const request = {
      settings: {},
      generatedBy: 'test',
      referencePath: `clickhouse://127.0.0.1:${port}/default?table=flights_halves_reference`,
      currentPath: `clickhouse://drift@127.0.0.1:${port}/default?table=flights_halves_current`,
      referenceName: 'ref',
      currentName: 'cur',
      sources: { engine: 'auto' as const, sidePasswords: { current: clickhouse!.user.password } },
    };
    const done = await new Promise<{ type: string; report?: DriftReport; message?: string }>((resolve, reject) => {
      const w = new Worker(workerPath, { workerData: { thread: 'compare', request } });
      w.on('message', (m: { type: string }) => {
        if (m.type !== 'progress') {
          resolve(m);
          void w.terminate();
        }
      });
      w.on('error', reject);
    });
    assert.equal(done.type, 'done', done.message);
    assertSameScores(tables.get('flights-halves')!.native, done.report!, 'per-side passwords');
  });

  describe('timeline: chunk profiles from one GROUP BY on the time bucket equal the native timeline', () => {
    const nativeTimelines = new Map<string, TimelineReport>();
    const native = async (period: string, baseline: 'reference' | 'previous' = 'reference') => {
      const key = `${period}|${baseline}`;
      if (!nativeTimelines.has(key)) {
        const [ref, cur] = await Promise.all(['reference', 'current'].map((s) => readDatasetFile(path.join(PAIRS, `flights-halves-${s}.csv`))));
        nativeTimelines.set(key, computeTimeline(ref, cur, {}, { chunking: { by: 'period', period }, baseline }).report);
      }
      return nativeTimelines.get(key)!;
    };
    const viaSource = async (ref: string, cur: string, period: string, baseline: 'reference' | 'previous' = 'reference', options: SourceOptions = {}) => {
      const unit = parsePeriod(period)!;
      const [r, c] = await Promise.all([readSource(ref, options), timelineSource(cur, options, undefined, unit)]);
      return computeTimelineFromProfiles(r.dataset, c, {}, { baseline }).report;
    };
    const sources = () => {
      const db = path.join(dir, 'pairs.duckdb');
      return [
        ['DuckDB table', `duckdb:${db}?table=flights_halves_reference`, `duckdb:${db}?table=flights_halves_current`],
        ['DuckDB over the CSV file', path.join(PAIRS, 'flights-halves-reference.csv'), path.join(PAIRS, 'flights-halves-current.csv')],
        ['DuckDB over a glob', path.join(PAIRS, 'flights-halves-referenc?.csv'), path.join(PAIRS, 'flights-halves-curren?.csv')],
        ['PostgreSQL', `${pgUri}?table=flights_halves_reference`, `${pgUri}?query=${encodeURIComponent('SELECT * FROM flights_halves_current')}`],
        ['ClickHouse Distributed', `${chUri}?table=flights_halves_reference`, `${chUri}?table=flights_halves_current`],
      ] as const;
    };
    for (const period of ['1h', '1d', '1w', '1M', '1Q', '1y']) {
      it(`by ${period}: every engine's chunks, rows, scores and verdicts are the native timeline's`, async () => {
        const expected = await native(period);
        assert.ok(expected.chunks.length >= 1);
        for (const [what, ref, cur] of sources()) {
          const got = await viaSource(ref, cur, period, 'reference', what.startsWith('DuckDB over') ? { engine: 'duckdb' } : {});
          assertSameTimeline(expected, got, `${what} ${period}`);
        }
      });
    }
    it('a DATE time column (not a timestamp) is cut by every period in every engine as natively', async () => {
      // The flights' days as dates: each engine's bucket of a date (ClickHouse 18.16 has no toStartOfDay(Date)).
      const [ref, cur] = await Promise.all(['reference', 'current'].map((s) => readDatasetFile(path.join(PAIRS, `flights-halves-${s}.csv`))));
      const dayOnly = (d: Dataset): Dataset => ({
        ...d,
        columns: d.columns.map((c) => (c.name === 'date' && c.storage === 'dictionary' ? { ...c, dictionary: c.dictionary.map((v) => v.slice(0, 10).replace(/\//g, '-')) } : c)),
      });
      const pgQ = (side: string) => `${pgUri}?query=${encodeURIComponent(`SELECT date::date AS date, delay, distance, origin, destination FROM flights_halves_${side}`)}`;
      const chQ = (side: string) => `${chUri}?query=${encodeURIComponent(`SELECT toDate(date) AS date, delay, distance, origin, destination FROM flights_halves_${side}`)}`;
      const db = path.join(dir, 'pairs.duckdb');
      const duckQ = (side: string) => `duckdb:${db}?query=${encodeURIComponent(`SELECT CAST(date AS DATE) AS date, delay, distance, origin, destination FROM flights_halves_${side}`)}`;
      for (const period of ['1h', '1d', '1w', '1M']) {
        const expected = computeTimeline(dayOnly(ref), dayOnly(cur), {}, { chunking: { by: 'period', period } }).report;
        for (const q of [pgQ, chQ, duckQ]) assertSameTimeline(expected, await viaSource(q('reference'), q('current'), period), `${q('x').slice(0, 10)} DATE ${period}`);
      }
    });

    it('baseline previous: the same chunks against the chunk before', async () => {
      const expected = await native('1w', 'previous');
      for (const [what, ref, cur] of sources().slice(2)) assertSameTimeline(expected, await viaSource(ref, cur, '1w', 'previous'), `${what} previous`);
    });
    it('one query per side: the ClickHouse and PostgreSQL profiles run one GROUP BY (plus the shape query)', async () => {
      const pg = await readSource(`${pgUri}?table=flights_halves_reference`);
      assert.equal(pg.profile!.queries.filter((q) => /GROUP BY/.test(q)).length, 1, pg.profile!.queries.join('\n'));
      assert.match(pg.profile!.queries.find((q) => /GROUP BY/.test(q))!, /GROUPING SETS/);
      const ch = await readSource(`${chUri}?table=flights_halves_reference`);
      assert.equal(ch.profile!.queries.length, 2, ch.profile!.queries.join('\n'));
      const duck = await readSource(`duckdb:${path.join(dir, 'pairs.duckdb')}?table=flights_halves_reference`);
      assert.equal(duck.profile!.queries.filter((q) => /GROUP BY/.test(q)).length, 1);
    });
    it('the CLI: timeline over PostgreSQL and ClickHouse (JSON names the engines); chunks of rows need a period', async () => {
      const out = path.join(dir, 'timeline.json');
      const code = await main(['timeline', `${pgUri}?table=flights_halves_reference`, `${chUri}?table=flights_halves_current`, '--period', '1w', '--format', 'json', '--out', out]);
      assert.equal(code, 0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as TimelineReport;
      assertSameTimeline(await native('1w'), report, 'cli');
      assert.equal(report.current.engine, 'clickhouse');
      assert.equal(report.reference.engine, 'postgres');
      // A reference in PostgreSQL against a log file read natively: the file is cut row by row.
      const mixed = path.join(dir, 'timeline-mixed.json');
      assert.equal(await main(['timeline', `${pgUri}?table=flights_halves_reference`, path.join(PAIRS, 'flights-halves-current.csv'), '--period', '1w', '--format', 'json', '--out', mixed]), 0);
      assertSameTimeline(await native('1w'), JSON.parse(readFileSync(mixed, 'utf8')) as TimelineReport, 'cli, postgres reference and a CSV');
      const errors: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((x: string) => (errors.push(x), true)) as typeof process.stderr.write;
      try {
        assert.equal(await main(['timeline', `${pgUri}?table=flights_halves_reference`, `${pgUri}?table=flights_halves_current`, '--chunks', '4']), 2);
        assert.equal(await main(['timeline', `${pgUri}?table=flights_halves_reference`, `${pgUri}?table=flights_halves_current`, '--period', '1d', '--time-column', 'origin']), 2);
      } finally {
        process.stderr.write = write;
      }
      assert.match(errors[0], /no row order to cut into chunks of rows: chunk it by --period/);
      assert.match(errors[errors.length - 1], /column 'origin' is of type text, not a date or timestamp/);
    });
  });

  describe('types: one mapping, the same tests whatever the engine', () => {
    it('arrays and JSON are "not tested: type X"; the other columns are still tested', async () => {
      const pg = `${pgUri}?query=${encodeURIComponent(`SELECT "Species", "Body Mass (g)", ARRAY[1,2] AS tags, '{"a":1}'::jsonb AS meta, true AS flag, DATE '2020-01-02' AS day FROM penguins_halves_reference`)}`;
      const pgCur = pg.replace('penguins_halves_reference', 'penguins_halves_current');
      const report = await compareSources(pg, pgCur);
      const col = (n: string) => report.columns.find((c) => c.name === n)!;
      assert.equal(col('tags').type, 'unsupported');
      assert.match(col('tags').reason, /not tested: type integer\[\]/);
      assert.match(col('meta').reason, /not tested: type jsonb/);
      assert.equal(col('flag').type, 'categorical');
      assert.equal(col('day').type, 'datetime');
      assert.ok(col('Body Mass (g)').score !== null);
      const ch = `${chUri}?query=${encodeURIComponent('SELECT Species, [1, 2] AS tags, toUInt8(1) AS one FROM penguins_halves_reference')}`;
      const chReport = await compareSources(ch, ch);
      assert.match(chReport.columns.find((c) => c.name === 'tags')!.reason, /not tested: type Array\(UInt8\)/);
      assert.ok(chReport.columns.find((c) => c.name === 'Species')!.test !== null);
      const duck = `duckdb:?query=${encodeURIComponent("SELECT [1, 2] AS tags, {'a': 1} AS s, x FROM range(20) t(x)")}`;
      const duckReport = await compareSources(duck, duck);
      assert.match(duckReport.columns.find((c) => c.name === 'tags')!.reason, /not tested: type INTEGER\[\]/);
      assert.match(duckReport.columns.find((c) => c.name === 's')!.reason, /not tested: type STRUCT/);
      assert.equal(duckReport.columns.find((c) => c.name === 'x')!.type, 'id');
    });

    it('--sample: every engine profiles a seeded sample of N rows (the same for the same seed, a subset of the table), and the report says so', async () => {
      const db = path.join(dir, 'pairs.duckdb');
      const full = await readSource(`${pgUri}?table=flights_halves_reference`);
      for (const uri of [`${pgUri}?table=flights_halves_reference`, `${chUri}?table=flights_halves_reference`, `duckdb:${db}?table=flights_halves_reference`]) {
        const a = await readSource(uri, {}, { sample: { rows: 500, seed: 42 } });
        const b = await readSource(uri, {}, { sample: { rows: 500, seed: 42 } });
        const c = await readSource(uri, {}, { sample: { rows: 500, seed: 7 } });
        assert.equal(a.dataset.rows, 500, uri);
        assert.deepEqual(a.dataset.sampled, { seed: 42, requested: 500, fileRows: 2500 }, uri);
        assert.deepEqual(a.dataset, b.dataset, `${uri}: the same seed gives the same sample`);
        assert.notDeepEqual(a.dataset.columns, c.dataset.columns, `${uri}: another seed gives another sample`);
        // A subset of the table's rows: no value more often than in the table.
        const counts = (d: typeof a, name: string) => {
          const col = d.dataset.columns.find((x) => x.name === name) as { values: readonly (number | string)[]; counts: Float64Array };
          return new Map(col.values.map((v, i) => [v, col.counts[i]]));
        };
        const whole = counts(full, 'origin');
        for (const [v, n] of counts(a, 'origin')) assert.ok(n <= (whole.get(v) ?? 0), `${uri}: origin ${v} ${n} times in the sample`);
        assert.ok(a.profile!.queries.some((q) => /LIMIT 500/.test(q)), a.profile!.queries.join('\n'));
      }
      const report = await compareSources(`${pgUri}?table=flights_halves_reference`, `${chUri}?table=flights_halves_current`, {});
      assert.equal(report.sampling, undefined);
      const [r, cur] = await Promise.all([readSource(`${pgUri}?table=flights_halves_reference`, {}, { sample: { rows: 300, seed: 1 } }), readSource(`${chUri}?table=flights_halves_current`, {}, { sample: { rows: 300, seed: 1 } })]);
      assert.deepEqual(compareDatasets(r.dataset, cur.dataset).sampling, { rows: 300, seed: 1, referenceRows: 2500, currentRows: 2500 });
      // A timeline samples the rows first, then cuts the sample into periods (as natively).
      for (const uri of [`${pgUri}?table=flights_halves_current`, `${chUri}?table=flights_halves_current`, `duckdb:${db}?table=flights_halves_current`]) {
        const t = await timelineSource(uri, { sample: { rows: 1000, seed: 3 } }, undefined, 'w');
        assert.equal(t.whole.rows, 1000, uri);
        assert.deepEqual(t.whole.sampled, { seed: 3, requested: 1000, fileRows: 2500 });
        assert.equal(t.chunks.reduce((n, c) => n + c.profile.rows, 0) + t.unplaced, 1000, uri);
      }
    });

    it('NaN and NULL are missing, infinities are dropped like the native reader', async () => {
      const values = "(1.5), (2.5), ('NaN'::float8), (NULL), ('Infinity'::float8), ('-Infinity'::float8), (3.5), (4.5), (5.5), (6.5), (7.5), (8.5)";
      const uri = `${pgUri}?query=${encodeURIComponent(`SELECT x FROM (VALUES ${values}) AS v(x)`)}`;
      const r = await readSource(uri);
      const p = r.profile!.columns[0];
      assert.equal(p.kind, 'numeric');
      if (p.kind !== 'numeric') return;
      assert.equal(p.missing, 2);
      assert.equal(p.positiveInfinity + p.negativeInfinity, 2);
      assert.deepEqual([...p.values], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]);
      const ch = await readSource(`${chUri}?query=${encodeURIComponent('SELECT arrayJoin([1.5, nan, inf, -inf, 2.5, NULL]) AS x')}`);
      const c = ch.profile!.columns[0];
      assert.ok(c.kind === 'numeric' && c.missing === 2 && c.positiveInfinity === 1 && c.negativeInfinity === 1 && c.values.length === 2, JSON.stringify(c));
    });
  });

  describe('faults: one clear message naming the server, exit 2, nothing hangs', () => {
    it('PostgreSQL: unreachable server', async () => {
      await rejectsWith(readSource('postgres://postgres@127.0.0.1:1/postgres?table=x', { timeoutMs: 5000 }), /PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    });
    it('PostgreSQL: refused login (password from PGPASSWORD only)', async () => {
      const uri = `postgres://drift@127.0.0.1:${postgres!.port}/postgres?table=flights_halves_reference`;
      await rejectsWith(readSource(uri, { passwords: { postgres: 'wrong' } }), /login refused for user 'drift'/, new RegExp(`127\\.0\\.0\\.1:${postgres!.port}`));
      // The right password gets in (then lacks the grant: the server's own message).
      await rejectsWith(readSource(uri, { passwords: { postgres: postgres!.testUser.password } }), /permission denied/);
    });
    it('PostgreSQL: missing table', async () => {
      await rejectsWith(readSource(`${pgUri}?table=nosuch`), /relation "nosuch" does not exist/, /no table 'nosuch'/);
    });
    it('PostgreSQL: a query error with its position', async () => {
      await rejectsWith(readSource(`${pgUri}?query=${encodeURIComponent('SELECT x FROM')}`), /syntax error/, /at position \d+/);
    });
    it('PostgreSQL: timeout', async () => {
      await rejectsWith(readSource(`${pgUri}?query=${encodeURIComponent('SELECT 1 AS x FROM pg_sleep(10)')}`, { timeoutMs: 1000 }), /stopped after 1 s \(the timeout setting\)/);
    });
    it('PostgreSQL: cancel stops the query on the server (pg_cancel_backend)', async () => {
      const ac = new AbortController();
      const p = readSource(`${pgUri}?query=${encodeURIComponent('SELECT 1 AS x FROM pg_sleep(30)')}`, { signal: ac.signal });
      await new Promise((r) => setTimeout(r, 1000));
      ac.abort(new Error('cancelled by the test'));
      await assert.rejects(p, /cancelled by the test/);
      let active = '';
      for (let i = 0; i < 50; i++) {
        active = postgres!.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()").trim();
        if (active === '0') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(active, '0');
    });
    it('PostgreSQL: a password in the URI is refused and never printed', async () => {
      const msg = await rejectsWith(readSource(`postgres://drift:hunter2@127.0.0.1:${postgres!.port}/postgres?table=x`), /PGPASSWORD/);
      assert.doesNotMatch(msg, /hunter2/);
    });
    it('ClickHouse: unreachable server', async () => {
      await rejectsWith(readSource('clickhouse://127.0.0.1:1/default?table=x', { timeoutMs: 5000 }), /ClickHouse at 127\.0\.0\.1:1: connection refused/);
    });
    it('ClickHouse: refused login (password from CLICKHOUSE_PASSWORD only)', async () => {
      const uri = `clickhouse://drift@127.0.0.1:${clickhouse!.shards[0].httpPort}/default?table=flights_halves_reference`;
      await rejectsWith(readSource(uri, { passwords: { clickhouse: 'wrong' } }), /login refused for user 'drift'/, /CLICKHOUSE_PASSWORD/);
      const ok = await readSource(uri, { passwords: { clickhouse: clickhouse!.user.password } });
      assert.equal(ok.dataset.rows, tables.get('flights-halves')!.native.reference.rows);
    });
    it('ClickHouse: missing table', async () => {
      await rejectsWith(readSource(`${chUri}?table=nosuch`), /Table default\.nosuch doesn't exist/, /code 60/);
    });
    it('ClickHouse: a query error with its position', async () => {
      await rejectsWith(readSource(`${chUri}?query=${encodeURIComponent('SELECT x FROM')}`), /Syntax error: failed at position \d+/);
    });
    it('ClickHouse: timeout', async () => {
      await rejectsWith(
        readSource(`${chUri}?query=${encodeURIComponent(sleeps(3))}`, { timeoutMs: 1000 }),
        /ClickHouse at 127\.0\.0\.1:\d+: the query was stopped after 1 s/,
      );
    });
    it('ClickHouse: cancel kills the query on the server (KILL QUERY by query_id)', async () => {
      const ac = new AbortController();
      const uri = `${chUri}?query=${encodeURIComponent(sleeps(20))}`;
      const p = readSource(uri, { signal: ac.signal });
      await new Promise((r) => setTimeout(r, 1500));
      ac.abort(new Error('cancelled by the test'));
      await assert.rejects(p, /cancelled by the test/);
      let running = '';
      for (let i = 0; i < 50; i++) {
        running = await clickHouseExecute(ch1, "SELECT count() FROM system.processes WHERE query LIKE '%sleep(2)%' AND query NOT LIKE '%system.processes%'");
        if (running.trim() === '0') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(running.trim(), '0');
    });
    it('DuckDB: a missing file, a query error, an unusable glob', async () => {
      await rejectsWith(readSource(path.join(dir, 'nosuch-*.parquet')), /DuckDB: .*No files found/);
      await rejectsWith(readSource(`duckdb:?query=${encodeURIComponent('SELECT x FROM')}`), /DuckDB: Parser Error: syntax error/);
      await rejectsWith(readSource(path.join(dir, 'logs-*')), /DuckDB reads \.csv/);
      await rejectsWith(readSource(`duckdb:${path.join(dir, 'pairs.duckdb')}?table=nosuch`), /DuckDB: Catalog Error: Table with name nosuch does not exist/);
    });
    it('DuckDB: timeout and cancel end the child process', async () => {
      const slow = `duckdb:?query=${encodeURIComponent('SELECT sum(a.range * b.range) AS x FROM range(100000) a, range(100000) b')}`;
      await rejectsWith(readSource(slow, { timeoutMs: 1000 }), /DuckDB did not finish within 1 s/);
      const ac = new AbortController();
      const p = readSource(slow, { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('cancelled by the test')), 500);
      await assert.rejects(p, /cancelled by the test/);
    });
    it('DuckDB: past its memory limit it says so (a clear error, not a dead process)', async () => {
      const big = `duckdb:?query=${encodeURIComponent("SELECT string_agg(repeat('x', 1000), '') AS s FROM range(200000)")}`;
      const msg = await rejectsWith(readSource(big, { duckdbMemoryMB: 64, timeoutMs: 60000 }), /DuckDB: Out of Memory Error/, /memory_limit is 64 MB: raise it with --duckdb-memory/);
      assert.doesNotMatch(msg, /\n/);
    });
    it('DuckDB: a crashed or killed child process is a clear error', async () => {
      const slow = `duckdb:?query=${encodeURIComponent('SELECT sum(a.range * b.range) AS x FROM range(100000) a, range(100000) b')}`;
      const p = readSource(slow);
      // Kill the child the way the kernel's out-of-memory killer would.
      let pid = 0;
      for (let i = 0; i < 100 && !pid; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout;
        pid = Number(/^\s*(\d+)\s.*duckdbChild\.js/m.exec(ps)?.[1] ?? 0);
      }
      assert.ok(pid > 0, 'the DuckDB child process was not found');
      process.kill(pid, 'SIGKILL');
      await rejectsWith(p, /the DuckDB process was killed \(SIGKILL\) before it finished: out of memory\?/);
    });
    it('the CLI: exit 2 and one line naming the server', async () => {
      const errors: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((s: string) => (errors.push(s), true)) as typeof process.stderr.write;
      let code: number;
      try {
        code = await main(['compare', `${chUri}?table=nosuch`, `${pgUri}?table=flights_halves_current`]);
      } finally {
        process.stderr.write = write;
      }
      assert.equal(code, 2);
      assert.equal(errors.length, 1);
      assert.match(errors[0], /^drift-inspect: clickhouse:\/\/127\.0\.0\.1:\d+\/default\?table=nosuch: ClickHouse at 127\.0\.0\.1:\d+: Table default\.nosuch doesn't exist/);
    });
  });
});
