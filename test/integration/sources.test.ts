import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type * as StartPostgres from '../../scripts/postgres/start-postgres';
import * as fs from 'fs';
import { compareWithProgress } from '../../src/extension/comparison';
import { sourceTableItems, sourceUri } from '../../src/extension/sources';
import { openSession } from '../../src/extension/timeline/chooseTimeline';
import { chunkingItems } from '../../src/extension/timeline/chunkingPicker';
import type { DriftReportPanel } from '../../src/extension/reportPanel';
import type { TimelineReport } from '../../src/shared/timeline';
import { errorsShownBy } from './errorMessages';
import { testHooks } from './hooks';
import { until } from './until';

// A real PostgreSQL 15 on loopback (scripts/postgres/start-postgres.js), stopped by PID.
const ROOT = path.join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPostgres } = require(path.join(ROOT, 'scripts', 'postgres', 'start-postgres.js')) as typeof StartPostgres;

/** A workspace CSV of dates, numbers and words as INSERT rows (empty cells NULL). */
function insertRows(table: string, csv: string, types: readonly ('date' | 'float8' | 'text')[]): string {
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1);
  const cell = (v: string, t: string) => (v === '' ? 'NULL' : t === 'float8' ? v : `'${v.replace(/'/g, "''")}'`);
  return `INSERT INTO ${table} VALUES ${lines.map((l) => `(${l.split(',').map((v, i) => cell(v, types[i])).join(', ')})`).join(', ')}`;
}

/** Scores agree to 1e-9 absolute or 1e-6 relative (a profile sums values in another order than rows). */
function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

/** Every chunk's bounds, rows, tests, scores and verdicts, and since-when, as the files' timeline. */
function assertSameTimeline(files: TimelineReport, table: TimelineReport): void {
  assert.deepStrictEqual(table.chunks.map((c) => [c.start, c.end, c.rows]), files.chunks.map((c) => [c.start, c.end, c.rows]), 'chunk bounds and rows');
  files.chunks.forEach((f, i) => {
    const t = table.chunks[i];
    assert.deepStrictEqual(t.dataset, f.dataset, `chunk ${i}: dataset verdict`);
    assert.deepStrictEqual(t.columns.map((c) => c.name), f.columns.map((c) => c.name), `chunk ${i}: columns`);
    f.columns.forEach((fc, k) => {
      const tc = t.columns[k];
      assert.strictEqual(tc.test, fc.test, `chunk ${i} ${fc.name}: test`);
      assert.ok(close(tc.score, fc.score), `chunk ${i} ${fc.name}: score ${tc.score} vs files ${fc.score}`);
      assert.strictEqual(tc.drifted, fc.drifted, `chunk ${i} ${fc.name}: verdict`);
    });
  });
  assert.deepStrictEqual(
    table.columns.map((c) => [c.name, c.driftedChunks, c.testedChunks, c.firstDriftedChunk]),
    files.columns.map((c) => [c.name, c.driftedChunks, c.testedChunks, c.firstDriftedChunk]),
    'since when per column',
  );
  assert.deepStrictEqual(table.dataset, files.dataset, 'since when of the dataset');
}

async function setSources(sources: unknown[]): Promise<void> {
  await vscode.workspace.getConfiguration('driftInspector').update('sources', sources, vscode.ConfigurationTarget.Global);
}

describe('Sources in VS Code (a real PostgreSQL on loopback)', function () {
  this.timeout(120_000);
  let pg: StartPostgres.RunningPostgres | undefined;
  let url = '';

  before(async () => {
    pg = await startPostgres();
    pg.psql('CREATE TABLE ref AS SELECT (i % 7)::int AS k, (i * 0.37)::float8 AS x, (ARRAY[\'a\',\'b\',\'c\'])[1 + i % 3] AS s FROM generate_series(1, 500) AS i');
    pg.psql('CREATE TABLE cur AS SELECT (i % 5)::int AS k, (i * 0.41)::float8 AS x, (ARRAY[\'a\',\'b\',\'c\'])[1 + i % 2] AS s FROM generate_series(1, 500) AS i');
    url = `postgres://drift@127.0.0.1:${pg.port}/postgres`;
    pg.psql('GRANT SELECT ON ref, cur TO drift');
    await setSources([{ name: 'pg', url }]);
  });
  after(async () => {
    await setSources([]);
    await pg?.stop();
  });

  it('"Test connection" says why not until the password is set, then how many tables', async () => {
    const refused = await vscode.commands.executeCommand<string>('driftInspector.sources.testConnection', 'pg');
    assert.match(refused, /^pg: .*login refused for user 'drift'/);
    await vscode.commands.executeCommand('driftInspector.sources.setPassword', { name: 'pg', password: pg!.testUser.password });
    const ok = await vscode.commands.executeCommand<string>('driftInspector.sources.testConnection', 'pg');
    assert.strictEqual(ok, 'pg: connected, 2 tables');
  });

  it('the connection\'s tables come after the files in the pickers, and a comparison of two tables runs on the server', async () => {
    const { services } = await testHooks();
    const items = await sourceTableItems(services.secrets);
    assert.deepStrictEqual(items.filter((i) => i.uri).map((i) => i.label), ['$(database) cur', '$(database) ref']);
    const report = await compareWithProgress(services, { reference: sourceUri(`${url}?table=ref`), current: sourceUri(`${url}?table=cur`) }, { quiet: true });
    assert.ok(report, 'a report');
    assert.strictEqual(report.reference.engine, 'postgres');
    assert.strictEqual(report.reference.rows, 500);
    assert.ok(report.reference.queries?.some((q) => /GROUP BY/.test(q)));
    assert.strictEqual(report.columns.find((c) => c.name === 'k')?.type, 'categorical');
    assert.strictEqual(report.columns.find((c) => c.name === 's')?.drifted, true);
  });

  // After the tests above (which count the connection's tables): a suite's own tests run before its nested suites.
  describe('drift over time on a connection\'s tables (cut into periods on the server)', () => {
    const byMonth = { chunking: { by: 'period', period: '1M' } } as const;
    const weather = (side: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `weather-${side}.csv`);
    const table = (name: string) => sourceUri(`${url}?table=${name}`);
    const columns = ['date', 'float8', 'float8', 'float8', 'float8', 'text'] as const;

    before(async () => {
      // The workspace's weather pair as two tables: a date column, numbers, words.
      for (const side of ['reference', 'current']) {
        pg!.psql(`CREATE TABLE weather_${side} (date date, precipitation float8, temp_max float8, temp_min float8, wind float8, weather text)`);
        pg!.psql(insertRows(`weather_${side}`, weather(side).fsPath, columns));
        pg!.psql(`GRANT SELECT ON weather_${side} TO drift`);
      }
      // A view whose query takes 30 s: for cancel.
      pg!.psql('CREATE VIEW slow AS SELECT now()::timestamp AS t, 1 AS x FROM pg_sleep(30)');
      pg!.psql('GRANT SELECT ON slow TO drift');
      await vscode.commands.executeCommand('driftInspector.sources.setPassword', { name: 'pg', password: pg!.testUser.password });
    });
    afterEach(async () => (await testHooks()).openReportPanels().forEach((p) => p.dispose()));

    it('"Show drift over time" on two tables: every chunk\'s tests, scores and verdicts equal the timeline of the same files', async () => {
      const files = (await vscode.commands.executeCommand('driftInspector.showTimeline', weather('reference'), weather('current'), byMonth)) as DriftReportPanel | undefined;
      assert.ok(files?.currentTimeline, 'the files\' timeline');
      const fromFiles = files.currentTimeline;
      assert.strictEqual(fromFiles.chunks.length, 24);
      const tables = (await vscode.commands.executeCommand('driftInspector.showTimeline', table('weather_reference'), table('weather_current'), byMonth)) as DriftReportPanel | undefined;
      assert.ok(tables?.currentTimeline, 'the tables\' timeline');
      assert.notStrictEqual(tables, files, 'a panel of its own pair');
      assert.strictEqual(tables.currentView, 'timeline');
      const t = tables.currentTimeline;
      // Computed on the server: one grouped query by (month, column, value), no rows pulled.
      assert.strictEqual(t.current.engine, 'postgres');
      assert.strictEqual(t.reference.engine, 'postgres');
      assert.ok(t.current.queries?.some((q) => /date_trunc\('month'/.test(q) && /GROUPING SETS/.test(q)), t.current.queries?.join('\n'));
      assert.strictEqual(t.timeColumn, 'date');
      assert.deepStrictEqual(t.chunking, { by: 'period', period: '1M' });
      assertSameTimeline(fromFiles, t);
      assert.ok(t.chunks.some((c) => c.dataset.drifted) && t.chunks.some((c) => c.columns.some((x) => x.drifted === false)), 'both verdicts occur');
      // Watch is not offered on a table (nothing tells VS Code that rows arrived).
      tables.setWatch(true);
      assert.strictEqual(tables.watching, false);
    });

    it('the Timeline tab of a table comparison\'s panel: the same timeline, computed on the server in that panel', async () => {
      const ref = table('weather_reference');
      const cur = table('weather_current');
      const panel = (await vscode.commands.executeCommand('driftInspector.compareDatasets', ref, [ref, cur])) as DriftReportPanel | undefined;
      assert.ok(panel, 'the comparison\'s panel');
      assert.strictEqual(panel.currentReport.current.engine, 'postgres');
      // What choosing the Timeline tab asks the host (the chunking given instead of the QuickPicks).
      assert.strictEqual(await panel.openView('timeline', byMonth), true);
      assert.strictEqual(panel.currentView, 'timeline');
      const t = panel.currentTimeline!;
      assert.strictEqual(t.current.engine, 'postgres');
      assert.strictEqual(t.chunks.length, 24);
      assert.strictEqual(t.chunks.reduce((n, c) => n + c.rows, 0), 730);
      assert.strictEqual((await testHooks()).openReportPanels().length, 1);
    });

    it('the panel\'s worker: periods only in the QuickPick, size chunking refused with the CLI\'s message, a cell\'s detail as the files\'', async () => {
      const { services } = await testHooks();
      const pair = { reference: table('weather_reference'), current: table('weather_current') };
      const session = await openSession(services, pair);
      const files = await openSession(services, { reference: weather('reference'), current: weather('current') });
      try {
        const shape = await session.load();
        assert.strictEqual(shape.rowOrder, false);
        assert.deepStrictEqual(shape.datetimeColumns, ['date']);
        // The month count the files give, counted from the table's profile.
        const fileShape = await files.load();
        assert.deepStrictEqual(shape.periods, fileShape.periods);
        const items = chunkingItems(shape, 'date');
        assert.ok(items.length > 0 && items.every((i) => i.spec?.chunking.by === 'period'), items.map((i) => i.label).join(', '));
        assert.ok(chunkingItems(fileShape, 'date').some((i) => i.spec?.chunking.by !== 'period'), 'files get sizes and counts too');
        await assert.rejects(session.timeline({ chunking: { by: 'size', size: 50 }, baseline: 'reference' }), (e: Error) => {
          assert.strictEqual(e.message, `${url}?table=weather_current: a database table, a glob or a file read by DuckDB has no row order to cut into chunks of rows: chunk it by period on a time column`);
          return true;
        });
        const [ours, theirs] = await Promise.all([session.timeline({ ...byMonth, baseline: 'previous' }), files.timeline({ ...byMonth, baseline: 'previous' })]);
        assertSameTimeline(theirs.report, ours.report);
        const [a, b] = await Promise.all([session.detail(5, 'temp_max'), files.detail(5, 'temp_max')]);
        assert.strictEqual(a.test, b.test);
        assert.ok(close(a.score, b.score), `${a.score} vs ${b.score}`);
        // The chart's bins hold the same counts (edges come from sums taken in another order).
        assert.ok(a.distribution?.kind === 'histogram' && b.distribution?.kind === 'histogram');
        assert.deepStrictEqual([a.distribution.reference, a.distribution.current], [b.distribution.reference, b.distribution.current]);
      } finally {
        session.dispose();
        files.dispose();
      }
    });

    it('a table as the reference of a log file: the file is cut by rows against the table\'s profile; an update reads only the file again', async () => {
      const { services } = await testHooks();
      const mixed = await openSession(services, { reference: table('weather_reference'), current: weather('current') });
      const files = await openSession(services, { reference: weather('reference'), current: weather('current') });
      try {
        const shape = await mixed.load();
        assert.strictEqual(shape.rowOrder, true, 'a file has its row order: sizes and counts too');
        const [ours, theirs] = await Promise.all([mixed.timeline({ ...byMonth, baseline: 'reference' }), files.timeline({ ...byMonth, baseline: 'reference' })]);
        assert.strictEqual(ours.report.reference.engine, 'postgres');
        assertSameTimeline(theirs.report, ours.report);
        // Watch's update: the closed months are reused, and the reference is not queried again (it
        // could not be: its grant is gone meanwhile).
        pg!.psql('REVOKE SELECT ON weather_reference FROM drift');
        const again = await mixed.reload();
        assert.strictEqual(again.reused, 23);
        assertSameTimeline(theirs.report, again.report);
      } finally {
        pg!.psql('GRANT SELECT ON weather_reference TO drift');
        mixed.dispose();
        files.dispose();
      }
    });

    it('size chunking on a table from the command: the same message, shown once; no panel', async () => {
      const { result: panel, shown } = await errorsShownBy(() =>
        vscode.commands.executeCommand('driftInspector.showTimeline', table('weather_reference'), table('weather_current'), { chunking: { by: 'count', count: 10 } }),
      );
      assert.strictEqual(panel, undefined);
      assert.deepStrictEqual(shown, [`Drift Inspector: ${url}?table=weather_current: a database table, a glob or a file read by DuckDB has no row order to cut into chunks of rows: chunk it by period on a time column`]);
    });

    it('a table with no date or timestamp column: says so before any QuickPick (no sizes or counts to offer instead)', async () => {
      const { result: panel, shown } = await errorsShownBy(() => vscode.commands.executeCommand('driftInspector.showTimeline', table('ref'), table('cur')));
      assert.strictEqual(panel, undefined);
      assert.deepStrictEqual(shown, [
        `Drift Inspector: ${url}?table=cur: no date or timestamp column to cut into periods, and a database table has no row order to cut into chunks of rows (a view casting a column to timestamp can be cut)`,
      ]);
    });

    it('cancel cancels the query on the server (pg_cancel_backend), then the thread ends', async () => {
      const { services } = await testHooks();
      const session = await openSession(services, { reference: table('weather_reference'), current: table('slow') });
      const loading = session.load().then(
        () => 'finished',
        () => 'ended',
      );
      const active = () => pg!.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%slow%' AND state = 'active' AND pid <> pg_backend_pid()").trim();
      await until('the query to run on the server', () => active() !== '0');
      session.dispose();
      // Without the cancel the server would sleep on for 30 s after the thread ended.
      await until('the query to be gone from pg_stat_activity', () => active() === '0', 10_000);
      assert.strictEqual(await loading, 'ended');
    });
  });
});
