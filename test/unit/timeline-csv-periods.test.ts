import { strict as assert } from 'assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { profileDataset } from '../../src/core/profile/build';
import { readCsvFilePeriods } from '../../src/core/read/csv/reader';
import { readDatasetFile, readDatasetProfiles } from '../../src/core/read/index';
import { readTimelinePeriodPair } from '../../src/core/read/pair';
import { restrictDataset } from '../../src/core/timeline/chunks';
import { computeFileTimelineFromProfiles, computeTimeline, type ProfiledChunks } from '../../src/core/timeline/timeline';
import type { PeriodUnit } from '../../src/shared/timeline';
import type { TaskRunner } from '../../src/core/taskRunner';
import { seeded } from './helpers/columns';
import { testPool } from './pool-helper';

/**
 * A timeline's current CSV file read as per-period profiles (src/core/read/csv/chunkPeriods.ts on
 * the chunk threads, plan.ts readCsvPeriods merging them; the CLI's path for `--period` on a file)
 * must give exactly the report of the row path (computeTimeline on the file's rows: chunks.ts cuts
 * them, the engine profiles each chunk): byte for byte, whatever the chunking, threads, row order,
 * missing or unreadable times, baseline and period. Where it cannot be sure, it must decline
 * (undefined), and the CLI reads rows.
 */

const CELLS = ['1', '-2', '007', '1.5', '-0', '.5', '1e5', 'inf', '-Infinity', 'NaN', 'NA', '', 'abc', 'ünï', '"a,b"', '1.0', 'True'];

const pad = (n: number) => String(n).padStart(2, '0');

/** A time in one of the shapes period.ts reads, some zoned; rows out of order (a shuffled log). */
function timeText(rand: () => number, day: number, hour: number, minute: number): string {
  const d = new Date(Date.UTC(2024, 1, 20) + day * 86_400_000);
  const [y, m, dd] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  const shape = Math.floor(rand() * 5);
  if (shape === 0) return `${y}-${m}-${dd} ${pad(hour)}:${pad(minute)}:00`;
  if (shape === 1) return `${y}-${m}-${dd}T${pad(hour)}:${pad(minute)}`;
  if (shape === 2) return `${y}/${m}/${dd}`;
  if (shape === 3) return `${y}-${m}-${dd}T${pad(hour)}:${pad(minute)}:30-05:00`;
  return `${y}-${m}-${dd}T${pad(hour)}:${pad(minute)}:15.250Z`;
}

interface Shape {
  readonly rows: number;
  /** Rows whose time cell is empty or NA, and (with a named time column) unreadable text. */
  readonly missingTimes?: boolean;
  readonly unreadableTimes?: boolean;
  /** A number column that meets text near the end (chunks then disagree on its kind). */
  readonly lateText?: boolean;
  /** Days the times span. */
  readonly days: number;
  /** Times in order (each period's rows follow each other: chunkPeriods.ts reduces row ranges). */
  readonly sorted?: boolean;
}

/** Repeating integers, decimals, mixed cells, quoted numbers, rare decimals, text, booleans, a sparse column. */
function csv(rand: () => number, shape: Shape): string {
  const lines = ['id,when,ints,dec,mixed,quoted,rare,city,flag,sparse' + (shape.lateText ? ',late' : '')];
  for (let i = 0; i < shape.rows; i++) {
    // Mostly in order with a day of jitter, some rows far off: an unsorted log.
    const jitter = shape.sorted ? 0 : rand() < 0.1 ? (rand() - 0.5) * shape.days : rand() - 0.5;
    const day = Math.max(0, Math.min(shape.days - 1, Math.floor((i / shape.rows) * shape.days + jitter)));
    let when = timeText(rand, day, Math.floor(rand() * 24), Math.floor(rand() * 60));
    // Kept out of the first rows, which a reader may look at to guess the time column.
    if (shape.missingTimes && i > 200 && rand() < 0.03) when = rand() < 0.5 ? '' : 'NA';
    if (shape.unreadableTimes && i > 200 && rand() < 0.02) when = rand() < 0.5 ? 'soon' : '2024-13-40';
    const ints = i % 7 === 0 ? '-0' : String((i * 31 + day) % 50);
    const dec = (rand() * 100 + day).toFixed(3);
    const mixed = CELLS[Math.floor(rand() * CELLS.length)];
    const city = ['Oslo', 'Lima', 'Pune', 'NA', 'Kyiv', 'Quito'][Math.floor(rand() * (day % 3 === 0 ? 6 : 4))];
    const sparse = rand() < 0.05 ? String(Math.floor(rand() * 5)) : '';
    const late = shape.lateText && i === shape.rows - 5 ? 'oops' : String(i % 13);
    // Integers with a rare decimal: periods without one must keep the whole column's flag (not integer).
    const rare = i % 997 === 500 ? '2.5' : String(i % 11);
    const quoted = i % 1009 === 600 ? '"0.5"' : `"${(i + day) % 9}"`;
    lines.push([i, when, ints, dec, mixed, quoted, rare, city, rand() < 0.3 ? 'True' : 'False', sparse, ...(shape.lateText ? [late] : [])].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('timeline: a CSV file read as per-period profiles gives the row path report, byte for byte', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'di-tlperiods-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const reference = write('reference.csv', csv(seeded(1), { rows: 3000, days: 30 }));

  /** Both paths on one file; checks every period's profile and the report, returns the profiled chunks. */
  async function expectSame(
    file: string,
    unit: PeriodUnit,
    options: Parameters<typeof readCsvFilePeriods>[3],
    extra: { timeColumn?: string; baselines?: readonly ('reference' | 'previous')[]; minRows?: number; parallel?: boolean } = {},
  ): Promise<ProfiledChunks> {
    const request = { unit, profiles: {}, ...(extra.timeColumn ? { timeColumn: extra.timeColumn } : {}) };
    const periods = await readCsvFilePeriods(file, file, readFileSync(file).length, options, request);
    assert.ok(periods, `${file} ${unit}: the per-period path declined`);
    const [ref, rows] = await Promise.all([readDatasetProfiles(reference), readDatasetFile(file)]);
    for (const baseline of extra.baselines ?? (['reference', 'previous'] as const)) {
      const common = { baseline, ...(extra.timeColumn ? { timeColumn: extra.timeColumn } : {}), ...(extra.minRows !== undefined ? { minRows: extra.minRows } : {}) };
      const expected = computeTimeline(ref, rows, {}, { ...common, chunking: { by: 'period', period: `1${unit}` } });
      const got = await computeFileTimelineFromProfiles(ref, periods, {}, common);
      assert.ok(got, `${file} ${unit} ${baseline}: the timeline declined the profiles`);
      assert.equal(JSON.stringify(got.report), JSON.stringify(expected.report), `${file} ${unit} ${baseline}`);
      if (extra.parallel && baseline === 'reference') {
        // Chunks shared with a pool thread (recorded: they must really go there).
        const pool = testPool();
        const kinds: string[] = [];
        const runner: TaskRunner = { size: pool.size, run: (task, ...rest) => (kinds.push(task.kind), pool.run(task, ...rest)), warm: () => pool.warm(), destroy: (r) => pool.destroy(r) };
        const two = await computeFileTimelineFromProfiles(ref, periods, {}, { ...common, runner, parallelFrom: 0 });
        assert.equal(JSON.stringify(two!.report), JSON.stringify(expected.report), `${file} ${unit} on two threads`);
        assert.deepEqual(kinds, ['timeline-chunks']);
      }
      // Each period's profile is the engine's profile of that chunk's rows.
      assert.equal(periods.chunks.length, expected.plans.length);
      periods.chunks.forEach((c, i) => {
        const plan = expected.plans[i];
        assert.deepEqual([c.start, c.end], [plan.start, plan.end]);
        assert.deepEqual({ ...c.profile, source: '' }, { ...profileDataset(restrictDataset(rows, plan.rows, '')), format: rows.format }, `${unit} chunk ${i}`);
      });
      assert.deepEqual({ ...periods.whole, columns: periods.whole.columns }, profileDataset(rows));
    }
    return periods;
  }

  it('on this thread, in one chunk and in many: every period unit, both baselines, times unsorted and missing', async function () {
    // Many readings of the file, each checked against the row path: slow on a busy machine.
    this.timeout(120_000);
    const file = write('current.csv', csv(seeded(2), { rows: 4000, days: 40, missingTimes: true }));
    for (const [chunkBytes, units] of [
      [97, ['d']],
      [4096, ['d', 'w', 'M']],
      [1 << 20, ['d', 'M']],
    ] as const) {
      for (const unit of units) {
        const periods = await expectSame(file, unit, { chunkBytes, inThread: true }, { minRows: 5 });
        assert.ok(periods.unplaced > 0, 'rows without a time');
        assert.equal(periods.timeColumn, 'when');
      }
    }
    // Hours: hundreds of small chunks (most below the minimum rows).
    await expectSame(file, 'h', { chunkBytes: 4096, inThread: true }, { baselines: ['reference'] });
  });

  it('on worker threads (file read in blocks, periods spread over chunks; chunks compared on two threads too)', async function () {
    this.timeout(120_000);
    const file = write('big.csv', csv(seeded(3), { rows: 30_000, days: 60, missingTimes: true }));
    const periods = await expectSame(file, 'd', { parallelFrom: 0, chunkBytes: 16 << 10, runner: testPool() }, { parallel: true });
    assert.equal(periods.chunks.length, 60);
    // A log in time order (missing times only, which then break a period's range of rows in places).
    const sorted = write('sorted.csv', csv(seeded(8), { rows: 30_000, days: 60, sorted: true }));
    await expectSame(sorted, 'd', { parallelFrom: 0, chunkBytes: 16 << 10, runner: testPool() }, { parallel: true });
    await expectSame(sorted, 'w', { parallelFrom: 0, chunkBytes: 16 << 10, runner: testPool() });
  });

  it('a named time column with unreadable times: the same warning (count and example) as the row path', async () => {
    const file = write('unreadable.csv', csv(seeded(4), { rows: 4000, days: 20, missingTimes: true, unreadableTimes: true }));
    const periods = await expectSame(file, 'd', { chunkBytes: 4096, inThread: true }, { timeColumn: 'when' });
    assert.ok(periods.textTimes?.unreadable === 'soon' || periods.textTimes?.unreadable === '2024-13-40');
    const [ref] = await Promise.all([readDatasetProfiles(reference)]);
    const report = (await computeFileTimelineFromProfiles(ref, periods, {}, { timeColumn: 'when' }))!.report;
    assert.ok(report.warnings.some((w) => /rows have no readable time in 'when' \(e\.g\. '(soon|2024-13-40)'\)/.test(w)), report.warnings.join('\n'));
  });

  it('declines what the row path could decide otherwise: a column read as numbers in one chunk and text in another, no time column to guess, a time column of numbers, a sample', async () => {
    // Past the first 256 KB the reader guesses kinds from, so chunks read `late` as numbers first.
    const late = write('late.csv', csv(seeded(5), { rows: 8000, days: 10, lateText: true }));
    const size = (f: string) => readFileSync(f).length;
    assert.equal(await readCsvFilePeriods(late, late, size(late), { chunkBytes: 4096, inThread: true }, { unit: 'd', profiles: {} }), undefined);
    // In one chunk the column is text throughout: then the path is taken, and agrees.
    await expectSame(late, 'd', { inThread: true }, { baselines: ['reference'] });
    const two = write('two-times.csv', 'a,b,x\n' + Array.from({ length: 50 }, (_, i) => `2024-01-0${1 + (i % 9)},2024-02-0${1 + (i % 5)},${i}`).join('\n') + '\n');
    assert.equal(await readCsvFilePeriods(two, two, size(two), { inThread: true }, { unit: 'd', profiles: {} }), undefined);
    assert.ok(await readCsvFilePeriods(two, two, size(two), { inThread: true }, { unit: 'd', profiles: {}, timeColumn: 'b' }));
    assert.equal(await readCsvFilePeriods(two, two, size(two), { inThread: true }, { unit: 'd', profiles: {}, timeColumn: 'x' }), undefined);
    const file = write('sampled.csv', csv(seeded(6), { rows: 500, days: 5 }));
    assert.equal(await readCsvFilePeriods(file, file, size(file), { inThread: true, sample: { rows: 100 } }, { unit: 'd', profiles: {} }), undefined);
  });

  it('a guessed time column that the whole data does not type as the one date column: the timeline declines (the CLI then reads rows)', async () => {
    // `when` looks like times in the first rows, then holds text: typed categorical, not datetime.
    // The text comes after the first 256 KB, which the reader guesses from.
    const lines = ['when,v,note'];
    for (let i = 0; i < 8000; i++) lines.push(`${i < 7000 ? `2024-01-${pad(1 + (i % 28))}` : `later ${i}`},${i % 17},${'n'.repeat(40)}`);
    const file = write('not-times.csv', lines.join('\n') + '\n');
    const periods = await readCsvFilePeriods(file, file, Buffer.byteLength(lines.join('\n') + '\n'), { inThread: true }, { unit: 'd', profiles: {} });
    assert.ok(periods?.textTimes?.guessed);
    const ref = await readDatasetProfiles(file);
    assert.equal(await computeFileTimelineFromProfiles(ref, periods, {}, {}), undefined);
  });

  it('the pair the CLI reads: the reference as for compare, the current as periods; embeddings need rows', async () => {
    const file = write('pair.csv', csv(seeded(7), { rows: 2000, days: 10 }));
    const [ref, periods] = await readTimelinePeriodPair(reference, file, { settings: {} }, { unit: 'd', profiles: {} });
    assert.deepEqual(profileDataset(ref), profileDataset(await readDatasetFile(reference)));
    assert.ok(periods);
    const [, none] = await readTimelinePeriodPair(reference, file, { settings: { embeddings: {} } as never }, { unit: 'd', profiles: {} });
    assert.equal(none, undefined);
  });
});
