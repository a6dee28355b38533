import { strict as assert } from 'assert';
import * as path from 'path';
import { compareDatasets } from '../../src/core/drift/engine';
import { readDatasetFile } from '../../src/core/read/index';
import type { Dataset } from '../../src/core/read/dataset';
import { chunksByCount, chunksByPeriod, chunksBySize, restrictDataset, TimelineInputError, type ChunkPlan } from '../../src/core/timeline/chunks';
import { countPeriods, isoWallClock, periodEnd, periodStart, wallClock } from '../../src/core/timeline/period';
import { computeTimeline, computeTimelineParallel, sinceWhen, chunkColumnReport } from '../../src/core/timeline/timeline';
import type { TaskRunner } from '../../src/core/taskRunner';
import { profileDataset } from '../../src/core/profile/build';
import { parseCommandLine, UsageError } from '../../src/cli/args';
import type { PeriodUnit } from '../../src/shared/timeline';
import { dataset, dictCol, numCol, seeded } from './helpers/columns';
import { testPool } from './pool-helper';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The period holding a timestamp text, as ISO start and end. */
function period(text: string, unit: PeriodUnit): [string, string] {
  const start = periodStart(wallClock(text), unit);
  return [isoWallClock(start), isoWallClock(periodEnd(start, unit))];
}

describe('timeline: calendar periods', () => {
  it('month ends and the leap day stay in their month', () => {
    assert.deepEqual(period('2024-01-31 23:59:59', 'M'), ['2024-01-01T00:00:00', '2024-02-01T00:00:00']);
    assert.deepEqual(period('2024-02-01', 'M'), ['2024-02-01T00:00:00', '2024-03-01T00:00:00']);
    assert.deepEqual(period('2024-02-29T23:59:59.999', 'M'), ['2024-02-01T00:00:00', '2024-03-01T00:00:00']);
    assert.deepEqual(period('2024-02-29', 'd'), ['2024-02-29T00:00:00', '2024-03-01T00:00:00']);
    assert.deepEqual(period('2023-02-28', 'd'), ['2023-02-28T00:00:00', '2023-03-01T00:00:00']);
    assert.ok(Number.isNaN(wallClock('2023-02-29')), 'no 29 February in 2023');
    assert.deepEqual(period('2024-12-31 23:00', 'M'), ['2024-12-01T00:00:00', '2025-01-01T00:00:00']);
    assert.deepEqual(period('2024-04-30', 'Q'), ['2024-04-01T00:00:00', '2024-07-01T00:00:00']);
    assert.deepEqual(period('2024-12-31', 'Q'), ['2024-10-01T00:00:00', '2025-01-01T00:00:00']);
    assert.deepEqual(period('2000-02-29', 'y'), ['2000-01-01T00:00:00', '2001-01-01T00:00:00']);
    assert.ok(Number.isNaN(wallClock('1900-02-29')), '1900 is not a leap year');
  });

  it('ISO weeks run Monday to Sunday across a year end', () => {
    // 2020-12-31 is a Thursday, 2021-01-03 a Sunday, 2021-01-04 a Monday (ISO week 2021-W01).
    const w53 = ['2020-12-28T00:00:00', '2021-01-04T00:00:00'];
    assert.deepEqual(period('2020-12-28', 'w'), w53);
    assert.deepEqual(period('2020-12-31 12:00', 'w'), w53);
    assert.deepEqual(period('2021-01-03 23:59:59', 'w'), w53);
    assert.deepEqual(period('2021-01-04', 'w'), ['2021-01-04T00:00:00', '2021-01-11T00:00:00']);
    // 2027-01-01 is a Friday: its week began on Monday 2026-12-28.
    assert.deepEqual(period('2027-01-01', 'w'), ['2026-12-28T00:00:00', '2027-01-04T00:00:00']);
    // Before 1970 too (1969-12-31 was a Wednesday).
    assert.deepEqual(period('1969-12-31', 'w'), ['1969-12-29T00:00:00', '1970-01-05T00:00:00']);
  });

  it('zoned timestamps are cut in their own offset, naive ones as written (DST changes included)', () => {
    // New York, end of DST on 2024-11-03: 01:30 happens twice, -04:00 then -05:00.
    assert.deepEqual(period('2024-11-03T01:30:00-04:00', 'h'), ['2024-11-03T01:00:00', '2024-11-03T02:00:00']);
    assert.deepEqual(period('2024-11-03T01:30:00-05:00', 'h'), ['2024-11-03T01:00:00', '2024-11-03T02:00:00']);
    // Late evening in -05:00 is the next day in UTC; it stays on its own day.
    assert.deepEqual(period('2024-03-10T23:30:00-04:00', 'd'), ['2024-03-10T00:00:00', '2024-03-11T00:00:00']);
    assert.deepEqual(period('2024-03-10 23:30:00+0530', 'd'), ['2024-03-10T00:00:00', '2024-03-11T00:00:00']);
    assert.deepEqual(period('2024-03-10T23:30:00Z', 'd'), ['2024-03-10T00:00:00', '2024-03-11T00:00:00']);
    assert.deepEqual(period('2024/03/10 23:30', 'h'), ['2024-03-10T23:00:00', '2024-03-11T00:00:00']);
    assert.deepEqual(period('01 Mar 2024', 'M'), ['2024-03-01T00:00:00', '2024-04-01T00:00:00']);
    assert.deepEqual(period('Mar 1, 2024', 'w'), ['2024-02-26T00:00:00', '2024-03-04T00:00:00']);
    assert.ok(Number.isNaN(wallClock('03/01/2024')), 'day-month order is ambiguous');
  });

  it('a DST-zoned log is cut into days by the wall clock, rows in file order, gaps left out', () => {
    const times = ['2024-11-02T23:59:00-04:00', '2024-11-03T00:10:00-04:00', '2024-11-03T01:30:00-04:00', '2024-11-03T01:30:00-05:00', '2024-11-03T23:59:59-05:00', 'not a time', '2024-11-05T00:00:00-05:00', '2024-11-03T12:00:00-05:00'];
    const d = dataset('log.csv', [dictCol('t', times), numCol('x', times.map((_, i) => i))]);
    const cut = chunksByPeriod(d, d.columns[0], 'd');
    assert.equal(cut.unplaced, 1);
    assert.equal(cut.unreadable, 'not a time');
    assert.deepEqual(
      cut.chunks.map((c) => [c.start, c.end, rows(c)]),
      [
        ['2024-11-02T00:00:00', '2024-11-03T00:00:00', [0]],
        ['2024-11-03T00:00:00', '2024-11-04T00:00:00', [1, 2, 3, 4, 7]],
        ['2024-11-05T00:00:00', '2024-11-06T00:00:00', [6]],
      ],
    );
  });
});

function rows(c: ChunkPlan): number[] {
  return c.rows instanceof Int32Array ? [...c.rows] : Array.from({ length: c.rows.to - c.rows.from }, (_, i) => (c.rows as { from: number }).from + i);
}

describe('timeline: periods counted from a profile (the chunking QuickPick of a database table)', () => {
  it('the distinct times of a profile fall in as many periods as the rows give chunks, for every unit', async () => {
    const current = await readDatasetFile(path.join(ROOT, 'samples', 'weather-current.csv'));
    const column = current.columns.find((c) => c.name === 'date')!;
    const profile = profileDataset(current).columns.find((c) => c.name === 'date')!;
    assert.equal(profile.kind, 'category');
    for (const unit of ['h', 'd', 'w', 'M', 'Q', 'y'] as const) {
      const expected = chunksByPeriod(current, column, unit).chunks.length;
      assert.equal(countPeriods((profile as { values: readonly string[] }).values, unit), expected, unit);
    }
    // Unreadable times are in no period; zoned ones in their own offset's period.
    assert.equal(countPeriods(['2024-11-03T01:30-04:00', '2024-11-03T01:30-05:00', 'n/a', '2024-11-04'], 'd'), 2);
  });
});

describe('timeline: size and count chunks', () => {
  it('by size, the remainder joins the last chunk', () => {
    assert.deepEqual(chunksBySize(10, 3).map((c) => [c.start, c.end]), [[0, 3], [3, 6], [6, 10]]);
    assert.deepEqual(chunksBySize(9, 3).map((c) => [c.start, c.end]), [[0, 3], [3, 6], [6, 9]]);
    assert.deepEqual(chunksBySize(2, 5).map((c) => [c.start, c.end]), [[0, 2]]);
    assert.throws(() => chunksBySize(10, 0), TimelineInputError);
  });

  it('by count, K chunks of equal size and the remainder in the last', () => {
    assert.deepEqual(chunksByCount(11, 4).map((c) => [c.start, c.end]), [[0, 2], [2, 4], [4, 6], [6, 11]]);
    assert.deepEqual(chunksByCount(12, 4).map((c) => [c.start, c.end]), [[0, 3], [3, 6], [6, 9], [9, 12]]);
    assert.deepEqual(chunksByCount(3, 3).map((c) => [c.start, c.end]), [[0, 1], [1, 2], [2, 3]]);
    assert.throws(() => chunksByCount(2, 3), /3 chunks need at least 3 rows/);
  });
});

describe('timeline: since when', () => {
  it('the first chunk of the drifted run that reaches the last chunk; untested chunks neither break nor start it', () => {
    assert.deepEqual(sinceWhen([false, true, null, true, true]), { driftedChunks: 3, testedChunks: 4, share: 0.75, firstDriftedChunk: 1 });
    assert.deepEqual(sinceWhen([true, false, true, true, null]), { driftedChunks: 3, testedChunks: 4, share: 0.75, firstDriftedChunk: 2 });
    assert.equal(sinceWhen([true, true, false]).firstDriftedChunk, null);
    assert.equal(sinceWhen([null, null]).firstDriftedChunk, null);
    assert.equal(sinceWhen([null, null]).share, 0);
    assert.equal(sinceWhen([]).firstDriftedChunk, null);
  });
});

/** The report of a chunk compared as `compare` would: reference vs that chunk's rows. */
function comparisonOf(reference: Dataset, current: Dataset, plan: ChunkPlan) {
  return compareDatasets(reference, restrictDataset(current, plan.rows, 'chunk'));
}

describe('timeline: each chunk is the comparison of the reference with its rows', () => {
  let reference: Dataset;
  let current: Dataset;
  before(async () => {
    [reference, current] = await Promise.all([
      readDatasetFile(path.join(ROOT, 'samples', 'weather-reference.csv')),
      readDatasetFile(path.join(ROOT, 'samples', 'weather-current.csv')),
    ]);
  });

  for (const baseline of ['reference', 'previous'] as const) {
    it(`weather by month against the ${baseline}: same tests, scores, thresholds, verdicts and dataset verdict`, () => {
      const result = computeTimeline(reference, current, {}, { chunking: { by: 'period', period: '1M' }, baseline, minRows: 1 });
      const { report } = result;
      assert.equal(report.timeColumn, 'date');
      assert.equal(report.chunks.length, 24);
      assert.equal(report.chunks[1].start, '2014-02-01T00:00:00');
      assert.equal(report.chunks[1].end, '2014-03-01T00:00:00');
      assert.equal(report.chunks[1].rows, 28);
      report.chunks.forEach((chunk, i) => {
        const base = baseline === 'previous' && i > 0 ? restrictDataset(current, result.plans[i - 1].rows, 'previous') : reference;
        const expected = comparisonOf(base, current, result.plans[i]);
        assert.deepEqual(chunk.dataset, expected.dataset, `chunk ${i} dataset verdict`);
        for (const e of expected.columns) {
          const got = chunk.columns.find((c) => c.name === e.name)!;
          // The reason starts with the type's words (whole data in the timeline, the chunk alone here).
          const choice = (r: string) => r.slice(r.indexOf(')'));
          assert.deepEqual(
            [got.type, got.test, got.score, got.threshold, got.driftWhen, got.drifted, choice(got.reason)],
            [e.type, e.test, e.score, e.threshold, e.driftWhen, e.drifted, choice(e.reason)],
            `chunk ${i} column ${e.name}`,
          );
        }
      });
      // The detail of a cell is the full comparison (charts included) with the same score.
      const detail = chunkColumnReport(reference, current, result, 3, 'temp_max', {});
      const expected = comparisonOf(baseline === 'previous' ? restrictDataset(current, result.plans[2].rows, 'p') : reference, current, result.plans[3]).columns.find((c) => c.name === 'temp_max')!;
      assert.equal(detail.score, expected.score);
      assert.deepEqual(detail.distribution, expected.distribution);
    });
  }

  it('since when per column and for the dataset follows the chunk verdicts', () => {
    const { report } = computeTimeline(reference, current, {}, { chunking: { by: 'period', period: '1M' } });
    for (const col of report.columns) {
      const expected = sinceWhen(report.chunks.map((c) => c.columns.find((x) => x.name === col.name)!.drifted));
      assert.deepEqual({ ...col, name: undefined, type: undefined }, { ...expected, name: undefined, type: undefined }, col.name);
    }
    assert.deepEqual(report.dataset, sinceWhen(report.chunks.map((c) => c.dataset.drifted)));
    // Columns in severity order: drifting in the last chunk first, the longest run first.
    const runs = report.columns.map((c) => c.firstDriftedChunk ?? Infinity);
    assert.deepEqual(runs, [...runs].sort((a, b) => a - b));
  });

  it('too few rows for a test: said instead of a verdict', () => {
    const { report } = computeTimeline(reference, current, {}, { chunking: { by: 'period', period: '1M' }, minRows: 30 });
    const feb = report.chunks[1];
    const cell = feb.columns.find((c) => c.name === 'temp_max')!;
    assert.equal(cell.drifted, null);
    assert.equal(cell.score, null);
    assert.equal(cell.test, 'ks');
    assert.equal(cell.reason, '28 rows: below the minimum for ks (30)');
    assert.equal(feb.dataset.testedColumns, 0);
  });

  it('on two threads (chunks shared with a pool thread), the reference read as rows or as profiles: the same timeline as on one', async function () {
    const pool = testPool();
    // The pool, recording what it is asked: the chunks must really go to a thread.
    const kinds: string[] = [];
    const runner: TaskRunner = { size: pool.size, run: (task, ...rest) => (kinds.push(task.kind), pool.run(task, ...rest)), warm: () => pool.warm(), destroy: (r) => pool.destroy(r) };
    const one = computeTimeline(reference, current, {}, { chunking: { by: 'period', period: '1M' } });
    const two = await computeTimelineParallel(reference, current, {}, { chunking: { by: 'period', period: '1M' }, parallelFrom: 0, runner });
    assert.deepEqual(two.report, one.report);
    // The CSV reader gives profiles when no rows are needed (the reference's case).
    const profiled = await computeTimelineParallel(profileDataset(reference), current, {}, { chunking: { by: 'period', period: '1M' }, parallelFrom: 0, runner });
    assert.deepEqual(profiled.report, one.report);
    assert.deepEqual(kinds, ['timeline-chunks', 'timeline-chunks']);
  });

  it('by count: a closed chunk is reused when rows are appended, the open last chunk recomputed', () => {
    const first = computeTimeline(reference, restrictDataset(current, { from: 0, to: 600 }, current.source), {}, { chunking: { by: 'size', size: 100 } });
    const grown = computeTimeline(reference, current, {}, { chunking: { by: 'size', size: 100 }, closed: first.closed });
    const fresh = computeTimeline(reference, current, {}, { chunking: { by: 'size', size: 100 } });
    assert.equal(grown.reused, 5);
    assert.deepEqual(grown.report, fresh.report);
    assert.equal(grown.report.chunks.length, 7);
    assert.equal(grown.report.chunks[6].rows, 130);
  });
});

describe('timeline: column types are decided once, on the whole data', () => {
  it('a chunk with few integer values keeps the whole data numerical type (a comparison of that chunk alone says categorical)', () => {
    const rand = seeded(7);
    const n = 400;
    const ref = dataset('ref.csv', [numCol('n', Array.from({ length: n }, () => Math.floor(rand() * 50)))]);
    // The first 100 rows hold only 3 values; the whole current file holds 50.
    const cur = dataset('cur.csv', [numCol('n', Array.from({ length: n }, (_, i) => (i < 100 ? i % 3 : Math.floor(rand() * 50))))]);
    const { report, plans } = computeTimeline(ref, cur, {}, { chunking: { by: 'size', size: 100 } });
    const alone = comparisonOf(ref, cur, plans[0]).columns[0];
    assert.equal(alone.type, 'categorical');
    const cell = report.chunks[0].columns[0];
    assert.equal(cell.type, 'numerical');
    assert.equal(report.columns[0].type, 'numerical');
    // Numerical with more than 5 values in both files together and <= 1000 reference values: ks.
    assert.equal(cell.test, 'ks');
    assert.equal(cell.drifted, true);
    for (const chunk of report.chunks) assert.equal(chunk.columns[0].type, 'numerical');
  });

  it('size and count chunking without a time column work in row order; a period needs one', () => {
    const cur = dataset('cur.csv', [numCol('x', Array.from({ length: 50 }, (_, i) => i / 3))]);
    const ref = dataset('ref.csv', [numCol('x', Array.from({ length: 50 }, (_, i) => i / 2))]);
    const { report } = computeTimeline(ref, cur, {}, { chunking: { by: 'count', count: 2 } });
    assert.equal(report.timeColumn, null);
    assert.deepEqual(report.chunks.map((c) => [c.start, c.end]), [[0, 25], [25, 50]]);
    assert.throws(() => computeTimeline(ref, cur, {}, { chunking: { by: 'period', period: '1d' } }), /no date or timestamp column/);
    assert.throws(() => computeTimeline(ref, cur, {}, { chunking: { by: 'period', period: '1d' }, timeColumn: 'x' }), /holds numbers, not dates/);
    assert.throws(() => computeTimeline(ref, cur, {}, { chunking: { by: 'period', period: '1d' }, timeColumn: 'nope' }), /no column named 'nope'/);
  });
});

describe('timeline: command line', () => {
  const base = ['timeline', 'r.csv', 'c.csv'];
  it('takes one chunking and every compare option', () => {
    const cmd = parseCommandLine([...base, '--period', '1w', '--num-method', 'psi', '--baseline', 'previous', '--time-column', 'ts', '--sample', '100']);
    assert.equal(cmd.command, 'timeline');
    if (cmd.command !== 'timeline') return;
    assert.deepEqual(cmd.chunking, { by: 'period', period: '1w' });
    assert.equal(cmd.baseline, 'previous');
    assert.equal(cmd.timeColumn, 'ts');
    assert.equal(cmd.settings.numMethod, 'psi');
    assert.equal(cmd.settings.sample, 100);
    const bySize = parseCommandLine([...base, '--chunk-size', '500']);
    assert.deepEqual(bySize.command === 'timeline' && bySize.chunking, { by: 'size', size: 500 });
  });
  it('bad chunkings are usage errors; compare does not take timeline options', () => {
    assert.throws(() => parseCommandLine(base), /needs one of --period P, --chunk-size N or --chunks K/);
    assert.throws(() => parseCommandLine([...base, '--period', '1d', '--chunks', '4']), /cannot be used together/);
    assert.throws(() => parseCommandLine([...base, '--period', '2d']), /--period must be 1h, 1d, 1w, 1M, 1Q or 1y/);
    assert.throws(() => parseCommandLine([...base, '--chunks', '0']), UsageError);
    assert.throws(() => parseCommandLine([...base, '--chunks', '3', '--baseline', 'first']), /--baseline must be reference or previous/);
    assert.throws(() => parseCommandLine(['compare', 'r.csv', 'c.csv', '--period', '1d']), /--period is an option of the timeline command/);
  });
});
