import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type * as StartPostgres from '../../scripts/postgres/start-postgres';
import { compareWithProgress } from '../../src/extension/comparison';
import { sourceTableItems, sourceUri } from '../../src/extension/sources';
import { testHooks } from './hooks';

// A real PostgreSQL 15 on loopback (scripts/postgres/start-postgres.js), stopped by PID.
const ROOT = path.join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPostgres } = require(path.join(ROOT, 'scripts', 'postgres', 'start-postgres.js')) as typeof StartPostgres;

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
});
