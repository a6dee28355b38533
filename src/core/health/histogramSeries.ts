import type { Bucket } from './histogramQuantile';
import { seriesKey, type Labels, type ParseResult } from '../prom/model';
import { parseLabelFloat } from '../prom/exposition/numbers';

/**
 * The classic histograms of one family in a scrape, one per label set, and the per-bucket increase
 * between two scrapes (docs/prometheus.md section 7): per `le`, with reset handling per series - if
 * any bucket, the count or `_created` went down or changed, the series restarted and its current
 * counts are the increase - then summed across label sets with `le` kept apart.
 */

export interface HistogramSeries {
  /** The series' labels without `le`. */
  readonly labels: Labels;
  /** Sorted by upper bound. */
  readonly buckets: Bucket[];
  readonly count?: number;
  readonly sum?: number;
  /** `_created` (OpenMetrics, or client_python's `<name>_created` gauge), epoch ms. */
  readonly createdMs?: number;
}

/** Histograms of family `name` by series key; sample names decide (`name_bucket`, `_count`, `_sum`, `_created`), so untyped input works too. */
export function histogramSeries(result: ParseResult, name: string): Map<string, HistogramSeries> {
  interface Draft {
    labels: Labels;
    buckets: Bucket[];
    count?: number;
    sum?: number;
    createdMs?: number;
  }
  const out = new Map<string, Draft>();
  const draft = (labels: Labels): Draft => {
    const key = seriesKey('', labels);
    let d = out.get(key);
    if (!d) {
      d = { labels, buckets: [] };
      out.set(key, d);
    }
    return d;
  };
  for (const s of result.samples) {
    if (!s.name.startsWith(name)) continue;
    const suffix = s.name.slice(name.length);
    if (suffix === '_bucket') {
      const { le, ...rest } = s.labels;
      const bound = le === undefined ? undefined : parseLabelFloat(le);
      if (bound === undefined || Number.isNaN(bound)) continue;
      draft(rest).buckets.push({ upperBound: bound, count: s.value });
    } else if (suffix === '_count') draft(s.labels).count = s.value;
    else if (suffix === '_sum') draft(s.labels).sum = s.value;
    else if (suffix === '_created') draft(s.labels).createdMs = s.value * 1000;
  }
  for (const d of out.values()) d.buckets.sort((a, b) => a.upperBound - b.upperBound);
  return out;
}

export interface HistogramIncrease {
  /** Summed across the series taken, per upper bound. */
  readonly buckets: Bucket[];
  readonly count: number;
  readonly sum: number;
  /** Series that contributed. */
  readonly series: number;
  /** Series that had restarted. */
  readonly resets: number;
}

export interface HistogramIncreaseOptions {
  /** The process restarted between the scrapes. */
  readonly restarted?: boolean;
  /** When the previous scrape was: a series whose `_created` is after it counts whole. */
  readonly previousScrapeMs?: number;
  /**
   * A series missing from the previous scrape counts whole even without `_created` (the process did
   * not restart, so it was created since; see rates.ts).
   */
  readonly absentMeansNew?: boolean;
  /** Only these series (e.g. one handler). */
  readonly match?: (labels: Labels) => boolean;
}

/**
 * The increase between two scrapes, or - with no previous scrape - the counts since each series
 * started.
 */
export function histogramIncrease(
  prev: Map<string, HistogramSeries> | undefined,
  cur: Map<string, HistogramSeries>,
  options: HistogramIncreaseOptions = {},
): HistogramIncrease {
  const byBound = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let series = 0;
  let resets = 0;
  const add = (buckets: readonly Bucket[], c: number, s: number): void => {
    for (const b of buckets) byBound.set(b.upperBound, (byBound.get(b.upperBound) ?? 0) + b.count);
    count += c;
    sum += s;
    series++;
  };
  for (const [key, h] of cur) {
    if (options.match && !options.match(h.labels)) continue;
    const infCount = h.buckets.length > 0 ? h.buckets[h.buckets.length - 1].count : 0;
    const whole = (): void => add(h.buckets, h.count ?? infCount, h.sum ?? 0);
    if (prev === undefined) {
      whole();
      continue;
    }
    const p = prev.get(key);
    if (p === undefined) {
      const bornSince = h.createdMs !== undefined && options.previousScrapeMs !== undefined && h.createdMs > options.previousScrapeMs;
      if (bornSince || options.absentMeansNew === true) whole();
      continue;
    }
    const before = new Map(p.buckets.map((b) => [b.upperBound, b.count]));
    const reset =
      options.restarted === true ||
      (p.createdMs !== undefined && h.createdMs !== undefined && p.createdMs !== h.createdMs) ||
      (p.count !== undefined && h.count !== undefined && h.count < p.count) ||
      h.buckets.some((b) => b.count < (before.get(b.upperBound) ?? 0));
    if (reset) {
      resets++;
      whole();
      continue;
    }
    const prevInf = p.buckets.length > 0 ? p.buckets[p.buckets.length - 1].count : 0;
    add(
      h.buckets.map((b) => ({ upperBound: b.upperBound, count: b.count - (before.get(b.upperBound) ?? 0) })),
      (h.count ?? infCount) - (p.count ?? prevInf),
      (h.sum ?? 0) - (p.sum ?? 0),
    );
  }
  const buckets = [...byBound].map(([upperBound, c]) => ({ upperBound, count: c })).sort((a, b) => a.upperBound - b.upperBound);
  return { buckets, count, sum, series, resets };
}
