import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { histogramQuantile, histogramQuantileDetail, type Bucket } from '../../src/core/health/histogramQuantile';
import { histogramIncrease, histogramSeries } from '../../src/core/health/histogramSeries';
import { parseExposition } from '../../src/core/prom/exposition/parse';
import { counterRate, counterResets, extrapolatedRate } from '../../src/core/health/rates';

/** Rules and worked vectors from docs/prometheus.md sections 6 and 7 (checked there with promtool 2.42). */

const b = (pairs: Array<[number, number]>): Bucket[] => pairs.map(([upperBound, count]) => ({ upperBound, count }));
const DOC = b([
  [0.1, 50],
  [0.5, 80],
  [1, 95],
  [Infinity, 100],
]);

describe('histogramQuantile (promql BucketQuantile, docs/prometheus.md section 7)', () => {
  it('worked vector 0.1:50 0.5:80 1:95 +Inf:100: q=0.25 -> 0.05 (rule 9: first bucket interpolated from 0)', () => {
    assert.equal(histogramQuantile(0.25, DOC), 0.05);
  });
  it('same vector: q=0.5 -> 0.1 (rule 6: first bucket whose count reaches the rank)', () => {
    assert.equal(histogramQuantile(0.5, DOC), 0.1);
  });
  it('same vector: q=0.9 -> 0.8333333333333333 (rule 9: 0.5 + 0.5 x 10/15)', () => {
    assert.equal(histogramQuantile(0.9, DOC), 0.8333333333333333);
  });
  it('same vector: q=0.99 -> 1 (rule 7: rank in +Inf gives the largest finite bound) and says so', () => {
    assert.equal(histogramQuantile(0.99, DOC), 1);
    assert.equal(histogramQuantileDetail(0.99, DOC).aboveLargestBound, true);
    assert.equal(histogramQuantileDetail(0.9, DOC).aboveLargestBound, false);
  });
  it('rule 1: q > 1 -> +Inf, q < 0 -> -Inf, q NaN -> NaN', () => {
    assert.equal(histogramQuantile(1.5, DOC), Infinity);
    assert.equal(histogramQuantile(-0.1, DOC), -Infinity);
    assert.ok(Number.isNaN(histogramQuantile(NaN, DOC)));
  });
  it('rule 8: buckets -1:10 1:20 +Inf:20 -> q=0.5 and q=0.25 give -1 (first bucket with bound <= 0)', () => {
    const neg = b([
      [-1, 10],
      [1, 20],
      [Infinity, 20],
    ]);
    assert.equal(histogramQuantile(0.5, neg), -1);
    assert.equal(histogramQuantile(0.25, neg), -1);
  });
  it('rule 5: all-zero buckets -> NaN (no traffic); rule 3: no +Inf bucket -> NaN; fewer than 2 buckets -> NaN', () => {
    assert.ok(Number.isNaN(histogramQuantile(0.5, b([[0.1, 0], [1, 0], [Infinity, 0]]))));
    assert.ok(Number.isNaN(histogramQuantile(0.5, b([[0.1, 5], [1, 10]]))));
    assert.ok(Number.isNaN(histogramQuantile(0.5, b([[Infinity, 10]]))));
    assert.ok(Number.isNaN(histogramQuantile(0.5, [])));
  });
  it('rule 2: order does not matter and equal bounds merge ("1" and "1.0" are one bucket)', () => {
    const shuffled = [DOC[3], DOC[1], DOC[0], DOC[2]];
    assert.equal(histogramQuantile(0.9, shuffled), 0.8333333333333333);
    const split = b([
      [0.1, 25],
      [0.1, 25],
      [0.5, 80],
      [1, 95],
      [Infinity, 100],
    ]);
    assert.equal(histogramQuantile(0.5, split), 0.1);
  });
  it('rule 4: a count below its predecessor is raised to it (scrape race), tiny relative differences ignored', () => {
    const racy = b([
      [0.1, 50],
      [0.5, 48],
      [1, 95],
      [Infinity, 100],
    ]);
    const d = histogramQuantileDetail(0.5, racy);
    assert.equal(d.value, 0.1);
    assert.equal(d.forcedMonotonic, true);
    const noisy = b([
      [0.1, 50],
      [0.5, 50 * (1 - 1e-15)],
      [1, 100],
      [Infinity, 100],
    ]);
    assert.equal(histogramQuantileDetail(0.75, noisy).forcedMonotonic, false);
    assert.equal(histogramQuantile(0.75, noisy), 0.75);
  });
});

describe('counterRate between two scrapes (docs/prometheus.md section 6)', () => {
  it('normal case: (v2 - v1) / (t2 - t1)', () => {
    const r = counterRate({ value: 100, timeMs: 1_000 }, { value: 160, timeMs: 31_000 });
    assert.deepEqual(r, { increase: 60, perSecond: 2, reset: false, seconds: 30 });
  });
  it('reset (v2 < v1): the increase is v2, so rate = v2 / (t2 - t1), never negative', () => {
    const r = counterRate({ value: 100, timeMs: 0 }, { value: 15, timeMs: 30_000 });
    assert.deepEqual(r, { increase: 15, perSecond: 0.5, reset: true, seconds: 30 });
  });
  it('reset seen through _created: increase v2 since creation when created > t1', () => {
    const r = counterRate({ value: 100, timeMs: 0, createdMs: -50_000 }, { value: 120, timeMs: 30_000, createdMs: 20_000 });
    assert.deepEqual(r, { increase: 120, perSecond: 12, reset: true, seconds: 10 });
  });
  it('reset seen through process_start_time_seconds (restarted) even when the value went up', () => {
    const r = counterRate({ value: 10, timeMs: 0 }, { value: 40, timeMs: 10_000 }, { restarted: true });
    assert.equal(r?.reset, true);
    assert.equal(r?.perSecond, 4);
  });
  it('first poll: no rate ("-", not 0); a series born after the previous scrape: v2 / (t2 - created)', () => {
    assert.equal(counterRate(undefined, { value: 5, timeMs: 10_000 }), undefined);
    assert.equal(counterRate(undefined, { value: 5, timeMs: 10_000, createdMs: 1_000 }, { previousScrapeMs: 5_000 }), undefined);
    assert.deepEqual(counterRate(undefined, { value: 5, timeMs: 10_000, createdMs: 8_000 }, { previousScrapeMs: 5_000 }), {
      increase: 5,
      perSecond: 2.5,
      reset: false,
      seconds: 2,
      newSeries: true,
    });
  });
  it('our addition (not a Prometheus rule): a series absent from the previous scrape of the same process counted from 0 since then', () => {
    assert.deepEqual(counterRate(undefined, { value: 6, timeMs: 10_000 }, { previousScrapeMs: 7_000, absentBefore: true }), {
      increase: 6,
      perSecond: 2,
      reset: false,
      seconds: 3,
      newSeries: true,
    });
  });
  it('NaN in a counter makes the rate NaN; a zero interval gives no rate', () => {
    assert.ok(Number.isNaN(counterRate({ value: NaN, timeMs: 0 }, { value: 5, timeMs: 1_000 })!.perSecond!));
    assert.equal(counterRate({ value: 1, timeMs: 1_000 }, { value: 5, timeMs: 1_000 })!.perSecond, undefined);
  });
});

describe('extrapolatedRate over a window (promql extrapolatedRate, docs/prometheus.md section 6)', () => {
  const pts = [0, 60, 120, 30, 90].map((value, i) => ({ timeMs: i * 60_000, value }));
  it('0 60 120 30 90 at 1-minute spacing: increase(c[4m]) = 210, rate(c[4m]) = 0.875, resets(c[4m]) = 1', () => {
    assert.equal(extrapolatedRate(pts, 0, 240_000, 'increase'), 210);
    assert.equal(extrapolatedRate(pts, 0, 240_000, 'rate'), 0.875);
    assert.equal(counterResets(pts), 1);
  });
  it('extrapolates by half an interval when the first sample is far from the window start', () => {
    // Samples 10 20 30 at 60..180 s in [0, 180]: start gap 60 s >= 1.1 x 60 s? No (60 < 66): full extrapolation,
    // but never below the zero point (10 / (20/120 s) = 60 s), so the increase is 20 x 180/120 = 30.
    const later = [10, 20, 30].map((value, i) => ({ timeMs: (i + 1) * 60_000, value }));
    assert.equal(extrapolatedRate(later, 0, 180_000, 'increase'), 30);
    // Start gap 100 s >= 66 s (and the zero point, 600 s back, is further): only half an average
    // interval (30 s) is added: 20 x 150/120 = 25.
    const far = [100, 110, 120].map((value, i) => ({ timeMs: 100_000 + i * 60_000, value }));
    assert.equal(extrapolatedRate(far, 0, 220_000, 'increase'), 25);
  });
  it('needs two points', () => {
    assert.equal(extrapolatedRate([{ timeMs: 0, value: 1 }], 0, 60_000, 'rate'), undefined);
  });
});

describe('histogram increase between two scrapes (docs/prometheus.md section 7)', () => {
  const scrape = (buckets: number[], count: number, sum: number, extra = '') =>
    parseExposition(
      '# TYPE lat_seconds histogram\n' +
        ['0.1', '0.5', '1', '+Inf'].map((le, i) => `lat_seconds_bucket{h="a",le="${le}"} ${buckets[i]}\n`).join('') +
        `lat_seconds_sum{h="a"} ${sum}\nlat_seconds_count{h="a"} ${count}\n` +
        extra,
      { contentType: 'text/plain; version=0.0.4' },
    );
  it('per-le difference, then the quantile of the difference (p90 of the worked vector)', () => {
    const before = histogramSeries(scrape([10, 20, 25, 30], 30, 6), 'lat_seconds');
    const after = histogramSeries(scrape([60, 100, 120, 130], 130, 26), 'lat_seconds');
    const inc = histogramIncrease(before, after);
    assert.deepEqual(inc.buckets, DOC);
    assert.equal(inc.count, 100);
    assert.equal(inc.sum, 20);
    assert.equal(histogramQuantile(0.9, inc.buckets), 0.8333333333333333);
  });
  it('if any bucket decreased the series restarted: its current counts are the increase', () => {
    const before = histogramSeries(scrape([500, 800, 950, 1000], 1000, 200), 'lat_seconds');
    const after = histogramSeries(scrape([50, 80, 95, 100], 100, 20), 'lat_seconds');
    const inc = histogramIncrease(before, after);
    assert.equal(inc.resets, 1);
    assert.deepEqual(inc.buckets, DOC);
  });
  it('sums across label sets with le kept apart; no traffic in the window gives NaN (shown as "-")', () => {
    const two = (n: number) =>
      histogramSeries(
        scrape([n, n, n, n], n, n, ['0.1', '0.5', '1', '+Inf'].map((le) => `lat_seconds_bucket{h="b",le="${le}"} ${n}\n`).join('') + `lat_seconds_count{h="b"} ${n}\n`),
        'lat_seconds',
      );
    const inc = histogramIncrease(two(3), two(7));
    assert.equal(inc.series, 2);
    assert.deepEqual(inc.buckets.map((x) => x.count), [8, 8, 8, 8]);
    const idle = histogramIncrease(two(7), two(7));
    assert.ok(Number.isNaN(histogramQuantile(0.5, idle.buckets)));
  });
});

describe('histogramQuantile agrees with a real PromQL engine', () => {
  interface Vector {
    name: string;
    q: number;
    buckets: Array<{ le: string; count: number }>;
    expected: string;
  }
  const file = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'prom', 'quantile-vectors.json');
  const { vectors, engine } = JSON.parse(fs.readFileSync(file, 'utf8')) as { vectors: Vector[]; engine: string };
  it(`150 random histograms (dips, merged "1"/"1.0", no +Inf, q outside [0,1]): exactly ${engine.split(' (')[0]}'s histogram_quantile`, () => {
    assert.equal(vectors.length, 150);
    const wrong = vectors.filter((v) => {
      const got = histogramQuantile(v.q, v.buckets.map((x) => ({ upperBound: x.le === '+Inf' ? Infinity : Number(x.le), count: x.count })));
      const want = Number(v.expected.replace(/Inf$/, 'Infinity'));
      return !(Object.is(got, want) || (got === want) || (Number.isNaN(got) && Number.isNaN(want)));
    });
    assert.deepEqual(wrong.map((v) => v.name), []);
  });
});
