import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { formatBytes } from '../../src/core/format/bytes';
import { formatDuration } from '../../src/core/format/durations';
import { OFFERED_EXTENSIONS } from '../../src/core/read/formats';
import { baseName, driftTitle, engineNote } from '../../src/shared/names';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('one place for each format (src/core/format, src/shared/names)', () => {
  it('byte sizes: binary multiples, whole numbers without decimals', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(10 * 1024 * 1024), '10 MB');
    assert.equal(formatBytes(21.84 * 1024 * 1024), '21.8 MB');
    assert.equal(formatBytes(150.4 * 1024 * 1024), '150 MB');
    assert.equal(formatBytes(3 * 1024 ** 4), '3 TB');
  });

  it('durations: the two largest units', () => {
    assert.equal(formatDuration(42.9), '42s');
    assert.equal(formatDuration(303), '5m 3s');
    assert.equal(formatDuration(3 * 3600 + 12 * 60 + 5), '3h 12m');
    assert.equal(formatDuration(2 * 86400 + 3 * 3600), '2d 3h');
    assert.equal(formatDuration(-5), '0s');
  });

  it('names: the base name and the report title', () => {
    assert.equal(baseName('data/raw/a.csv'), 'a.csv');
    assert.equal(baseName('C:\\data\\b.parquet'), 'b.parquet');
    assert.equal(baseName('plain'), 'plain');
    // A database source is called by its table: the path's last segment is the database, the same for both sides.
    assert.equal(baseName('postgres://u@127.0.0.1:5432/postgres?table=weather_current'), 'weather_current');
    assert.equal(baseName('clickhouse://ch:8123/logs?table=predictions_dist&engine=x'), 'predictions_dist');
    assert.equal(baseName('duckdb:warehouse/ml.duckdb?table=predictions'), 'predictions');
    assert.equal(baseName('postgres://h/db?table=a%20b'), 'a b');
    assert.equal(baseName("duckdb:?query=SELECT%20*%20FROM%20t"), 'duckdb (query)');
    assert.equal(baseName('postgres://h/analytics?query=SELECT%201'), 'analytics (query)');
    assert.equal(engineNote({ engine: 'postgres', queries: ['SELECT 1'] }), 'profiled in PostgreSQL (1 query)');
    assert.equal(engineNote({ engine: 'clickhouse', queries: ['a', 'b'] }), 'profiled in ClickHouse (2 queries)');
    assert.equal(engineNote({ engine: 'duckdb' }), 'profiled in DuckDB');
    assert.equal(engineNote({ engine: 'native' }), '');
    assert.equal(engineNote({ engine: 'constructor' }), '');
    assert.equal(engineNote({}), '');
    assert.equal(driftTitle('postgres://h/postgres?table=weather_reference', 'postgres://h/postgres?table=weather_current'), 'Drift: weather_reference vs weather_current');
    assert.equal(driftTitle('/w/ref/a.csv', 'cur/b.csv'), 'Drift: a.csv vs b.csv');
  });

  it('package.json offers the Explorer and editor-title commands on exactly the extensions the readers read, and profile files', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, Array<{ when?: string }>> };
    };
    const whens = Object.values(pkg.contributes.menus).flat().map((m) => m.when ?? '').filter((w) => w.includes('resourceExtname'));
    assert.ok(whens.length >= 2, 'the Explorer and editor-title menus');
    const expected = OFFERED_EXTENSIONS.map((e) => e.slice(1)).sort();
    for (const when of whens) {
      const m = /resourceExtname =~ \/\^\\\.\(([^)]*)\)\$\/i/.exec(when);
      assert.ok(m, `a resourceExtname regex in: ${when}`);
      assert.deepEqual(m[1].split('|').sort(), expected, when);
    }
  });
});
